"""Amounts as journalists write them: every announced form reads right, every mistake says why."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.amount import KINDS, Amount, AmountError, format_amount, format_eur, parse_amount

B, M, K = 1e9, 1e6, 1e3


def bounds(text):
    a = parse_amount(text)
    return a.kind, a.min, a.max


# --- accepted forms -----------------------------------------------------------------------------


@pytest.mark.parametrize("text,value", [
    ("20 milliards d'euros", 20 * B),
    ("20 milliards d’euros", 20 * B),
    ("  20   MILLIARDS  d'Euros ", 20 * B),
    ("20 Md€", 20 * B),
    ("20 Mds €", 20 * B),
    ("20 Mrd €", 20 * B),
    ("109 milliards d'euros", 109 * B),
    ("400 millions d'euros", 400 * M),
    ("6,4 milliards d'euros", 6.4 * B),
    ("1,5 Md€", 1.5 * B),
    ("€1.5bn", 1.5 * B),
    ("€2b", 2 * B),
    ("EUR 450 million", 450 * M),
    ("EUR450m", 450 * M),
    ("10 MEUR", 10 * M),
    ("450 M€", 450 * M),
    ("450 millions €", 450 * M),
    ("€450m", 450 * M),
    ("1 milliard", 1 * B),
    ("un milliard d'euros", 1 * B),
    ("deux milliards", 2 * B),
    ("one billion euros", 1 * B),
    ("a billion euros", 1 * B),
    ("un milliard et demi d'euros", 1.5 * B),
    ("two and a half billion euros", 2.5 * B),
])
def test_exact_forms(text, value):
    assert bounds(text) == ("exact", value, value)


@pytest.mark.parametrize("text,value", [
    ("15 000 000 €", 15e6),
    ("15 000 000 euros", 15e6),
    ("15\u202f000\u202f000 €", 15e6),
    ("15\u00a0000\u00a0000 euros", 15e6),
    ("15'000'000 €", 15e6),
    ("€ 2,500,000", 2.5e6),
    ("2.500.000 €", 2.5e6),
    ("1.234,5 M€", 1234.5 * M),
    ("1,234.5m", 1234.5 * M),
    ("1 200 Md€", 1200 * B),
    ("2.5e9", 2.5e9),
    ("20000000000", 20 * B),
    ("0,250 Md€", 250 * M),
    ("750 k€", 750 * K),
    ("€750k", 750 * K),
    ("2 thousand euros", 2 * K),
    ("deux mille euros", 2 * K),
    ("1.2 trillion", 1.2e12),
    ("€1.23tn", 1.23e12),
])
def test_numbers_and_units(text, value):
    kind, lo, hi = bounds(text)
    assert kind == "exact" and math.isclose(lo, value) and lo == hi


@pytest.mark.parametrize("value", [20000000000, 2e10, 1500, 6.4e9])
def test_plain_numbers_are_exact_euros(value):
    a = parse_amount(value)
    assert (a.kind, a.min, a.max, a.text) == ("exact", float(value), float(value), str(value))


@pytest.mark.parametrize("text,lo,hi", [
    ("entre 30 et 50 milliards d'euros", 30 * B, 50 * B),
    ("de 30 à 50 milliards", 30 * B, 50 * B),
    ("30-50 Md€", 30 * B, 50 * B),
    ("30 – 50 Md€", 30 * B, 50 * B),
    ("30 à 50 Md€", 30 * B, 50 * B),
    ("€30–50bn", 30 * B, 50 * B),
    ("between 30 and 50 billion euros", 30 * B, 50 * B),
    ("between €30bn and €50bn", 30 * B, 50 * B),
    ("from €30bn to €50bn", 30 * B, 50 * B),
    ("entre 500 millions et 1 milliard d'euros", 500 * M, 1 * B),
    ("500 M€–1,2 Md€", 500 * M, 1.2 * B),
    ("€500m–€1.2bn", 500 * M, 1.2 * B),
    ("entre un et deux milliards", 1 * B, 2 * B),
])
def test_ranges(text, lo, hi):
    assert bounds(text) == ("range", lo, hi)


def test_a_range_with_equal_bounds_is_exact():
    assert bounds("entre 30 et 30 Md€") == ("exact", 30 * B, 30 * B)


@pytest.mark.parametrize("text,hi", [
    ("jusqu'à 10 milliards", 10 * B),
    ("jusqu’à 10 milliards d’euros", 10 * B),
    ("up to €10bn", 10 * B),
    ("at most €10bn", 10 * B),
    ("moins de 10 Md€", 10 * B),
    ("jusqu'à un milliard", 1 * B),
    ("10 Md€ maximum", 10 * B),
])
def test_up_to(text, hi):
    assert bounds(text) == ("up_to", None, hi)


@pytest.mark.parametrize("text,lo", [
    ("plus de 5 milliards", 5 * B),
    ("au moins 5 Md€", 5 * B),
    ("more than €5bn", 5 * B),
    ("at least 5 billion", 5 * B),
    ("over €5bn", 5 * B),
    ("plus d'un milliard d'euros", 1 * B),
    ("5 Md€ au moins", 5 * B),
    ("≥ 5 Md€", 5 * B),
    ("+ de 5 milliards", 5 * B),
    ("plusieurs milliards d'euros", 2 * B),
    ("plusieurs milliards d’euros", 2 * B),
    ("several billion euros", 2 * B),
    ("quelques millions", 2 * M),
    ("a few million euros", 2 * M),
    ("des milliards", 2 * B),
    ("plusieurs dizaines de milliards d'euros", 20 * B),
    ("tens of billions", 20 * B),
    ("plusieurs centaines de millions d'euros", 200 * M),
    ("hundreds of millions of euros", 200 * M),
])
def test_at_least(text, lo):
    assert bounds(text) == ("at_least", lo, None)


def test_several_keeps_the_original_text():
    a = parse_amount("plusieurs milliards d’euros")
    assert a.text == "plusieurs milliards d’euros"


@pytest.mark.parametrize("text", [
    "undisclosed", "not disclosed", "Non communiqué", "non divulgué", "montant non communiqué",
    "Montant : non communiqué", "inconnu", "n/a", "N.C.", "unknown", "amount not disclosed",
    "undisclosed amount", "confidentiel", "?",
])
def test_undisclosed(text):
    a = parse_amount(text)
    assert (a.kind, a.min, a.max, a.text) == ("undisclosed", None, None, text)
    assert a.low is None and a.high is None and a.sort_key == 0


@pytest.mark.parametrize("text,value", [
    ("environ 20 milliards", 20 * B),
    ("about €20bn", 20 * B),
    ("près de 5 milliards", 5 * B),
    ("nearly €5bn", 5 * B),
    ("~ 5 Md€", 5 * B),
    ("≈5 Md€", 5 * B),
    ("some €5bn", 5 * B),
    ("20 Md€ environ", 20 * B),
])
def test_approximations_are_their_own_kind(text, value):
    # Issue 14: an approximation is no longer silently read as an exact figure.
    assert bounds(text) == ("approx", value, value)


@pytest.mark.parametrize("text,value", [
    ("20 milliards d'euros d'ici 2029", 20 * B),
    ("20 milliards d’euros, d’ici à 2030", 20 * B),
    ("10 Md€ by 2030", 10 * B),
    ("10 Md€ en 2025", 10 * B),
    ("€10bn by the end of 2027", 10 * B),
    ("10 Md€ sur 5 ans", 10 * B),
    ("€10bn over five years", 10 * B),
    ("10 Md€ (2025-2030)", 10 * B),
    ("20 milliards d'euros.", 20 * B),
])
def test_approximations_and_date_clauses(text, value):
    assert bounds(text) == ("exact", value, value)


def test_date_clause_after_a_range():
    assert bounds("entre 30 et 50 milliards d'euros d'ici 2030") == ("range", 30 * B, 50 * B)


# --- failures -----------------------------------------------------------------------------------


def error(value) -> str:
    with pytest.raises(AmountError) as info:
        parse_amount(value)
    message = str(info.value)
    assert "non communiqué" in message and "20 milliards d'euros" in message  # examples given
    return message.lower()


@pytest.mark.parametrize("value,words", [
    ("", "empty"),
    ("   ", "empty"),
    ("beaucoup", "cannot read"),
    ("20 milliards d'euros d'investissement", "cannot read"),
    ("d'ici 2029", "cannot read"),
    ("-5 Md€", "negative"),
    ("−5 milliards", "negative"),
    (-5, "negative"),
    (-2.5e9, "negative"),
    ("0", "zero"),
    ("0 €", "zero"),
    (0, "zero"),
    (0.0, "zero"),
    ("NaN", "not a finite number"),
    ("Infinity", "not a finite number"),
    ("-inf", "not a finite number"),
    (float("nan"), "nan"),
    (float("inf"), "infinite"),
    (float("-inf"), "infinite"),
    (True, "yes/no"),
    (False, "yes/no"),
    (None, "expected text or a number"),
    ([1], "expected text or a number"),
    ("entre 50 et 30 milliards", "starts above where it ends"),
    ("5 Md€ à 7", "starts above where it ends"),
    ("1.234,5.6", "ambiguous"),
    ("1,234 Md€", "ambiguous"),
    ("2.500 €", "ambiguous"),
    ("1 5 Md€", "ambiguous"),
    ("2 billions d'euros", "ambiguous"),
    ("entre 1 et 2 billions", "ambiguous"),
    ("1,2 billion", "ambiguous"),
    ("5 milliards par an", "yearly"),
    ("€5bn a year", "yearly"),
    ("deux", "in words needs a unit"),
    ("0,5", "less than one euro"),
    ("1e20", "10^15"),
    (10**400, "too large"),
    ("9" * 301, "characters long"),
])
def test_failures_name_the_problem(value, words):
    assert words in error(value)


@pytest.mark.parametrize("text,code", [
    ("$2bn", "USD"), ("2 billion dollars", "USD"), ("£3bn", "GBP"), ("USD 5m", "USD"),
    ("US$ 5m", "USD"), ("5 M$", "USD"), ("CHF 300 millions", "CHF"), ("¥500bn", "JPY"),
])
def test_other_currencies_keep_their_currency(text, code):
    # Issue 14: other currencies are read (and converted later, at a dated rate), not refused.
    a = parse_amount(text)
    assert a.currency == code and a.kind == "exact" and not a.in_euros


def test_a_figure_with_its_euro_equivalent_in_brackets_keeps_the_euros():
    a = parse_amount("€2bn ($2.2bn)")
    assert (a.kind, a.min, a.currency) == ("exact", 2 * B, "EUR")


def test_error_is_a_value_error_and_keeps_the_bare_problem():
    with pytest.raises(ValueError) as info:
        parse_amount("beaucoup")
    assert info.value.problem == "cannot read 'beaucoup' as an amount in euros"


# --- the model ----------------------------------------------------------------------------------


@pytest.mark.parametrize("amount,low,high,key", [
    (Amount(20 * B, 20 * B, "exact", "20 Md€"), 20 * B, 20 * B, 20 * B),
    (Amount(30 * B, 50 * B, "range", ""), 30 * B, 50 * B, 50 * B),
    (Amount(2 * B, None, "at_least", ""), 2 * B, None, 2 * B),
    (Amount(None, 10 * B, "up_to", ""), 10 * B, 10 * B, 10 * B),
    (Amount(None, None, "undisclosed", ""), None, None, 0),
])
def test_low_high_sort_key(amount, low, high, key):
    assert (amount.low, amount.high, amount.sort_key) == (low, high, key)


def test_to_json_is_stable_with_integral_numbers():
    data = parse_amount("entre 30 et 50 milliards d'euros").to_json()
    assert list(data) == ["kind", "max", "min", "text"]
    assert json.dumps(data, sort_keys=True, ensure_ascii=False) == (
        '{"kind": "range", "max": 50000000000, "min": 30000000000, '
        '"text": "entre 30 et 50 milliards d\'euros"}')
    assert parse_amount("6,4 Md€").to_json()["min"] == 6400000000
    assert parse_amount("non communiqué").to_json() == {
        "kind": "undisclosed", "max": None, "min": None, "text": "non communiqué"}
    assert isinstance(Amount(1.5, 1.5, "exact", "1.5").to_json()["min"], float)


@pytest.mark.parametrize("data,words", [
    ("nope", "must be an object"),
    ({"kind": "huge", "min": 1, "max": 1, "text": ""}, "kind"),
    ({"kind": "exact", "min": 1, "max": 2, "text": ""}, "min == max"),
    ({"kind": "range", "min": 5, "max": 2, "text": ""}, "min <= max"),
    ({"kind": "up_to", "min": 5, "max": 20, "text": ""}, "up_to only max"),
    ({"kind": "at_least", "min": 5, "max": 20, "text": ""}, "at_least only min"),
    ({"kind": "undisclosed", "min": 5, "max": None, "text": ""}, "undisclosed neither"),
    ({"kind": "exact", "min": "5", "max": "5", "text": ""}, "must be a number"),
    ({"kind": "exact", "min": True, "max": True, "text": ""}, "must be a number"),
    ({"kind": "exact", "min": -5, "max": -5, "text": ""}, "positive finite"),
    ({"kind": "exact", "min": math.nan, "max": math.nan, "text": ""}, "positive finite"),
    ({"kind": "exact", "min": 5, "max": 5, "text": 5}, "text must be text"),
])
def test_from_json_validates(data, words):
    with pytest.raises(AmountError) as info:
        Amount.from_json(data)
    assert words in str(info.value)


def test_unknown_kind_is_refused_at_construction():
    with pytest.raises(AmountError):
        Amount(1.0, 1.0, "roughly", "")


# --- formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value,fr,en", [
    (20e9, "20 Md€", "€20bn"),
    (6.4e9, "6,4 Md€", "€6.4bn"),
    (109e9, "109 Md€", "€109bn"),
    (450e6, "450 M€", "€450m"),
    (1.5e9, "1,5 Md€", "€1.5bn"),
    (750e3, "750 k€", "€750k"),
    (2e3, "2 k€", "€2k"),
    (500, "500 €", "€500"),
    (6.4049e9, "6,4 Md€", "€6.4bn"),
    (6.456e9, "6,46 Md€", "€6.46bn"),
    (999.6e6, "1 Md€", "€1bn"),
    (1.234e12, "1 230 Md€", "€1.23tn"),
    (0, "0 €", "€0"),
])
def test_format_eur(value, fr, en):
    assert format_eur(value, "fr") == fr
    assert format_eur(value) == fr
    assert format_eur(value, "en") == en


@pytest.mark.parametrize("amount,fr,en", [
    (Amount(20 * B, 20 * B, "exact", ""), "20 Md€", "€20bn"),
    (Amount(30 * B, 50 * B, "range", ""), "30–50 Md€", "€30–50bn"),
    (Amount(500 * M, 1.2 * B, "range", ""), "500 M€–1,2 Md€", "€500m–€1.2bn"),
    (Amount(2 * B, None, "at_least", ""), "au moins 2 Md€", "at least €2bn"),
    (Amount(None, 10 * B, "up_to", ""), "jusqu'à 10 Md€", "up to €10bn"),
    (Amount(None, None, "undisclosed", ""), "montant non communiqué", "amount not disclosed"),
])
def test_format_amount(amount, fr, en):
    assert format_amount(amount) == fr
    assert format_amount(amount, "fr") == fr
    assert format_amount(amount, "en") == en


def test_format_rejects_unknown_languages():
    with pytest.raises(ValueError, match="unsupported language"):
        format_eur(1e9, "de")


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parser_only_ever_raises_amount_error(text):
    try:
        a = parse_amount(text)
    except AmountError:
        return
    assert a.kind in KINDS
    for bound in (a.min, a.max):
        assert bound is None or (math.isfinite(bound) and bound > 0)


_WORDS = ["entre", "et", "de", "à", "milliards", "Md€", "M€", "k€", "€", "bn", "billion", "-",
          "–", "plus", "moins", "au", "jusqu'à", "up", "to", "d'euros", "plusieurs", "environ",
          "d'ici", "2029", ",", ".", "5", "30", "1,5", "2.500", "000", "$", "non", "communiqué",
          "nan", "0", "e9", "~", "≥", "(", ")", "ans", "sur"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=8), st.sampled_from([" ", "", "\u202f"]))
def test_parser_only_ever_raises_amount_error_on_near_misses(words, sep):
    try:
        a = parse_amount(sep.join(words))
    except AmountError:
        return
    assert a.kind in KINDS


# floats with at most 3 significant digits, 1e3 … 9.99e12
_values = st.builds(lambda m, e: float(f"{m}e{e}"), st.integers(100, 999), st.integers(1, 10))


@st.composite
def _amounts(draw) -> Amount:
    kind = draw(st.sampled_from(["exact", "range", "at_least", "up_to"]))
    if kind == "range":
        lo, hi = sorted(draw(st.lists(_values, min_size=2, max_size=2, unique=True)))
        return Amount(lo, hi, kind, "")
    v = draw(_values)
    return {"exact": Amount(v, v, kind, ""), "at_least": Amount(v, None, kind, ""),
            "up_to": Amount(None, v, kind, "")}[kind]


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (
        a is not None and b is not None and math.isclose(a, b, rel_tol=0.005))


@settings(max_examples=300, deadline=None)
@given(_amounts(), st.sampled_from(["fr", "en"]))
def test_format_then_parse_round_trips(amount, lang):
    label = format_amount(amount, lang)
    back = parse_amount(label)
    assert back.kind == amount.kind, label
    assert _close(back.min, amount.min) and _close(back.max, amount.max), label
    assert back.text == label


@settings(max_examples=300, deadline=None)
@given(_amounts(), st.text(max_size=20))
def test_json_round_trips(amount, text):
    amount = Amount(amount.min, amount.max, amount.kind, text)
    data = json.loads(json.dumps(amount.to_json()))
    assert Amount.from_json(data) == amount


@settings(max_examples=200, deadline=None)
@given(_values, st.sampled_from(["fr", "en"]))
def test_format_eur_keeps_three_significant_digits(value, lang):
    back = parse_amount(format_eur(value, lang))
    assert back.kind == "exact" and math.isclose(back.min, value, rel_tol=0.005)
