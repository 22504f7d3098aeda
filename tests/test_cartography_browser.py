"""Cartography in real Chromium, on a fixture with every amount kind and every precision."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest
from helpers import geo

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).parent / "fixtures" / "all_kinds.geojson"
R_MAX, V_MAX = 40.0, 20e9  # the default r_max; the largest bound in the fixture


def expected_r(value: float) -> float:
    """The sqrt law, written independently of geo.symbology."""
    return R_MAX * math.sqrt(value / V_MAX)


@pytest.fixture(scope="module")
def maps(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("kinds")
    (work / "data").mkdir()
    shutil.copy(FIXTURE, work / "data" / "sites.geojson")
    geo("build", cwd=work)
    geo("render", "--lang", "en", "--out", "output/map-en.html", cwd=work)
    return {"fr": work / "output" / "map.html", "en": work / "output" / "map-en.html"}


def measure(page) -> dict[str, dict]:
    return page.evaluate("""() => {
      const out = {};
      document.querySelectorAll('.geo-symbol[data-site]').forEach(el => {
        const r = sel => { const c = el.querySelector(sel); return c ? c.getBoundingClientRect().width / 2 : null; };
        out[el.dataset.site] = {disc: r('circle.geo-disc'), range: r('circle.geo-ring-range'),
          atLeast: r('circle.geo-ring-at-least'), upTo: r('circle.geo-ring-up-to'),
          undisclosed: r('circle.geo-undisclosed'), q: !!el.querySelector('text.geo-q'),
          dashed: (el.querySelector('circle.geo-disc') || {getAttribute: () => null}).getAttribute('stroke-dasharray'),
          label: el.getAttribute('aria-label') || ''};
      });
      return out;
    }""")


def open_ready(open_map, path, **kw):
    page, report = open_map(path, **kw)
    page.wait_for_selector("[data-geo-ready]")
    return page, report


def test_radii_follow_the_square_root_law(open_map, maps):
    page, report = open_ready(open_map, maps["fr"])
    m = measure(page)
    assert abs(m["exact-commune"]["disc"] - expected_r(20e9)) <= 1
    assert abs(m["range-commune"]["disc"] - expected_r(3e9)) <= 1
    assert abs(m["range-commune"]["range"] - expected_r(5e9)) <= 1  # the ring at the high bound
    assert abs(m["at-least-department"]["disc"] - expected_r(2e9)) <= 1
    assert m["at-least-department"]["atLeast"] > m["at-least-department"]["disc"]  # the "more" cue
    assert abs(m["up-to-region"]["upTo"] - expected_r(8e9)) <= 1 and m["up-to-region"]["disc"] is None
    assert abs(m["point"]["disc"] - expected_r(1.5e9)) <= 1
    assert abs(m["world-city"]["disc"] - expected_r(2e9)) <= 1
    assert report.unexpected_console_errors() == [] and report.page_errors == []


def test_undisclosed_amount_is_its_own_symbol_not_the_smallest_circle(open_map, maps):
    page, _ = open_ready(open_map, maps["fr"])
    m = measure(page)["undisclosed-amount"]
    assert m["disc"] is None and m["q"] and m["undisclosed"] > 0
    assert "montant non communiqué" in m["label"]


def test_imprecise_places_are_areas_not_points(open_map, maps):
    page, _ = open_ready(open_map, maps["fr"])
    assert page.locator("path.geo-area-department-91").count() == 1
    assert page.locator("path.geo-area-region-53").count() == 1
    m = measure(page)
    assert m["at-least-department"]["dashed"] not in (None, "none")  # hollow/dashed symbol
    assert m["exact-commune"]["dashed"] == "none"
    assert "quelque part dans le département : Essonne" in m["at-least-department"]["label"]
    side = page.locator("#geo-side .geo-unlocated")
    assert "Country only" in side.inner_text() and "No location" in side.inner_text()
    assert not {"country", "no-location"} & set(m)


def test_large_symbols_are_drawn_under_small_ones(open_map, maps):
    page, _ = open_ready(open_map, maps["fr"])
    # One SVG: what comes later in it is painted on top.
    order = page.evaluate("""() => [...document.querySelectorAll('.geo-symbol[data-site]')]
        .map(el => el.dataset.site)""")
    assert order.index("exact-commune") < order.index("range-commune") < order.index("point")
    # And the big one really is under: where both overlap, the small one is what is hit.
    hit = page.evaluate("""() => {
      const small = document.querySelector('.geo-symbol[data-site="point"] circle').getBoundingClientRect();
      const el = document.elementFromPoint(small.x + small.width / 2, small.y + small.height / 2);
      return el && el.closest('.geo-symbol') && el.closest('.geo-symbol').dataset.site;
    }""")
    assert hit == "point"


@pytest.mark.parametrize("lang,expected", [
    ("fr", ["Légende", "Fourchette", "Au moins", "Jusqu'à", "Montant non communiqué",
            "Lieu connu au département", "Pays de l'investisseur", "Canada", "Allemagne", "20 Md€"]),
    ("en", ["Legend", "Range", "At least", "Up to", "Amount not disclosed", "department or region",
            "Investor's country", "Canada", "Germany", "€20bn"]),
])
def test_legend_entries_in_both_languages(open_map, maps, lang, expected):
    page, _ = open_ready(open_map, maps[lang])
    legend = page.locator(".geo-legend").inner_text()
    for text in expected:
        assert text in legend, f"{text!r} missing from the {lang} legend"
    assert page.locator(".geo-legend circle.geo-legend-circle").count() == 3
    entries = page.evaluate("() => [...document.querySelectorAll('[data-entry]')].map(e => e.dataset.entry)")
    assert entries == ["range", "at_least", "up_to", "undisclosed", "area"]


def test_totals_add_up(open_map, maps):
    page, _ = open_ready(open_map, maps["fr"])
    totals = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('[data-total]')]
        .map(e => [e.dataset.total, e.textContent]))""")
    # mapped: 20 + 3..5 + >=2 + up to 8 + ? + 1.5 + 2 -> at least 28.5 (open: "at least", undisclosed)
    assert totals["mapped"].startswith("au moins 28,5 Md€") and "7 sites" in totals["mapped"]
    assert totals["unlocated"].startswith("10,4 Md€")
    assert totals["listed"].startswith("au moins 38,9 Md€")
    assert totals["share"] == "au moins 39 %"
    assert totals["headline"].startswith("100 Md€")


