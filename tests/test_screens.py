"""The published map on every screen a reader uses, with a mouse, a finger or a keyboard.

Two maps, each built by the real `geo build --offline`: the seed, and 25 sites announced
around Paris (tests/fixtures/crowded_paris.geojson: facts from public announcements, one
source each), where symbols crowd, coincide (two sites in Meudon, two region-level sites)
and hide "?" symbols. Four screens: a phone, a tablet, a laptop and a desktop.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import REPO_ROOT, geo

pytestmark = pytest.mark.browser

SCREENS = [(360, 740), (768, 1024), (1280, 800), (1920, 1080)]
CROWDED = Path(__file__).parent / "fixtures" / "crowded_paris.geojson"
AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def maps(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name, source in (("seed", REPO_ROOT / "data" / "sites.geojson"), ("crowded", CROWDED)):
        work = tmp_path_factory.mktemp(name)
        (work / "data").mkdir()
        shutil.copy(source, work / "data" / "sites.geojson")
        geo("build", "--offline", cwd=work)
        out[name] = work / "output" / "map.html"
    return out


def open_ready(open_map, path, width, height):
    page, report = open_map(path, width=width, height=height)
    page.wait_for_selector("[data-geo-ready]")
    page.wait_for_function("() => window.geoMapApi.layer")
    return page, report


LAYOUT = """() => {
  const rect = el => { const r = el.getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height}; };
  const map = document.querySelector('.leaflet-container');
  const scrolls = el => { const s = getComputedStyle(el);
    return (/(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1)
        || (/(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1); };
  const panels = [...document.querySelectorAll('.geo-panel, .geo-header, .geo-footer')];
  const overMap = [...map.querySelectorAll('.leaflet-control-container .leaflet-control')]
    .filter(c => c.getBoundingClientRect().height > 0).map(c => c.className);
  const places = {Brest: [48.39, -4.49], Ajaccio: [41.93, 8.74], Bastia: [42.70, 9.45],
                  Dunkerque: [51.03, 2.38], Strasbourg: [48.58, 7.75], Perpignan: [42.70, 2.90]};
  const m = rect(map), inView = {};
  Object.entries(places).forEach(([k, ll]) => { const p = window.map_geo.latLngToContainerPoint(ll);
    inView[k] = p.x >= 0 && p.y >= 0 && p.x <= m.width && p.y <= m.height; });
  return {map: m, panels: panels.map(p => ({cls: p.className, box: rect(p)})),
          scrolling: [...document.querySelectorAll('.geo-side, .geo-side *, .geo-header, .geo-footer')]
            .filter(scrolls).map(e => e.className || e.tagName),
          overMap, inView, viewport: {width: innerWidth, height: innerHeight},
          pageOverflowX: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def intersects(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] - 0.5 and b["left"] < a["right"] - 0.5 and \
        a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["seed", "crowded"])
def test_panels_sit_beside_or_below_the_map_whole_and_france_is_in_view(open_map, maps, name, size):
    page, report = open_ready(open_map, maps[name], *size)
    state = page.evaluate(LAYOUT)
    m = state["map"]
    for panel in state["panels"]:  # legend, panels, title and credits: never over the map
        assert not intersects(panel["box"], m), (panel["cls"], panel["box"], m)
    assert any("geo-legend" in p["cls"] for p in state["panels"])
    assert state["scrolling"] == []  # no panel scrolls inside itself
    assert sorted(state["overMap"]) == ["leaflet-control-scale leaflet-control",
                                        "leaflet-control-zoom leaflet-bar leaflet-control"]
    assert state["pageOverflowX"] <= 0  # nothing wider than the screen
    if size[0] == 360:
        assert m["height"] >= 0.6 * size[1], m  # the map keeps 60 % of a phone's height
    # Every site is in France: the first view is metropolitan France, Corsica included.
    assert all(state["inView"].values()), state["inView"]
    assert report.page_errors == []


def positions(page) -> list[dict]:
    """Each site's symbol on the main map: id, kind, drawn centre in page pixels (its dodged
    place), and whether it is a crisp point."""
    return page.evaluate("""() => {
      const layer = window.geoMapApi.layer, box = window.map_geo.getContainer().getBoundingClientRect();
      return layer.sites.map((s, i) => { const p = layer.position(i);
        return {i, id: s.id, kind: s.kind, area: !!s.area_precision, x: box.left + p.x, y: box.top + p.y}; });
    }""")


def popup_box(page):
    # after the map's pan that brings the popup into view, if any
    page.wait_for_timeout(100)
    page.wait_for_function("() => !(window.map_geo._panAnim && window.map_geo._panAnim._inProgress)")
    return page.evaluate("""() => { const el = document.querySelector('.geo-sheet, .leaflet-popup');
      if (!el) return null;
      const r = el.getBoundingClientRect(), m = window.map_geo.getContainer().getBoundingClientRect();
      return {box: {left: r.left, top: r.top, right: r.right, bottom: r.bottom},
        map: {left: m.left, top: m.top, right: m.right, bottom: m.bottom},
        site: (el.querySelector('[data-site]') || {}).dataset.site,
        sheet: el.classList.contains('geo-sheet')}; }""")


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["seed", "crowded"])
def test_an_open_popup_fits_the_screen_and_escape_gives_the_focus_back(open_map, maps, name, size):
    page, report = open_ready(open_map, maps[name], *size)
    sites = [s for s in positions(page) if s["kind"] != "undisclosed" and not s["area"]] or positions(page)
    target = sites[0]  # the biggest crisp point: the widest popup anchor
    page.mouse.click(target["x"], target["y"])
    page.wait_for_selector("[data-geo-popup]")
    state = popup_box(page)
    assert state["site"] == target["id"]
    box, m, view = state["box"], state["map"], {"right": size[0], "bottom": size[1]}
    assert box["left"] >= -0.5 and box["top"] >= -0.5 and box["right"] <= view["right"] + 0.5 \
        and box["bottom"] <= view["bottom"] + 0.5, (box, size)  # inside the screen
    assert box["left"] >= m["left"] - 0.5 and box["right"] <= m["right"] + 0.5 \
        and box["top"] >= m["top"] - 0.5 and box["bottom"] <= m["bottom"] + 0.5, (box, m)  # and the map
    assert state["sheet"] == (size[0] < 600)  # a sheet along the bottom of a phone's map
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.geo-sheet, .leaflet-popup')")
    # From the keyboard: Enter opens, Escape closes and the focus is back on the symbol.
    page.locator(f".geo-symbol[data-site='{target['id']}']").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-geo-popup]")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('.geo-sheet, .leaflet-popup')")
    assert page.evaluate("() => document.activeElement.dataset.site") == target["id"]
    assert report.page_errors == []


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_symbol_can_be_clicked_at_its_centre_even_in_a_crowd(open_map, maps, size):
    page, report = open_ready(open_map, maps["crowded"], *size)
    view = page.evaluate("() => [window.map_geo.getCenter(), window.map_geo.getZoom()]")
    sites = positions(page)
    assert len(sites) == 24
    # Coinciding sites (two in Meudon; two known only to the region) are moved apart, not merged.
    by_id = {s["id"]: s for s in sites}
    for a, b in (("equinix-meudon", "bouygues-meudon"),
                 ("prologis-ile-de-france", "microsoft-ile-de-france")):
        assert abs(by_id[a]["x"] - by_id[b]["x"]) + abs(by_id[a]["y"] - by_id[b]["y"]) > 4
    assert page.locator("line.geo-leader").count() >= 2  # each joined to its place
    for site in sites:
        page.evaluate("(v) => window.map_geo.setView(v[0], v[1], {animate: false})", view)
        here = next(s for s in positions(page) if s["id"] == site["id"])
        page.mouse.click(here["x"], here["y"])
        page.wait_for_selector("[data-geo-popup]")
        assert popup_box(page)["site"] == site["id"], site
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('[data-geo-popup]')")
    assert report.page_errors == []


