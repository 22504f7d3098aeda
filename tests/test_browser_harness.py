"""Tests of the browser harness itself (tests/browser.py + conftest fixtures)."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.render.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL, LEAFLET_VERSION

pytestmark = pytest.mark.browser

TILE_URL = "https://a.tile.openstreetmap.org/0/0/0.png"

CIRCLE_PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="{LEAFLET_CSS_URL}">
<script src="{LEAFLET_JS_URL}"></script>
<style>html, body, #map {{ margin: 0; width: 100%; height: 100%; }}</style>
</head><body><div id="map"></div>
<script>
  var map = L.map("map", {{center: [20, 0], zoom: 2}});
  L.circleMarker([20, 0], {{radius: 10}}).addTo(map);
</script></body></html>
"""


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def test_cdn_leaflet_is_served_locally_and_draws(open_map, tmp_path):
    page, report = open_map(write(tmp_path, "circle.html", CIRCLE_PAGE), width=600, height=400)

    assert page.evaluate("window.L && window.L.version") == LEAFLET_VERSION == "1.9.3"
    paths = page.locator("svg path.leaflet-interactive")
    assert paths.count() == 1
    # SVG bounding box (geometry only): the diameter, 2 * radius
    bbox = paths.first.evaluate("p => { const b = p.getBBox(); return [b.width, b.height]; }")
    assert abs(bbox[0] - 20) <= 1.5 and abs(bbox[1] - 20) <= 1.5, bbox
    # on-screen box includes the stroke (Leaflet's default weight 3: 1.5 px each side)
    box = paths.first.bounding_box()
    assert box is not None
    assert abs(box["width"] - 23) <= 1.5 and abs(box["height"] - 23) <= 1.5, box

    assert LEAFLET_JS_URL in report.requests and LEAFLET_JS_URL in report.served
    assert LEAFLET_CSS_URL in report.served
    assert report.aborted == []
    assert report.errors == []
    # the stylesheet really applied (leaflet.css sets the container's overflow)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.leaflet-container')).overflow")
        == "hidden"
    )


def test_other_requests_are_aborted_and_recorded(open_map, tmp_path):
    html = f"""<!doctype html><body>
    <img id="tile" src="{TILE_URL}">
    <script>fetch("https://example.com/data.json").catch(() => {{ window.fetchFailed = true; }});
    </script></body>"""
    page, report = open_map(write(tmp_path, "tile.html", html))
    page.wait_for_function("window.fetchFailed === true")

    assert TILE_URL in report.requests and TILE_URL in report.aborted
    assert "https://example.com/data.json" in report.aborted
    assert report.served == []
    assert page.evaluate("document.getElementById('tile').naturalWidth") == 0
    assert report.page_errors == []
    assert report.unexpected_console_errors() == []


def test_serve_leaflet_false_aborts_the_cdn(open_map, tmp_path):
    page, report = open_map(write(tmp_path, "circle.html", CIRCLE_PAGE), serve_leaflet=False)

    assert page.evaluate("typeof window.L") == "undefined"
    assert LEAFLET_JS_URL in report.aborted and report.served == []
    assert any("L is not defined" in e for e in report.page_errors), report.page_errors


def test_console_errors_and_uncaught_exceptions_are_reported(open_map, tmp_path):
    html = """<!doctype html><body><script>
    console.error('x');
    console.log('not an error');
    throw new Error('boom');
    </script></body>"""
    _page, report = open_map(write(tmp_path, "errors.html", html))

    assert report.console_errors == ["x"]
    assert len(report.page_errors) == 1 and "boom" in report.page_errors[0]
    assert report.requests == []


def test_folium_map_renders_offline(open_map, tmp_path):
    import folium  # a core dependency: never skipped

    m = folium.Map(location=[20, 0], zoom_start=2, tiles=None)
    folium.CircleMarker([20, 0], radius=10).add_to(m)
    path = tmp_path / "folium.html"
    m.save(str(path))

    page, report = open_map(path)

    assert LEAFLET_JS_URL in report.served and LEAFLET_CSS_URL in report.served
    # folium's other CDN assets (jQuery, Bootstrap, awesome-markers...) are blocked
    assert report.aborted and all("leaflet@" not in u for u in report.aborted)
    assert page.locator(".leaflet-container").count() == 1
    assert page.locator("svg path.leaflet-interactive").count() == 1
    assert report.page_errors == []


def test_seed_dir_has_a_data_folder(seed_dir):
    assert (seed_dir / "data").is_dir()
    repo_sites = Path(__file__).resolve().parent.parent / "data" / "sites.geojson"
    if repo_sites.is_file():
        assert (seed_dir / "data" / "sites.geojson").read_bytes() == repo_sites.read_bytes()
