"""`geo render --png/--pdf`: images for social media and print, without controls, legend whole."""

from __future__ import annotations

import re
import shutil
import struct

import pytest
from helpers import REPO_ROOT, geo

from geo.render.screenshot import SIZES

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    work = tmp_path_factory.mktemp("print")
    shutil.copytree(REPO_ROOT / "data", work / "data")
    return work


def png_size(path):
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize(("size", "pixels"), [("social", (2400, 1350)), ("square", (2160, 2160)),
                                               ("print", (2246, 1588))])
def test_each_size_gives_its_image_at_twice_the_scale_and_nothing_is_cut(browser, work, size, pixels):
    result = geo("render", "--offline", "--png", f"output/{size}.png", "--size", size, cwd=work)
    assert png_size(work / "output" / f"{size}.png") == pixels
    assert "warning" not in result.stderr  # every panel fits in the image


def test_a_panel_the_image_would_cut_is_reported(browser, work):
    result = geo("render", "--offline", "--png", "output/small.png", "--width", "700", "--height", "400",
                 cwd=work)
    assert png_size(work / "output" / "small.png") == (700, 400)
    assert "warning: output/small.png" in result.stderr and "cuts the panel" in result.stderr


def test_size_and_width_contradict_each_other(work):
    result = geo("render", "--png", "output/x.png", "--size", "social", "--width", "800", cwd=work,
                 check=False)
    assert result.returncode == 2 and "--size social sets the image's width and height" in result.stderr
    assert not (work / "output" / "x.png").exists()


def test_pdf_is_one_a4_landscape_page_of_vector_text_and_shapes(browser, work):
    import pypdf  # in the [test] extra
    geo("render", "--offline", "--pdf", "output/map.pdf", cwd=work)
    path = work / "output" / "map.pdf"
    assert path.read_bytes()[:5] == b"%PDF-"
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert abs(width - 841.89) < 2 and abs(height - 595.28) < 2  # A4 landscape, in points
    text = page.extract_text()
    for words in ("Sommet de l'IA", "Légende", "50 Md€", "Totaux", "Géocodage"):
        assert words in text  # real text, not pixels
    xobjects = page["/Resources"].get("/XObject", {})
    images = [name for name, obj in xobjects.items() if obj.get_object().get("/Subtype") == "/Image"]
    assert images == []  # no bitmap anywhere: the map is paths
    content = page.get_contents().get_data()
    assert len(re.findall(rb"[\d.]+ [\d.]+ l\n", content)) > 1000  # the basemap's outlines


def test_pdf_follows_a_named_size(browser, work):
    import pypdf  # in the [test] extra
    geo("render", "--offline", "--pdf", "output/social.pdf", "--size", "social", cwd=work)
    box = pypdf.PdfReader(work / "output" / "social.pdf").pages[0].mediabox
    assert abs(float(box.width) - 900) < 2 and abs(float(box.height) - 506.25) < 2  # 1200x675 px


PRINT_STATE = """() => {
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const map = window.map_geo;
  const mapBox = box(map.getContainer());
  const places = {Brest: [48.39, -4.49], Ajaccio: [41.93, 8.74], Bonifacio: [41.39, 9.16],
                  Dunkerque: [51.03, 2.38], Strasbourg: [48.58, 7.75], Perpignan: [42.70, 2.90]};
  const points = {};
  Object.keys(places).forEach(k => { const p = map.latLngToContainerPoint(places[k]);
    points[k] = {x: p.x, y: p.y}; });
  const legend = document.querySelector('.geo-legend');
  const zoom = document.querySelector('.leaflet-control-zoom');
  const summary = legend.querySelector('summary');
  return {map: mapBox, points, legend: box(legend), legendOpen: legend.querySelector('details').open,
          legendInMap: map.getContainer().contains(legend),
          legendScrolls: legend.scrollHeight > legend.clientHeight + 1,
          colours: legend.querySelectorAll('.geo-legend-color').length,
          zoomShown: !!zoom && zoom.getBoundingClientRect().height > 0
            && getComputedStyle(zoom).display !== 'none',
          marker: getComputedStyle(summary).listStyleType + ' ' + getComputedStyle(summary).display,
          table: getComputedStyle(document.getElementById('geo-table')).display,
          panelsOpen: [...document.querySelectorAll('.geo-panel > details')].every(d => d.open),
          viewport: {width: innerWidth, height: innerHeight}};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("size", list(SIZES))
def test_print_mode_hides_controls_and_shows_the_whole_legend_and_france(open_map, work, size):
    """The page as `--png`/`--pdf` capture it (the same URL, map.html#geo-print)."""
    geo("render", "--offline", "--out", "output/print.html", cwd=work)
    width, height, _ = SIZES[size]
    page, report = open_map(f"{(work / 'output' / 'print.html').resolve().as_uri()}#geo-print",
                            width=width, height=height)
    page.wait_for_selector("[data-geo-ready]")
    state = page.evaluate(PRINT_STATE)
    assert not state["zoomShown"] and state["table"] == "none"
    assert state["marker"].startswith("none")  # no disclosure triangles
    assert state["legendOpen"] and state["panelsOpen"] and state["colours"] == 4
    assert not state["legendInMap"] and not state["legendScrolls"]  # beside the map, whole
    legend, view = state["legend"], state["viewport"]
    assert legend["top"] >= 0 and legend["bottom"] <= view["height"] and legend["right"] <= view["width"]
    m = state["map"]
    for place, p in state["points"].items():  # metropolitan France, Brittany to Corsica, in view
        assert 0 <= p["x"] <= m["width"] and 0 <= p["y"] <= m["height"], (place, p, m)
    assert report.page_errors == []


@pytest.mark.browser
def test_the_reader_view_keeps_its_controls(open_map, work):
    geo("render", "--offline", "--out", "output/reader.html", cwd=work)
    page, _ = open_map(work / "output" / "reader.html", width=1280, height=800)
    page.wait_for_selector("[data-geo-ready]")
    state = page.evaluate(PRINT_STATE)
    assert state["zoomShown"] and state["legendInMap"]  # print mode only when asked for


def test_the_api_refuses_an_unknown_size_before_writing_anything(tmp_path):
    import geo

    with pytest.raises(geo.OptionError, match="social, square, print"):
        geo.render_map(REPO_ROOT / "data" / "sites.geojson", tmp_path / "map.html",
                       png=tmp_path / "map.png", size="poster")
    assert list(tmp_path.iterdir()) == []
