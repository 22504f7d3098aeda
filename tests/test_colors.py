"""Category colours: stable by key, pinned on demand, and every one visible on the basemap.

The contrast is computed here a second time, from WCAG 2.1's definitions, so that a
mistake in geo.render.colors cannot hide itself.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from helpers import REPO_ROOT, geo
from hypothesis import given
from hypothesis import strategies as st

from geo.render import colors as C

hex_colors = st.integers(0, 0xFFFFFF).map(lambda v: f"#{v:06X}")


def wcag_luminance(color: str) -> float:
    """WCAG 2.1 'relative luminance' (sRGB), written from the definition."""
    def channel(byte: str) -> float:
        c = int(byte, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = channel(color[1:3]), channel(color[3:5]), channel(color[5:7])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def wcag_contrast(a: str, b: str) -> float:
    hi, lo = sorted((wcag_luminance(a), wcag_luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def passes_everywhere(color: str) -> bool:
    return all(wcag_contrast(color, bg) >= 3.0 for bg in C.REFERENCE_BACKGROUNDS)


def test_contrast_matches_published_values():
    assert wcag_contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert wcag_contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # WebAIM's AA grey
    assert C.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(wcag_contrast("#767676", "#FFFFFF"))


def test_the_palette_is_okabe_ito_and_its_light_colours_fail_alone():
    assert C.PALETTE == ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                         "#F0E442", "#000000")
    assert wcag_contrast("#F0E442", "#F4F1EA") < 1.5  # why outlines exist: yellow on the beige land
    assert not all(passes_everywhere(c) for c in C.CATEGORY_PALETTE)


@pytest.mark.parametrize("color", [*C.CATEGORY_PALETTE, C.OTHER_COLOR, C.NEUTRAL_COLOR])
def test_every_palette_colour_is_drawn_with_an_outline_that_passes_3_to_1(color):
    outline = C.outline_color(color)
    assert passes_everywhere(outline), (color, outline)
    if passes_everywhere(color):
        assert outline == color  # dark enough colours are not changed


@pytest.mark.parametrize("grey", [C.OTHER_COLOR, C.NEUTRAL_COLOR])
def test_the_greys_pass_by_themselves(grey):
    assert passes_everywhere(grey)  # the "?" symbol and its text use the neutral grey as it is


@given(hex_colors)
def test_any_pinned_colour_gets_an_outline_of_its_own_hue_that_passes(color):
    outline = C.outline_color(color)
    assert passes_everywhere(outline)
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    out = [int(outline[i:i + 2], 16) for i in (1, 3, 5)]
    # A shade of the same colour: every channel scaled by the same factor (to rounding).
    top = max(range(3), key=lambda i: rgb[i])
    if rgb[top]:
        factor = out[top] / rgb[top]
        assert factor <= 1 and all(abs(o - v * factor) <= 1.01 for o, v in zip(out, rgb, strict=True))
    # ... and the lightest such shade: one step lighter fails somewhere.
    if outline != color.upper() and rgb[top]:
        lighter = "#" + "".join(f"{min(255, round(v * (factor + 0.02))):02X}" for v in rgb)
        assert not passes_everywhere(lighter) or lighter == outline


def test_the_references_include_the_basemaps_the_symbols_are_drawn_on():
    from geo.render.basemap import basemap

    fills = set(re.findall(r'"fillColor": "(#[0-9a-fA-F]{6})"', json.dumps(basemap("fr", []))))
    assert fills and {f.upper() for f in fills} <= set(C.REFERENCE_BACKGROUNDS)
    css = (REPO_ROOT / "geo" / "assets" / "geo-map.css").read_text("utf-8")
    sea = re.search(r"\.leaflet-container \{[^}]*background: (#[0-9a-fA-F]{6})", css).group(1)
    assert sea.upper() in C.REFERENCE_BACKGROUNDS


def test_colours_depend_on_the_key_not_on_the_amounts():
    keys = ["FR", "AE", None, "AE", "GB"]
    a = C.color_categories(keys, [2e9, 30e9, 5e9, 1e9, 1e6])
    b = C.color_categories(keys, [90e9, 1e6, 5e9, 1e6, 4e9])
    assert a == b and list(a) == ["AE", "FR", "GB"]
    assert len(set(a.values())) == 3 and set(a.values()) <= set(C.CATEGORY_PALETTE)
    # The same key alone in another map keeps its colour when nothing else wants it.
    for key, color in a.items():
        others = [k for k in a if k != key and a[k] == C.CATEGORY_PALETTE[C._preferred(k)]]
        if color == C.CATEGORY_PALETTE[C._preferred(key)]:
            assert C.color_categories([key, *others])[key] == color


def test_pinned_colours_win_and_are_not_given_to_another_category():
    free = C.color_categories(["FR", "DE"])
    pinned = C.color_categories(["FR", "DE"], pinned={"DE": free["FR"], "XX": "#123456"})
    assert pinned["DE"] == free["FR"] and pinned["FR"] != free["FR"]
    assert "XX" not in pinned  # a pin for a category that isn't in the data adds nothing
    assert C.color_categories(["FR"], pinned={"FR": "#cc79a7"}) == {"FR": "#CC79A7"}


def test_more_categories_than_colours_the_biggest_keep_one_and_the_rest_share_grey():
    keys = [f"K{i}" for i in range(10)]
    colors = C.color_categories(keys, [float(i) for i in range(10)])
    assert {colors[k] for k in keys[3:]} == set(C.CATEGORY_PALETTE)  # the 7 biggest, 7 colours
    assert {colors[k] for k in keys[:3]} == {C.OTHER_COLOR}


@pytest.mark.browser
def test_pinned_light_colour_is_outlined_on_the_map_and_in_the_legend(open_map, tmp_path):
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "sites.geojson"
    data = json.loads(path.read_text("utf-8"))
    data["settings"]["colors"] = {"CA": "#F0E442", "FR": "#0072b2"}
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    geo("render", "--offline", cwd=tmp_path)
    page, report = open_map(tmp_path / "output" / "map.html")
    page.wait_for_selector("[data-geo-ready]")
    drawn = page.evaluate("""() => {
      const paint = el => ({fill: el.getAttribute('fill'), stroke: el.getAttribute('stroke')});
      const out = {};
      document.querySelectorAll('.geo-symbol[data-site] circle').forEach(c => {
        out[c.closest('.geo-symbol').dataset.site + ' ' + c.getAttribute('class')] = paint(c);
      });
      document.querySelectorAll('.geo-legend-color').forEach(li => {
        out['legend ' + li.dataset.key] = paint(li.querySelector('circle'));
      });
      return out;
    }""")
    olive = C.outline_color("#F0E442")
    assert drawn["brookfield-asset-management-cambrai-nord geo-disc"] == {"fill": "#F0E442", "stroke": olive}
    assert drawn["legend CA"] == {"fill": "#F0E442", "stroke": olive}  # the legend shows the same
    assert drawn["legend FR"] == {"fill": "#0072B2", "stroke": "#0072B2"}
    for name, paint in drawn.items():  # every outline on the page is visible on the basemap
        assert passes_everywhere(paint["stroke"]), (name, paint)
    assert report.page_errors == []
