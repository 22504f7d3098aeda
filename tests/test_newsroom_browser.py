"""What a reader sees of issue 14 in a real Chromium, at the widths readers use: the draft's
"À vérifier" panel, the cue and legend of an approximate amount, a conversion and a
programme in the popup, the "nouveau" badge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import geo

BASE = {"type": "Feature", "geometry": None}


def site(**props) -> dict:
    return {**BASE, "properties": props}


@pytest.fixture(scope="module")
def draft_map(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("draft")
    (folder / "data").mkdir()
    data = {"type": "FeatureCollection",
            "settings": {"title": "Annonces 2025", "lang": "fr", "highlight_since": "2025-05-01"},
            "features": [
                {**BASE, "id": "ferrero-normandie", "properties": {
                    "name": "Investissements de Ferrero en Normandie", "investor": "Ferrero",
                    "investor_country": "IT", "place": "Seine-Maritime", "amount": "95 millions d'euros",
                    "date": "2025-05-19"}},
                site(name="Entrepôt Ferrero de Cléon", investor="Ferrero", investor_country="IT",
                     place="Cléon", amount="33 millions d'euros", date="2025-05-19",
                     part_of="ferrero-normandie"),
                site(name="Centre de calcul d'Eclairion", investor="Eclairion", investor_country="FR",
                     place="Bessé-sur-Braye (Sarthe)", amount="environ 600 millions d'euros",
                     date="2025-02-07"),
                site(name="Usine américaine", investor="ACME", investor_country="US", place="Lyon",
                     amount="5 milliards de dollars", date="2025-05-12"),
                site(name="Supercalculateur à Rovaltain", investor="Sesterce", investor_country="FR",
                     place="Rovaltain-sur-Rhône", amount="450 millions d'euros"),
            ]}
    (folder / "data" / "sites.geojson").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = geo("build", "--offline", cwd=folder, check=False)
    assert result.returncode == 1 and "DRAFT" in result.stdout
    return folder / "output" / "map.html"


@pytest.mark.parametrize("width,height", [(360, 740), (768, 1024), (1280, 800), (1920, 1080)])
def test_a_draft_says_so_and_lists_what_to_fix(open_map, draft_map, width, height):
    page, report = open_map(draft_map, width=width, height=height)
    page.wait_for_selector("[data-geo-ready]")
    banner = page.locator(".geo-draft")
    assert banner.is_visible() and "Brouillon : 1 site à vérifier" in banner.inner_text()
    panel = page.locator(".geo-to-check")
    panel.scroll_into_view_if_needed()
    assert panel.is_visible()
    text = panel.inner_text()
    assert "À vérifier (1)" in text and "#5 Supercalculateur à Rovaltain" in text
    assert "Rovaltain-sur-Rhône" in text and "place" in text and "48.59, 2.19" in text  # what to type
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1  # never off screen
    # The site to check is not drawn; the four others are.
    assert page.locator(".geo-symbol[data-site]").count() + page.locator(".geo-unlocated-item").count() == 4
    assert report.unexpected_console_errors() == [] and report.page_errors == []


def test_approx_cue_legend_conversion_programme_and_badge(open_map, draft_map):
    page, _ = open_map(draft_map, width=1280, height=800)
    page.wait_for_selector("[data-geo-ready]")
    approx = page.locator(".geo-symbol.geo-kind-approx circle.geo-approx")
    assert approx.count() == 1 and approx.get_attribute("stroke-dasharray") == "1 2.5"
    legend = page.locator(".geo-legend-entry[data-entry='approx']")
    assert legend.count() == 1 and "≈ 4 Md€ : montant approché" in legend.inner_text()
    assert legend.locator("circle.geo-approx").count() == 1  # the legend draws the same cue

    ids = page.evaluate("() => Array.from(document.querySelectorAll('.geo-symbol[data-site]'))"
                        ".map(e => e.dataset.site)")
    usine = next(i for i in ids if i.startswith("acme"))
    page.locator(f".geo-symbol[data-site='{usine}']").focus()
    page.keyboard.press("Enter")
    popup = page.locator(f".leaflet-popup-content:has([data-site='{usine}'])")
    popup.wait_for()
    text = popup.inner_text()
    assert "5 Md$ (≈ 4,5 Md€ au taux BCE du 2025-05-12)" in text
    assert "nouveau" in text.lower()  # announced after settings.highlight_since
    page.keyboard.press("Escape")

    cleon = next(i for i in ids if "cleon" in i)
    page.locator(f".geo-symbol[data-site='{cleon}']").focus()
    page.keyboard.press("Enter")
    popup = page.locator(f".leaflet-popup-content:has([data-site='{cleon}'])")
    popup.wait_for()
    assert "Fait partie de « Investissements de Ferrero en Normandie » (95 M€)" in popup.inner_text()

    eclairion = next(i for i in ids if "eclairion" in i)
    page.locator(f".geo-symbol[data-site='{eclairion}']").focus()
    page.keyboard.press("Enter")
    popup = page.locator(f".leaflet-popup-content:has([data-site='{eclairion}'])")
    popup.wait_for()
    assert "≈ 600 M€" in popup.inner_text() and "nouveau" not in popup.inner_text().lower()
    # The table (for readers without JavaScript) has the badge and the conversion too.
    assert "5 Md$ (≈ 4,5 Md€ au taux BCE du 2025-05-12)" in page.locator("#geo-table").inner_html()
    assert page.locator("#geo-table .geo-new").count() == 3  # Ferrero, Cléon, ACME: since May