def test_popup_has_every_field_and_safe_links(open_map, maps):
    page, _ = open_ready(open_map, maps["en"])
    page.locator(".geo-symbol[data-site='exact-commune'] circle.geo-disc").click()
    popup = page.locator(".leaflet-popup-content:has([data-site='exact-commune'])")
    popup.wait_for()
    text = popup.inner_text()
    for part in ("Exact commune", "A (Canada)", "€20bn", "20 milliards d'euros", "Cambrai", "Source A", "Pub A"):
        assert part in text
    link = popup.locator("a")
    assert link.get_attribute("href") == "https://example.org/a"
    assert link.get_attribute("target") == "_blank" and "noopener" in link.get_attribute("rel")


def test_keyboard_reaches_every_symbol(open_map, maps):
    page, _ = open_ready(open_map, maps["fr"])
    n = page.locator(".geo-symbol[data-site]").count()
    seen = set()
    for _ in range(n + 12):
        page.keyboard.press("Tab")
        site = page.evaluate("() => document.activeElement && document.activeElement.dataset.site")
        if site:
            seen.add(site)
    assert len(seen) == n
    page.locator(".geo-symbol[data-site='point']").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(".leaflet-popup-content [data-site='point']")


POSITIONS = """() => {
  const map = window.map_geo, box = map.getContainer().getBoundingClientRect(), out = {};
  document.querySelectorAll('.geo-symbol[data-site]').forEach(el => {
    const c = el.querySelector('circle').getBoundingClientRect();
    const site = window.geoTestSites[el.dataset.site];
    const p = map.latLngToContainerPoint([site.lat, site.lon]);
    out[el.dataset.site] = [c.x + c.width / 2 - box.x - p.x, c.y + c.height / 2 - box.y - p.y];
  });
  return out;
}"""


def test_symbols_stay_on_their_places_through_zoom_and_pan(open_map, maps):
    page, report = open_ready(open_map, maps["fr"])
    # The places as the page decoded them from its columns (geoMapApi.sites, built once drawn).
    page.evaluate("""() => { window.geoTestSites = {};
      window.geoMapApi.sites.forEach(s => { window.geoTestSites[s.id] = s; }); }""")

    def offsets():
        page.wait_for_timeout(400)  # let any zoom animation end
        found = page.evaluate(POSITIONS)
        assert len(found) >= 5
        return max(max(abs(dx), abs(dy)) for dx, dy in found.values())

    assert offsets() <= 1
    page.evaluate("() => window.map_geo.setZoom(window.map_geo.getZoom() + 2)")  # animated
    assert offsets() <= 1
    page.evaluate("() => window.map_geo.panBy([180, -120], {animate: false})")
    assert offsets() <= 1
    page.mouse.wheel(0, 400)  # zoom out with the mouse, as a reader would
    assert offsets() <= 1
    assert report.page_errors == []