def test_question_marks_and_areas_are_drawn_under_the_points(open_map, maps):
    page, _ = open_ready(open_map, maps["crowded"], 1280, 800)
    order = page.evaluate("""() => [...document.querySelectorAll('.leaflet-geo-symbols-pane .geo-symbol')]
        .map(g => g.classList.contains('geo-kind-undisclosed') || g.classList.contains('geo-imprecise'))""")
    assert True in order and False in order
    assert order == sorted(order, reverse=True)  # every "?" and area symbol before every point
    # Hovering where a "?" sits under a bigger point symbol names the "?" (the smallest wins).
    hidden = page.evaluate("""() => {
      const layer = window.geoMapApi.layer;
      return layer.sites.map((s, i) => [s.id, s.kind, i]).filter(x => x[1] === 'undisclosed')
        .map(x => [x[0], layer.hit(layer.position(x[2])) === x[2]]);
    }""")
    assert hidden and all(ok for _, ok in hidden), hidden


def test_hover_names_the_place_and_towns_are_named_offline(open_map, maps):
    page, report = open_ready(open_map, maps["seed"], 1280, 800)
    cambrai = next(s for s in positions(page) if s["id"] == "brookfield-asset-management-cambrai-nord")
    page.mouse.move(cambrai["x"], cambrai["y"])
    tooltip = page.locator(".leaflet-tooltip").inner_text()
    assert tooltip.endswith("Cambrai (Nord)"), tooltip
    page.wait_for_function("() => document.querySelectorAll('.geo-basemap-label').length > 10")
    towns = page.locator(".geo-basemap-label-capital:visible").all_inner_texts()
    assert {"Paris", "Lyon", "Marseille", "Lille"} <= set(towns), towns
    assert report.requests == []  # offline: names without tiles


