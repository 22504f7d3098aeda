"""Maps that publish anywhere: offline, deterministic, embeddable, with a no-JS fallback."""

from __future__ import annotations

import json
import re
import shutil
import struct

import pytest
from helpers import REPO_ROOT, geo


@pytest.fixture
def work(tmp_path):
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    return tmp_path


BASEMAP_PATHS = """() => [...document.querySelectorAll('.leaflet-geo-basemap-pane path')]
  .filter(p => p.getAttribute('d').length > 10)   // Leaflet clips what is out of view to "M0 0"
  .map(p => [p.getAttribute('class').split(' ').filter(c => c.startsWith('geo-basemap-')).join(' '),
             (p.getAttribute('d').match(/[ML]/g) || []).length])"""


def basemap_paths(page, zoom):
    page.evaluate(f"() => window.map_geo.setView([46.6, 2.4], {zoom}, {{animate: false}})")
    page.wait_for_function("() => document.querySelector('.geo-basemap-regions')")
    page.wait_for_timeout(300)
    paths = {}
    for cls, vertices in page.evaluate(BASEMAP_PATHS):
        paths.setdefault(cls, []).append(vertices)
    return paths


@pytest.mark.browser
def test_offline_map_makes_no_request_at_all(open_map, work):
    geo("build", "--offline", cwd=work)
    page, report = open_map(work / "output" / "map.html", serve_leaflet=False)
    page.wait_for_selector("[data-geo-ready]")
    assert report.requests == []  # not even attempted
    assert report.errors == []
    assert page.locator(".geo-symbol[data-site]").count() == 2
    assert page.locator(".geo-legend").is_visible()
    # The national view: land (the countries around France, in one path), and the department
    # and region borders, each drawn once, from the coarse topology.
    national = basemap_paths(page, 5)
    assert len(national["geo-basemap-land"]) == 1 and national["geo-basemap-land"][0] > 1000
    departments = national["geo-basemap-departments geo-basemap-national"]
    regions = national["geo-basemap-regions geo-basemap-national"]
    assert len(departments) == len(regions) == 1 and departments[0] > regions[0] > 300
    assert not any("detail" in cls for cls in national)
    # Zoomed in, the finer department outlines replace the coarse ones.
    detail = basemap_paths(page, 8)
    assert "geo-basemap-departments geo-basemap-national" not in detail
    assert len(detail["geo-basemap-departments geo-basemap-detail"]) == 1
    assert page.locator(".geo-basemap-label", has_text="Hauts-de-France").count() == 1
    assert report.requests == [] and report.errors == []


@pytest.mark.e2e
def test_offline_seed_map_is_light(work):
    """The basemap is sized for its views: the seed map, made offline, stays under 350 kB
    (2.1 MB with whole GeoJSON outlines); bench/reader.py measures what that is worth."""
    geo("render", "--offline", "--out", "map.html", cwd=work)
    assert (work / "map.html").stat().st_size <= 350_000


@pytest.mark.browser
def test_inline_assets_keep_tiles_but_no_cdn(open_map, work):
    geo("build", "--inline-assets", cwd=work)
    html = (work / "output" / "map.html").read_text("utf-8")
    assert "cdn.jsdelivr.net" not in html
    page, report = open_map(work / "output" / "map.html", serve_leaflet=False)
    page.wait_for_selector("[data-geo-ready]")
    assert report.requests and all("tile.openstreetmap.org" in url for url in report.requests)


@pytest.mark.e2e
def test_online_map_pins_leaflet_with_subresource_integrity(work):
    geo("build", cwd=work)
    html = (work / "output" / "map.html").read_text("utf-8")
    assert re.search(r'<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js" '
                     r'integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous">', html)
    assert "openstreetmap" in html.lower()  # tile attribution


@pytest.mark.parametrize("flags", [(), ("--offline",), ("--lang", "en")])
@pytest.mark.e2e
def test_same_input_gives_the_same_bytes_across_processes(work, flags):
    outputs = []
    for seed in ("1", "2"):
        out = f"output/map-{seed}.html"
        geo("render", *flags, "--out", out, cwd=work, env={"PYTHONHASHSEED": seed})
        outputs.append((work / out).read_bytes())
    assert outputs[0] == outputs[1]
    text = outputs[0].decode()
    assert not re.search(r"map_[0-9a-f]{32}", text)  # no random folium ids


@pytest.mark.e2e
def test_committed_seed_output_is_up_to_date():
    result = geo("build", "--check", cwd=REPO_ROOT, check=False)
    assert result.returncode == 0, result.stderr


@pytest.mark.e2e
def test_content_security_policy_allows_only_hashed_inline_scripts(work):
    geo("build", "--offline", cwd=work)
    html = (work / "output" / "map.html").read_text("utf-8")
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "https:" not in csp  # offline: nothing remote allowed at all


@pytest.mark.browser
def test_every_site_is_in_a_table_that_opens_even_without_javascript(open_map, work):
    geo("build", cwd=work)
    page, report = open_map(work / "output" / "map.html", javascript=False)
    summary = page.locator("#geo-table summary")
    assert summary.inner_text() == "Tableau des sites (4)"
    table = page.locator("#geo-table table")
    assert not table.is_visible()  # closed: the browser does not lay it out before the map
    summary.click()
    assert table.is_visible()
    assert sorted(table.locator("tbody th[scope=row]").all_inner_texts()) == [
        "Campus IA financé par les Émirats arabes unis", "Data center de Brookfield à Cambrai",
        "Data center géant de Mistral AI", "Supercalculateur pour l'IA de Fluidstack"]
    assert "(20 milliards d'euros)" in table.inner_text()
    assert report.page_errors == []


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.browser
def test_render_png(browser, work):  # `browser`: skips (fails on CI) without Playwright or Chromium
    geo("render", "--offline", "--png", "output/map.png", "--width", "640", "--height", "480", cwd=work)
    assert png_size(work / "output" / "map.png") == (640, 480)


@pytest.mark.browser
@pytest.mark.parametrize("width", [360, 1200])
def test_embedded_map_fits_and_sizes_its_iframe(open_map, work, width):
    geo("build", cwd=work)
    snippet = geo("embed", "--url", "map.html", "--title", "Carte", "--auto-height", cwd=work).stdout
    host = work / "output" / "host.html"
    host.write_text(f"<!doctype html><html><body style='margin:0'><h1>Article</h1>{snippet}"
                    "<p>After the map.</p></body></html>", "utf-8")
    page, report = open_map(host, width=width, height=900)
    frame = page.frame_locator("iframe")
    frame.locator("[data-geo-ready]").first.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('iframe').style.height !== '480px'")
    height = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect().height")
    inner = next(f for f in page.frames if f.url.endswith("map.html"))
    content = inner.evaluate("() => document.documentElement.scrollHeight")
    assert abs(height - content) <= 2  # the iframe follows the map's own height message
    overflow = inner.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    legend = frame.locator(".geo-legend summary")
    legend.scroll_into_view_if_needed()
    assert legend.is_visible()
    if width == 360:
        assert frame.locator(".geo-legend details").get_attribute("open") is None  # collapsed on phones
        legend.click()
        assert frame.locator(".geo-legend details").get_attribute("open") is not None
    assert report.page_errors == []
    assert json.dumps(report.page_errors) == "[]"
