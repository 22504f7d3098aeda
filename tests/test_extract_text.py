"""The parts of `geo extract` that need no language model: amounts in running text, markup."""

from __future__ import annotations

from geo.amount import find_amounts
from geo.extract.markup import read_article


def spans(text: str) -> list[tuple[str, str | None, float | None, float | None]]:
    return [(f.text, f.amount and f.amount.kind, f.amount and f.amount.min, f.amount and f.amount.max)
            for f in find_amounts(text)]


def test_amounts_are_found_with_their_qualifiers():
    text = ("Le 9 février, à la veille du sommet réunissant 1.500 personnes, un investissement compris "
            "entre 30 et 50 milliards d'euros ; Bpifrance, jusqu'à 10 milliards d'euros d'ici à 2029 ; "
            "Mistral AI, plusieurs milliards d’euros ; CAF, 50 millions ; Evroc, up to €4bn.")
    assert spans(text) == [
        ("entre 30 et 50 milliards d'euros", "range", 30e9, 50e9),
        ("jusqu'à 10 milliards d'euros", "up_to", None, 10e9),
        ("plusieurs milliards d’euros", "at_least", 2e9, None),
        ("50 millions", "exact", 50e6, 50e6),
        ("up to €4bn", "up_to", None, 4e9),
    ]


def test_head_counts_years_and_distances_are_not_amounts():
    assert spans("2 millions de visiteurs en 2025, 500 m du fleuve, 4 000 emplois, 1,4 GW, 30 %") == []


def test_a_year_before_an_amount_stays_apart():
    assert spans("d'ici 2029, 10 milliards") == [("10 milliards", "exact", 10e9, 10e9)]


def test_another_currency_is_found_in_its_currency():
    """Converted later, at the announcement's date (geo build), never silently here."""
    (found,) = find_amounts("a $500 million plant")
    assert found.text == "$500 million" and found.error is None
    assert (found.amount.currency, found.amount.min) == ("USD", 500e6)


def test_an_amount_the_parser_refuses_is_kept_with_the_reason():
    (found,) = find_amounts("plus de 2,500 millions d'euros pour l'usine")
    assert found.amount is None and "ambiguous" in found.error


def test_offsets_are_the_texts_even_with_accents_and_ligatures():
    text = "Œuvre: l’Élysée annonce 6,4 Md€ pour l’usine."
    (found,) = find_amounts(text)
    assert text[found.start:found.end] == "6,4 Md€" == found.text


def test_plain_text_keeps_its_offsets_and_its_header():
    raw = "date: 2025-02\ntitle: Essai\n\nPremier paragraphe.\nSuite.\n\nSecond."
    a = read_article(raw)
    assert a.text == raw and a.meta == {"date": "2025-02", "title": "Essai"}
    assert [a.text[s:e] for s, e in a.blocks] == ["Premier paragraphe.\nSuite.", "Second."]


def test_html_entities_scripts_and_menus():
    a = read_article("<nav>Menu €1</nav><p>A&nbsp;&euro;2bn <i>plant</i>.</p><script>x='€9bn'</script>",
                     "html")
    assert a.text == "A €2bn plant."


def test_markdown_front_matter_and_emphasis():
    a = read_article("---\ntitle: T\nlang: en\n---\n\n# Head\n\n**Evroc** will spend [€4bn](https://x.org).\n",
                     "markdown")
    assert a.meta == {"title": "T", "lang": "en"}
    assert a.text == "Head\n\nEvroc will spend €4bn."
