"""Symbol sizes (and, through geo.render.colors, colours): the honest part of the map.

A reader compares circles by their area, so the area (not the radius) is
proportional to the amount and the scale starts at zero. Every radius on the
page, the legend's included, comes from `SizeScale.radius`, so the legend
cannot disagree with the symbols.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from geo.amount import Amount
from geo.render.colors import NEUTRAL_COLOR, OTHER_COLOR, PALETTE, color_categories, outline_color

__all__ = ["NEUTRAL_COLOR", "OTHER_COLOR", "PALETTE", "SizeScale", "color_categories", "legend_values",
           "make_scale", "nice_floor", "outline_color", "radii"]

#: Exponent for area-true circles; Flannery's apparent-size compensation is opt-in.
AREA_EXPONENT = 0.5
FLANNERY_EXPONENT = 0.5716
DEFAULT_R_MAX = 40.0
#: Undisclosed amounts get a fixed, neutral symbol; it must never read as "the smallest".
UNDISCLOSED_RADIUS = 9.0



@dataclass(frozen=True)
class SizeScale:
    """Maps euros to pixels: r = r_max · (v / v_max) ** exponent, zero at zero."""

    v_max: float
    r_max: float = DEFAULT_R_MAX
    exponent: float = AREA_EXPONENT

    def radius(self, value: float | None) -> float:
        if value is None or value <= 0 or self.v_max <= 0:
            return 0.0
        return round(self.r_max * (value / self.v_max) ** self.exponent, 2)


def radii(amount: Amount, scale: SizeScale) -> tuple[float, float]:
    """(r, r2) of a site's symbol: the disc and the ring, in pixels (0 when absent).

    The one rule for every kind of amount, used for the SVG symbols, the canvas and
    the legend alike: a range is a disc at its low bound and a ring at its high bound;
    "at least" a disc with a dashed ring a little outside it (the amount is larger);
    "up to" only a ring at its ceiling; an undisclosed amount a fixed neutral size that
    is never the smallest circle; an approximate amount ("environ 4 Md€") the disc of its
    figure (its cue, a dotted edge, is drawn by the page's `symbolSpecs`).

    >>> scale = SizeScale(v_max=50e9)
    >>> radii(Amount(30e9, 50e9, "range", ""), scale)
    (30.98, 40.0)
    >>> radii(Amount(None, None, "undisclosed", ""), scale)
    (9.0, 0.0)
    """
    kind = amount.kind
    if kind == "undisclosed":
        return UNDISCLOSED_RADIUS, 0.0
    if kind == "range":
        return scale.radius(amount.low), scale.radius(amount.high)
    if kind == "at_least":
        r = scale.radius(amount.low)
        return r, round(r + max(4.0, r * 0.25), 2)
    if kind == "up_to":
        return 0.0, scale.radius(amount.high)
    return scale.radius(amount.low), 0.0  # exact and approx


def make_scale(amounts: Iterable[Amount], v_max: float | None = None,
               r_max: float | None = None, flannery: bool = False) -> SizeScale:
    """The scale for a map; `v_max`/`r_max` pinned in the settings keep it stable as sites are added."""
    if v_max is None:
        bounds = [b for a in amounts for b in (a.low, a.high) if b]
        v_max = max(bounds, default=1.0)
    return SizeScale(v_max=float(v_max), r_max=float(r_max or DEFAULT_R_MAX),
                     exponent=FLANNERY_EXPONENT if flannery else AREA_EXPONENT)


def nice_floor(value: float) -> float:
    """The largest 1–2–5 × 10ⁿ value not above `value`: round numbers read at a glance."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for step in (5, 2, 1):
        if step * power <= value * (1 + 1e-9):
            return float(step * power)
    return float(power)


def legend_values(v_max: float, count: int = 3) -> list[float]:
    """Nested legend circles: the maximum, then round values spread well below it.

    The ratios (¼, ¹⁄₂₀) keep the circles visibly distinct; duplicates are dropped.
    """
    if v_max <= 0:
        return []
    top = nice_floor(v_max) if nice_floor(v_max) >= v_max * 0.999 else v_max
    values = [top]
    for ratio in (4, 20, 100)[: count - 1]:
        value = nice_floor(v_max / ratio)
        if value > 0 and value not in values:
            values.append(value)
    return values
