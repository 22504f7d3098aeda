"""The rules behind the published map's first view, symbol sizes, drawing order and place names.

Each rule is written once; where the page needs it too, the page's own script is run in Node
on the same inputs (as tests/test_safe_url.py does for links).
"""

from __future__ import annotations

import json
import subprocess

import pytest
from test_safe_url import _node

from geo.amount import parse_amount
from geo.enrich import Site
from geo.render.assets import PAGE_SCRIPTS, read_asset
from geo.render.basemap import _labels, view_box
from geo.render.facts import place_text
from geo.render.labels import _box, _overlaps
from geo.render.payload import drawing_order
from geo.render.symbology import WIDTH_RULE, width_factor
from geo.render.views import FRANCE_BOX, IDF_BOX, plan_views


def run_page_script(expression: str, argument: object) -> object:
    """`expression` (a JS function of `arg`) evaluated in Node with the page's scripts loaded."""
    script = ("global.window = {};\n" + "\n".join(read_asset(name) for name in PAGE_SCRIPTS) + "\n"
              "const arg = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
              f"process.stdout.write(JSON.stringify(({expression})(arg, window.geoMapApi)));\n")
    done = subprocess.run([_node(), "-e", script], input=json.dumps(argument), capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_one_scale_per_map_width_in_python_and_in_the_page():
    widths = [0, 120, 200, 300, 359.5, 360, 361, 480, 600, 680, 768, 900, 999, 1000, 1001, 1280, 1920]
    js = run_page_script("(ws, api) => ws.map(w => api.sizeFactor(w, " + json.dumps(WIDTH_RULE) + "))",
                         widths)
    assert js == pytest.approx([width_factor(w) for w in widths], abs=1e-12)
    # The documented rule: 40 px from 1,000 px wide, 22 px at 360 px, and linear in between.
    assert [round(40 * width_factor(w), 6) for w in (1920, 1000, 360)] == [40, 40, 22]
    assert 40 * width_factor(680) == pytest.approx(31)


def test_the_page_picks_the_smallest_symbol_and_moves_crowded_ones_apart():
    """api.pick and api.dodge on a crowd: after dodging, each symbol is found at its centre;
    coinciding symbols are moved apart (never merged), isolated ones stay put."""
    crowd = {"xs": [0, 0, 0, 3, 5, 200], "ys": [0, 0, 0, 1, 4, 200], "rs": [40, 9, 9, 6, 20, 5]}
    out = run_page_script("""(c, api) => { const n = c.xs.length, m = api.dodge(n, c.xs, c.ys, c.rs);
      return {x: Array.from(m.x), y: Array.from(m.y),
              picked: c.xs.map((_, i) => api.pick(m.x[i], m.y[i], n, m.x, m.y, c.rs)),
              under: api.pick(0, 0, n, c.xs, c.ys, c.rs)}; }""", crowd)
    assert out["picked"] == list(range(6))
    assert (out["x"][0], out["y"][0]) == (0, 0) and (out["x"][5], out["y"][5]) == (200, 200)
    assert (out["x"][1], out["y"][1]) != (out["x"][2], out["y"][2])
    assert out["under"] == 3  # before dodging, the smallest symbol under the point wins


def site(name, lat, lon, amount="1 Md€", precision="commune", code=None, context="", i=0):
    return Site(i, name.lower().replace(" ", "-"), name, parse_amount(amount), precision, lat, lon,
                name, name, code, context)


def test_the_first_view_is_the_territory_of_the_sites():
    france = [[FRANCE_BOX[1], FRANCE_BOX[0]], [FRANCE_BOX[3], FRANCE_BOX[2]]]
    assert plan_views([], {}, "fr")["bounds"] == france
    north = [site("Cambrai", 50.18, 3.23), site("Lille", 50.63, 3.07)]
    assert plan_views(north, {}, "fr")["bounds"] == [[41.3, -5.2], [51.15, 9.6]]  # France, not the north
    berlin = plan_views(north + [site("Berlin", 52.52, 13.40)], {}, "fr")["bounds"]
    assert berlin == [[41.3, -5.2], [52.52, 13.4]]  # France and the site abroad
    assert plan_views([site("Berlin", 52.52, 13.40)], {}, "fr")["max_zoom"] == 7
    idf = plan_views(north, {"view": "idf"}, "fr")
    assert idf["bounds"] == [[IDF_BOX[1], IDF_BOX[0]], [IDF_BOX[3], IDF_BOX[2]]] and idf["max_zoom"] > 7
    assert plan_views(north, {"view": [9, 51, -5, 41]}, "fr")["bounds"] == [[41, -5], [51, 9]]


def test_insets_for_a_crowd_around_paris_and_for_overseas_sites():
    paris = [site(f"S{i}", 48.8 + i / 100, 2.3 + i / 100, i=i) for i in range(3)]
    assert [i["key"] for i in plan_views(paris, {}, "fr")["insets"]] == ["idf"]
    assert plan_views(paris[:2], {}, "fr")["insets"] == []  # two sites are no crowd
    assert plan_views(paris, {"view": "idf"}, "fr")["insets"] == []  # already the view
    assert plan_views(paris, {"insets": False}, "fr")["insets"] == []
    assert plan_views(paris, {}, "fr", canvas=True)["insets"] == []
    reunion = site("Saint-Denis", -20.88, 55.45)
    plan = plan_views([site("Cambrai", 50.18, 3.23), reunion], {}, "en")
    assert [(i["key"], i["label"]) for i in plan["insets"]] == [("974", "Réunion")]
    assert plan["bounds"] == [[41.3, -5.2], [51.15, 9.6]]  # the overseas site is in its inset
    assert plan_views([site("Cambrai", 50.18, 3.23), reunion], {"insets": False}, "fr")["bounds"][0][0] < -20


def test_points_are_drawn_over_areas_and_question_marks_and_small_over_large():
    sites = [site("Big", 48, 2, "20 Md€"), site("Small", 48, 2, "1 Md€"),
             site("Unknown", 48, 2, "non communiqué"),
             site("Essonne", 48.5, 2.2, "30 Md€", precision="department", code="91")]
    assert [s.name for s in sorted(sites, key=drawing_order)] == ["Essonne", "Unknown", "Big", "Small"]


def test_hover_text_names_the_place():
    cambrai = site("Cambrai", 50.18, 3.23, context="Nord, Hauts-de-France, France")
    assert place_text(cambrai, "fr") == "Cambrai (Nord)"
    london = Site(0, "l", "London", parse_amount("1 Md€"), "city", 51.5, -0.1, "Londres", "London", None,
                  "United Kingdom")
    assert place_text(london, "en") == "London (United Kingdom)"
    point = Site(0, "p", "P", parse_amount("1 Md€"), "point", 45.76, 4.84, "45.76, 4.84", "45.7640, 4.8357",
                 None, "Lyon, Rhône, Auvergne-Rhône-Alpes, France")
    assert place_text(point, "fr") == "Lyon (Rhône)"
    essonne = site("Essonne", 48.5, 2.2, precision="department", code="91", context="Île-de-France, France")
    assert place_text(essonne, "en") == "somewhere in Essonne (department)"


def test_place_names_never_overlap_at_any_zoom():
    labels = _labels("fr", [view_box([])])
    names = {x[0] for x in labels}
    assert {"Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Ajaccio", "Hauts-de-France",
            "Allemagne"} <= names
    zooms = {x[0]: x[4] for x in labels}
    assert zooms["Paris"] <= 4 and zooms["Marseille"] <= 4 and zooms["Lyon"] <= 5  # the big towns first
    placed = [{"name": n, "lat": la, "lon": lo, "kind": k, "z": z} for n, la, lo, k, z in labels]
    for zoom in range(3, 12):
        shown = [x for x in placed if x["z"] <= zoom]
        boxes = [_box(x, zoom) for x in shown]
        for a in range(len(boxes)):
            for b in range(a + 1, len(boxes)):
                assert not _overlaps(boxes[a], boxes[b]), (zoom, shown[a]["name"], shown[b]["name"])
