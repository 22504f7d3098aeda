"""Right-to-left text from the data stays where it is: isolated in every place it is inserted.

A right-to-left override (U+202E) left open in a site name used to spill into the text that
follows it: the tooltip and the accessible name showed "1,5 Md€" as "€dM 5,1". Each test
measures, in real Chromium, where the characters of the amount are drawn: "1" must stay to
the left of "€".
"""

from __future__ import annotations

import json

import pytest
from helpers import geo

pytestmark = pytest.mark.browser

RLO = "\u202e"
NAME = f"{RLO}Usine évil"  # an override that is never closed (no U+202C)
AMOUNT = "1,5 Md€"

#: Where "1" and "€" of the first "1,5 Md€" inside `root` are drawn (x of their boxes).
MEASURE = """([root, needle]) => {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const box = i => { const r = document.createRange(); r.setStart(node, at + i); r.setEnd(node, at + i + 1);
                       return r.getBoundingClientRect().left; };
    return {one: box(0), euro: box(needle.length - 1)};
  }
  return null;
}"""

#: An attribute's text laid out as a screen reader's braille display or an accessibility
#: inspector would show it: in a left-to-right box of its own.
LAY_OUT = """(text) => {
  const box = document.createElement('div');
  box.dir = 'ltr'; box.style.cssText = 'position:absolute;top:0;left:0;white-space:nowrap;font:16px sans-serif';
  box.textContent = text;
  document.body.appendChild(box);
  return box;
}"""


def in_order(page, root_handle) -> bool:
    found = page.evaluate(MEASURE, [root_handle, AMOUNT])
    assert found is not None, f"{AMOUNT!r} is not in the element"
    return found["one"] < found["euro"]


@pytest.fixture(scope="module")
def rtl_map(tmp_path_factory):
    work = tmp_path_factory.mktemp("bidi")
    (work / "data").mkdir()
    features = [
        {"type": "Feature", "geometry": None,
         "properties": {"name": NAME, "investor": f"{RLO}ACME", "place": "Dunkerque",
                        "amount": AMOUNT, "notes": f"{RLO}note",
                        "sources": [{"url": "https://example.org/a", "title": f"{RLO}Titre",
                                     "publisher": f"{RLO}Journal"}]}},
        {"type": "Feature", "geometry": None,
         "properties": {"name": f"{RLO}Campus", "place": "France", "amount": AMOUNT}},
    ]
    (work / "data" / "sites.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "settings": {"title": f"{RLO}Carte"},
                    "features": features}, ensure_ascii=False), "utf-8")
    geo("build", "--offline", cwd=work)
    return work / "output" / "map.html"


def test_the_tooltip_and_the_accessible_name_keep_the_amount_in_order(open_map, rtl_map):
    page, report = open_map(rtl_map)
    page.wait_for_selector("[data-geo-ready]")
    symbol = page.locator(".geo-symbol[data-site]").first
    symbol.hover()
    tooltip = page.wait_for_selector(".leaflet-tooltip [data-site]")
    assert "Usine" in tooltip.inner_text() and AMOUNT in tooltip.inner_text()
    assert in_order(page, tooltip)

    label = symbol.get_attribute("aria-label")
    assert "Usine" in label and AMOUNT in label
    assert in_order(page, page.evaluate_handle(LAY_OUT, label))
    assert report.page_errors == []


def test_the_popup_the_side_panel_and_the_table_keep_the_amount_in_order(open_map, rtl_map):
    page, _ = open_map(rtl_map)
    page.wait_for_selector("[data-geo-ready]")
    page.locator(".geo-symbol[data-site]").first.click()
    popup = page.wait_for_selector(".leaflet-popup .geo-popup")
    assert in_order(page, popup)

    summary = page.locator(".geo-unlocated-item summary").first
    assert in_order(page, summary.element_handle())
    label = summary.get_attribute("aria-label")  # else its name is its text, checked above
    if label is not None:
        assert in_order(page, page.evaluate_handle(LAY_OUT, label))

    page.locator("#geo-table summary").click()
    row = page.locator("#geo-table tbody tr").first
    assert in_order(page, row.element_handle())
    # The names themselves are isolated: the override stays inside their own element.
    assert page.locator("#geo-table tbody th bdi").count() == 2
    assert page.locator("header h1 bdi").count() == 1
