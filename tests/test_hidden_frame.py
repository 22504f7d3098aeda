"""A map embedded where the reader cannot see it yet: a closed tab, accordion or slide of the
article (`display: none` on the frame's parent), shown later; or a frame squeezed to nothing
for a moment (a collapsing column, a full-page capture).

The frame then has no size when the map starts, or for a while. Fitting a box of 0 pixels
gave Leaflet a zoom of NaN, which every later step inherited: once shown, the map had no
symbols (radius 0), the legend's circles collapsed and an inset threw "Invalid LatLng object:
(NaN, NaN)". Shown, the map must be the one a reader gets when it is visible from the start.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import geo

pytestmark = pytest.mark.browser

CROWDED = Path(__file__).parent / "fixtures" / "crowded_paris.geojson"  # has an inset

HOST = """<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Article</title></head>
<body style="margin:0"><p>Un article, avec la carte dans un onglet fermé.</p>
<div id="tab" style="display:none"><iframe id="frame" src="map.html" title="Carte"
style="display:block;width:100%;height:{height}px;border:0"></iframe></div></body></html>
"""

STATE = """() => {
  const map = window.map_geo, c = map.getCenter();
  const radius = el => el ? +el.getBoundingClientRect().width.toFixed(1) : null;
  const sizes = sel => [...document.querySelectorAll(sel)].map(g => radius(g.querySelector('circle, path')));
  return {
    ready: document.documentElement.dataset.geoReady === "1",
    zoom: +map.getZoom().toFixed(2), lat: +c.lat.toFixed(2), lng: +c.lng.toFixed(2),
    symbols: sizes('.geo-symbol'),
    legend: [...document.querySelectorAll('.geo-legend .geo-legend-circle')]
      .map(c => +(+c.getAttribute('r')).toFixed(1)),
    insets: sizes('.geo-inset .geo-symbol'),
  };
}"""


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("hidden")
    (work / "data").mkdir()
    shutil.copy(CROWDED, work / "data" / "sites.geojson")
    geo("build", "--offline", "--out", "map.html", cwd=work)
    return work


def frame_state(page) -> dict:
    frame = page.frame_locator("#frame").locator("html")
    frame.wait_for(state="attached")
    return page.frames[1].evaluate(STATE)


@pytest.mark.parametrize("width, height", [(360, 740), (1280, 800)])
def test_a_map_shown_after_loading_hidden_is_the_map_a_reader_gets_when_it_is_visible(
        open_map, article, width, height):
    frame_height = height - 40
    (article / f"host-{width}.html").write_text(HOST.replace("{height}", str(frame_height)), "utf-8")
    (article / f"visible-{width}.html").write_text(
        HOST.replace("{height}", str(frame_height)).replace("display:none", "display:block"), "utf-8")

    page, report = open_map(article / f"visible-{width}.html", width=width, height=height)
    page.frames[1].wait_for_selector("[data-geo-ready]")
    page.wait_for_timeout(500)
    visible = frame_state(page)
    assert visible["symbols"] and min(visible["symbols"]) > 1

    page, report = open_map(article / f"host-{width}.html", width=width, height=height)
    page.frames[1].wait_for_selector("[data-geo-ready]", state="attached")
    page.wait_for_timeout(500)
    page.evaluate("document.getElementById('tab').style.display = 'block'")  # the reader opens the tab
    page.wait_for_timeout(800)
    shown = frame_state(page)
    assert report.page_errors == []
    assert shown["ready"]
    assert shown["zoom"] == pytest.approx(visible["zoom"], abs=0.05)
    assert (shown["lat"], shown["lng"]) == pytest.approx((visible["lat"], visible["lng"]), abs=0.05)
    assert shown["symbols"] == pytest.approx(visible["symbols"], abs=0.5)  # the same sizes, not 0
    assert shown["legend"] == pytest.approx(visible["legend"], abs=0.5)
    assert shown["insets"] == pytest.approx(visible["insets"], abs=0.5)


def test_a_frame_squeezed_to_nothing_for_a_moment_comes_back_whole(open_map, article):
    (article / "squeeze.html").write_text(
        HOST.replace("{height}", "760").replace("display:none", "display:block"), "utf-8")
    page, report = open_map(article / "squeeze.html", width=1280, height=800)
    page.frames[1].wait_for_selector("[data-geo-ready]")
    page.wait_for_timeout(500)
    before = frame_state(page)
    page.evaluate("document.getElementById('frame').style.width = '1px'")
    page.wait_for_timeout(500)
    page.evaluate("document.getElementById('frame').style.width = '100%'")
    page.wait_for_timeout(800)
    after = frame_state(page)
    assert report.page_errors == []
    assert after["symbols"] == pytest.approx(before["symbols"], abs=0.5)
    assert after["legend"] == pytest.approx(before["legend"], abs=0.5)
    assert after["insets"] == pytest.approx(before["insets"], abs=0.5)
    assert after["zoom"] == pytest.approx(before["zoom"], abs=0.05)
