"""Category colours: stable from map to map, safe for colour-blind readers, visible on the basemap.

Three rules, each written once here:

* **Which colour.** A category (the value of `settings.color_by`, the investor's country by
  default) gets the colour pinned for it in `settings.colors`, else a colour chosen from its
  key alone: the same country is the same colour in every map, whatever the amounts.
* **Which palette.** Okabe & Ito's qualitative palette, designed to stay distinguishable with
  the common colour-vision deficiencies (its black is left out: it would read as "no data").
* **Seen on the map.** WCAG 2's non-text contrast asks for 3:1 between a graphic and what
  surrounds it. Most of the palette is lighter than that against the beige basemap (its yellow
  is nearly invisible), so every symbol is outlined with `outline_color(fill)`: the fill itself
  when it contrasts enough, else the same hue darkened until it does against every
  `REFERENCE_BACKGROUNDS`. A pinned colour gets the same treatment, so no colour a user pins
  can vanish; the legend draws its swatches with the same fill and outline.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from functools import cache

__all__ = [
    "CATEGORY_PALETTE", "MIN_CONTRAST", "NEUTRAL_COLOR", "OTHER_COLOR", "PALETTE",
    "REFERENCE_BACKGROUNDS", "color_categories", "contrast_ratio", "min_contrast",
    "outline_color", "relative_luminance",
]

#: Okabe & Ito's qualitative palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
#: The colours categories get: the palette without its black.
CATEGORY_PALETTE = PALETTE[:-1]
#: Categories beyond the palette's size share this grey rather than reuse a colour.
OTHER_COLOR = "#7F7F7F"
#: Undisclosed amounts and sites without a category: a grey that passes 3:1 by itself.
NEUTRAL_COLOR = "#7A7A7A"

#: WCAG 2.1 success criterion 1.4.11 (non-text contrast).
MIN_CONTRAST = 3.0
#: What symbols are drawn on. The offline basemap's land and sea (geo/render/basemap.py's
#: land fill, geo-map.css's map background), OpenStreetMap Carto's land colour (the bulk of
#: a tile at the zooms of a national map; its forests and water are darker, not covered),
#: and white (the legend and the panels).
REFERENCE_BACKGROUNDS = {
    "#F4F1EA": "offline basemap, land",
    "#DDE6EE": "offline basemap, sea",
    "#F2EFE9": "OpenStreetMap tiles, land",
    "#FFFFFF": "legend and panels",
}
HEX_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _channels(color: str) -> tuple[int, int, int]:
    if not HEX_COLOR.match(color.strip()):
        raise ValueError(f"expected a colour as #RRGGBB, e.g. #0072B2, not {color!r}")
    text = color.strip()
    return int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16)


def relative_luminance(color: str) -> float:
    """WCAG 2's relative luminance of an sRGB colour: 0 for black, 1 for white.

    >>> relative_luminance("#FFFFFF"), relative_luminance("#000000")
    (1.0, 0.0)
    """
    def linear(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in _channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two colours, from 1 (same) to 21 (black on white).

    >>> round(contrast_ratio("#767676", "#FFFFFF"), 2)
    4.54
    """
    la, lb = relative_luminance(a), relative_luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def min_contrast(color: str) -> float:
    """The lowest contrast of `color` against the reference backgrounds (what must reach 3:1).

    >>> round(contrast_ratio("#F0E442", "#F4F1EA"), 2)  # Okabe-Ito's yellow on the beige basemap
    1.17
    >>> round(min_contrast("#F0E442"), 2)  # ... and on the white legend
    1.05
    """
    return min(contrast_ratio(color, background) for background in REFERENCE_BACKGROUNDS)


@cache
def outline_color(color: str) -> str:
    """The outline drawn around a symbol of this fill: the fill when it reaches 3:1 against every
    reference background, else the lightest shade of the same hue that does.

    A shade, not black: the outline still says which category the symbol is.

    >>> outline_color("#0072B2")  # dark enough already
    '#0072B2'
    >>> outline_color("#F0E442")  # yellow: a dark olive outline of the same hue
    '#8B8426'
    """
    r, g, b = _channels(color)
    normal = f"#{r:02X}{g:02X}{b:02X}"
    if min_contrast(normal) >= MIN_CONTRAST:
        return normal
    for step in range(99, -1, -1):  # darken by 1 % steps: the first that passes is the lightest
        shade = "#" + "".join(f"{round(v * step / 100):02X}" for v in (r, g, b))
        if min_contrast(shade) >= MIN_CONTRAST:
            return shade
    return "#000000"  # not reached: black passes against every light background


def _preferred(key: str) -> int:
    """The palette slot a key asks for: a hash of its text, the same in every process."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % len(CATEGORY_PALETTE)


def color_categories(keys: Sequence[str | None], weights: Sequence[float] | None = None,
                     pinned: Mapping[str, str] | None = None) -> dict[str, str]:
    """One colour per category present: pinned ones first, then a colour chosen by the key.

    A category takes the palette colour its key hashes to; when an earlier key (in sorted
    order) or a pinned category holds that colour, it takes the next free one. So a key keeps
    its colour from map to map unless it meets such a collision; pin it in `settings.colors`
    to be sure. Amounts play no part, except when there are more categories than colours:
    then the categories with the biggest totals (`weights`) keep a colour and the others
    share a neutral grey, rather than reuse a colour that would suggest a link. Colours are
    returned as #RRGGBB in capitals, in the order of the legend (the keys sorted).

    >>> color_categories(["FR", "AE", None, "FR"], pinned={"AE": "#cc79a7"})
    {'AE': '#CC79A7', 'FR': '#56B4E9'}
    """
    present = sorted({key for key in keys if key})
    pins = {key: _normal(color) for key, color in (pinned or {}).items()}
    colors = {key: pins[key] for key in present if key in pins}
    rest = [key for key in present if key not in colors]
    free = [c for c in CATEGORY_PALETTE if c not in colors.values()]
    coloured = set(rest)
    if len(rest) > len(free):
        totals = dict.fromkeys(rest, 0.0)
        for key, weight in zip(keys, weights or [0.0] * len(keys), strict=True):
            if key in totals:
                totals[key] += weight
        coloured = set(sorted(rest, key=lambda k: (-totals[k], k))[: len(free)])
    taken = set(colors.values())
    for key in rest:
        if key not in coloured:
            colors[key] = OTHER_COLOR
            continue
        slot = _preferred(key)
        while CATEGORY_PALETTE[slot] in taken:
            slot = (slot + 1) % len(CATEGORY_PALETTE)
        colors[key] = CATEGORY_PALETTE[slot]
        taken.add(colors[key])
    return {key: colors[key] for key in present}


def _normal(color: str) -> str:
    r, g, b = _channels(color)
    return f"#{r:02X}{g:02X}{b:02X}"
