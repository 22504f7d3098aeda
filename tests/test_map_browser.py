"""The seed map in real Chromium: what a reader sees and can click."""

from __future__ import annotations

import math

import pytest
from helpers import geo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory):
    import shutil

    from helpers import REPO_ROOT

    work = tmp_path_factory.mktemp("seedmap")
    shutil.copytree(REPO_ROOT / "data", work / "data")
    geo("build", cwd=work)
    return work / "output" / "map.html"


def symbol_radii(page) -> dict[str, dict]:
    return page.evaluate("""() => {
      const out = {};
      document.querySelectorAll('.geo-symbol[data-site]').forEach(el => {
        const get = sel => { const c = el.querySelector(sel); return c ? c.getBoundingClientRect().width / 2 : null; };
        out[el.dataset.site] = {disc: get('circle.geo-disc'), ring: get('circle.geo-ring'),
                                label: el.getAttribute('aria-label'), tab: el.tabIndex};
      });
      return out;
    }""")


def test_one_symbol_per_located_site_with_area_true_sizes(open_map, seed_map):
    page, report = open_map(seed_map)
    page.wait_for_selector("[data-geo-ready]")
    radii = symbol_radii(page)
    assert set(radii) == {"mistral-ai-essonne", "brookfield-asset-management-cambrai-nord"}
    mistral = radii["mistral-ai-essonne"]
    # Areas on the legend's scale: the "at least 2 bn" disc is the legend's 2 Md€ circle
    # (an SVG element's client rect is its geometry, without the stroke).
    legend = page.evaluate("""() => Array.from(document.querySelectorAll('circle.geo-legend-circle'))
      .map(c => [+c.dataset.value, c.getBoundingClientRect().width / 2])""")
    two = next(r for v, r in legend if v == 2e9)
    assert math.isclose(mistral["disc"], two, rel_tol=0.03)
    assert mistral["ring"] is not None  # the "at least" cue
    # Cambrai's share of Brookfield's programme is not disclosed: the neutral "?" symbol,
    # never the smallest circle.
    cambrai = page.locator(".geo-symbol[data-site='brookfield-asset-management-cambrai-nord']")
    assert cambrai.locator("circle.geo-undisclosed").count() == 1
    assert cambrai.locator("text").text_content() == "?"
    assert all(r["tab"] == 0 and r["label"] for r in radii.values())
    assert report.unexpected_console_errors() == [] and report.page_errors == []


def test_legend_unlocated_panel_and_department_outline(open_map, seed_map):
    page, _ = open_map(seed_map)
    page.wait_for_selector("[data-geo-ready]")
    legend = page.locator(".geo-legend")
    assert legend.is_visible()
    assert legend.locator("circle.geo-legend-circle").count() == 3
    assert "Md€" in legend.inner_text()
    unlocated = page.locator(".geo-unlocated").inner_text()
    assert "Émirats arabes unis" in unlocated or "Campus IA" in unlocated
    assert "Fluidstack" in unlocated and "30–50 Md€" in unlocated
    assert page.locator("path.geo-area-department-91").count() == 1
    assert page.locator(".geo-symbol[data-site*='emirats'], .geo-symbol[data-site*='fluidstack']").count() == 0


def test_click_and_keyboard_open_the_right_popup(open_map, seed_map):
    page, _ = open_map(seed_map)
    page.wait_for_selector("[data-geo-ready]")
    page.locator(".geo-symbol[data-site='brookfield-asset-management-cambrai-nord'] circle.geo-undisclosed").click()
    popup = page.locator(".leaflet-popup-content:has([data-site='brookfield-asset-management-cambrai-nord'])")
    popup.wait_for()
    text = popup.inner_text()
    assert "Data center de Brookfield à Cambrai" in text
    assert "montant non communiqué" in text and "non communiqué" in text
    assert "Fait partie de « Programme d'investissement de Brookfield en France » (20 Md€)" in text
    assert "Cambrai" in text and "Article de presse" in text
    page.keyboard.press("Escape")
    page.locator(".geo-symbol[data-site='mistral-ai-essonne']").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.leaflet-popup-content [data-site=\"mistral-ai-essonne\"]')")
    mistral = page.locator(".leaflet-popup-content:has([data-site='mistral-ai-essonne'])")
    assert "département" in mistral.inner_text() and "au moins 2 Md€" in mistral.inner_text()