def test_keyboard_order_skip_link_then_controls_then_symbols(open_map, maps):
    page, _ = open_ready(open_map, maps["seed"], 1280, 800)
    stops = []
    for _ in range(6):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("""() => { const e = document.activeElement;
          return [e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className,
                  e.getAttribute('aria-label') || e.textContent.trim()]; }"""))
    assert "geo-skip" in stops[0][0] and stops[0][1] == "Aller au tableau des sites"
    assert "leaflet-container" in stops[1][0] and stops[1][1] == "Carte des sites d'investissement"
    assert "zoom-in" in stops[2][0] and stops[2][1] == "Zoomer"
    assert "zoom-out" in stops[3][0] and stops[3][1] == "Dézoomer"
    assert all("geo-symbol" in s[0] and s[1] for s in stops[4:6])  # then the symbols, each named
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the skip link: the table opens and takes the focus
    assert page.evaluate("() => document.getElementById('geo-table').open")
    assert page.evaluate("() => document.activeElement.closest('#geo-table') !== null")


@pytest.mark.parametrize("size", [(360, 740), (1280, 800)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", ["seed", "crowded"])
def test_axe_finds_nothing_serious(open_map, maps, name, size):
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (package.json pins axe-core)")
    page, _ = open_ready(open_map, maps[name], *size)
    page.wait_for_timeout(300)  # place names and the basemap in place
    page.evaluate(AXE.read_text("utf-8"))
    violations = page.evaluate("""() => axe.run(document).then(r => r.violations.map(v =>
      ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))})))""")
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


def test_the_paris_inset_has_its_own_scale_and_opens_details_on_the_map(open_map, maps):
    page, report = open_ready(open_map, maps["crowded"], 1280, 800)
    inset = page.locator(".geo-inset[data-inset='idf']")
    assert inset.locator(".geo-inset-legend circle.geo-legend-circle").count() == 3  # its own legend
    state = page.evaluate("""() => {
      const biggest = sel => Math.max(...[...document.querySelectorAll(sel + ' circle.geo-legend-circle')]
        .map(c => +c.getAttribute('r')));
      const box = document.querySelector('.geo-inset[data-inset=idf] .geo-inset-map');
      return {main: biggest('.geo-legend'), own: biggest('.geo-inset-legend'),
              symbols: box.querySelectorAll('.geo-inset-symbol').length,
              tabbable: box.querySelectorAll('[tabindex]').length};
    }""")
    assert state["own"] < state["main"] and state["symbols"] == 24 and state["tabbable"] == 0
    # Click the Fouju campus in the inset: its details open on the main map.
    point = page.evaluate("""() => {
      const box = document.querySelector('.geo-inset[data-inset=idf] .geo-inset-map');
      const g = box.querySelector('[data-site="mgx-bpifrance-mistral-ai-et-nvidia-fouju"] circle');
      const r = g.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2];
    }""")
    page.mouse.click(*point)
    page.wait_for_selector("[data-geo-popup]")
    assert popup_box(page)["site"] == "mgx-bpifrance-mistral-ai-et-nvidia-fouju"
    assert report.page_errors == []


def test_overseas_sites_get_an_inset_and_france_stays_the_view(open_map, tmp_path):
    work = tmp_path
    (work / "data").mkdir()
    features = [{"type": "Feature", "geometry": None,
                 "properties": {"name": name, "place": place, "amount": amount}}
                for name, place, amount in (("Site A", "Cambrai (Nord)", "1 Md€"),
                                            ("Site B", "Saint-Denis (974)", "200 M€"))]
    collection = {"type": "FeatureCollection", "features": features}
    (work / "data" / "sites.geojson").write_text(json.dumps(collection))
    geo("build", "--offline", cwd=work)
    page, report = open_ready(open_map, work / "output" / "map.html", 1280, 800)
    assert page.locator(".geo-inset[data-inset='974'] .geo-inset-symbol").count() == 2
    state = page.evaluate(LAYOUT)
    assert all(state["inView"].values())  # metropolitan France, not an ocean between two sites
    data = json.loads((work / "data" / "sites.geojson").read_text())
    data["settings"] = {"insets": False}
    (work / "data" / "sites.geojson").write_text(json.dumps(data))
    geo("render", "--offline", "--out", "output/no-insets.html", cwd=work)
    page, _ = open_ready(open_map, work / "output" / "no-insets.html", 1280, 800)
    assert page.locator(".geo-inset").count() == 0
    assert report.page_errors == []


@pytest.mark.parametrize("size", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_size_legends_labels_never_overlap(open_map, maps, size):
    """The circles of an inset's legend, or of a phone's, are small: their labels are spread
    apart (with a leader each) instead of printed over one another."""
    page, report = open_ready(open_map, maps["crowded"], *size)
    legends = page.evaluate("""() => [...document.querySelectorAll('svg.geo-legend-sizes')].map(svg =>
      [...svg.querySelectorAll('text')].map(t => { const r = t.getBoundingClientRect();
        return {text: t.textContent, top: r.top, bottom: r.bottom}; }))""")
    assert len(legends) >= 2  # the map's legend and the Île-de-France inset's
    for labels in legends:
        assert len(labels) >= 2
        for above, below in zip(labels, labels[1:], strict=False):
            assert above["bottom"] <= below["top"] + 0.5, (size, above, below)
    assert report.page_errors == []
