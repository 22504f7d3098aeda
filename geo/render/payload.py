"""The page's data: everything the map draws, precomputed, in one JSON blob.

Every radius comes from `symbology.radii` (the legend's included), every word from
`i18n`, every label from `facts`: the page's script only lays things out, so the legend
cannot disagree with the symbols and text from the data never becomes code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from geo.amount import Amount, format_amount, format_eur
from geo.core.vocab import AREA_PRECISIONS
from geo.enrich import Headline, Site, Unresolved
from geo.render import i18n
from geo.render.basemap import area_bounds, areas, basemap
from geo.render.facts import location_labels, source_payload
from geo.render.fastpath import fast_payload
from geo.render.newsroom import annotations, counted, to_check_payload
from geo.render.options import RenderOptions
from geo.render.symbology import (
    NEUTRAL_COLOR,
    UNDISCLOSED_RADIUS,
    SizeScale,
    color_categories,
    legend_values,
    make_scale,
    outline_color,
    radii,
)

__all__ = ["CANVAS_THRESHOLD", "FRANCE_VIEW", "build_payload", "site_payload", "text_payload"]

#: Above this many mapped sites, symbols are drawn on one canvas (assets/geo-canvas.js)
#: instead of one keyboard-reachable SVG symbol each; the page then offers a search box
#: instead of the full table. Both read the same columnar blob (fastpath.py).
CANVAS_THRESHOLD = 2000
FRANCE_VIEW = {"center": [46.6, 2.4], "zoom": 5, "max_zoom": 7}


def text_payload(site: Site, lang: str) -> dict[str, Any]:
    """What the page says about one site (tooltip, popup, table row), in the reader's language."""
    location_label, precision_label = location_labels(site, lang)
    return {
        "amount_label": format_amount(site.amount, lang),
        "amount_text": site.amount.text,
        "country": site.investor_country,
        "country_label": i18n.country_name(site.investor_country, lang),
        "date": site.date,
        "id": site.id,
        "investor": site.investor,
        "location_label": location_label,
        "name": site.name,
        "notes": site.notes,
        "precision": site.precision,
        "precision_label": precision_label,
        "sources": [source_payload(s) for s in site.sources],
        "status": site.status,
    }


def site_payload(site: Site, scale: SizeScale, colors: dict[str, str], lang: str) -> dict[str, Any]:
    """One site as one object: its text and its symbol. The page gets the mapped sites as
    columns (`fastpath.columns`, the same values) and the unlocated ones as these objects."""
    kind = site.amount.kind
    r, r2 = radii(site.amount, scale)
    payload = {
        **text_payload(site, lang),
        "area_precision": site.precision in AREA_PRECISIONS,
        "color": colors.get(site.category or "", NEUTRAL_COLOR)
        if kind != "undisclosed" else NEUTRAL_COLOR,
        "kind": kind,
        "r": r,
        "r2": r2,
    }
    if site.mapped:
        payload["lat"] = round(site.lat, 6)
        payload["lon"] = round(site.lon, 6)
    return payload


def _sum(amounts: Sequence[Amount]) -> tuple[float, float | None]:
    """Sum bounds honestly: an open bound (at least, undisclosed) keeps the high sum open."""
    low = sum(a.low or 0.0 for a in amounts if a.kind != "up_to")
    high: float | None = 0.0
    for a in amounts:
        if a.high is None:
            high = None
            break
        high += a.high
    return low, high


def _sum_label(amounts: Sequence[Amount], lang: str, inside: int = 0) -> str | None:
    """The sum of `amounts`, and how many sites; `inside` more sites are listed but already
    counted in their programme's figure."""
    if not amounts and not inside:
        return None
    low, high = _sum(amounts)
    undisclosed = sum(1 for a in amounts if a.kind == "undisclosed")
    if low <= 0 and high is None:
        label = format_amount(Amount(None, None, "undisclosed", ""), lang)
    elif high is None:
        label = format_amount(Amount(low, None, "at_least", ""), lang)
    elif abs(high - low) < 1e-6 * max(high, 1):
        # A sum with an approximate term is approximate.
        approx = any(a.kind == "approx" for a in amounts)
        label = format_amount(Amount(low, low, "approx" if approx else "exact", ""), lang)
    else:
        label = format_amount(Amount(low, high, "range", ""), lang)
    n = len(amounts) + inside
    extra = f" · {n} {'site' if n == 1 else 'sites'}"
    if undisclosed:
        extra += (f", dont {undisclosed} non chiffré(s)" if lang == "fr"
                  else f", {undisclosed} without an amount")
    if inside:
        extra += (f", dont {inside} compté(s) dans leur programme" if lang == "fr"
                  else f", {inside} counted in their programme")
    return label + extra


def _share(listed: Sequence[Amount], headline: Amount, lang: str) -> str:
    """The part of the headline total that the listed sites account for, as a range if need be."""
    def pct(value: float) -> str:
        return f"{100 * value / headline.low:.0f}" + (" %" if lang == "fr" else "%")

    low, high = _sum(listed)
    if high is None:
        return ("au moins " if lang == "fr" else "at least ") + pct(low)
    if abs(high - low) < 1:
        return pct(low)
    return f"{pct(low)}–{pct(high)}"


def _totals(sites: Sequence[Site], headline: Headline | None, lang: str) -> dict | None:
    if not sites:
        return None
    # A site that is part of a programme listed too is counted in the programme's figure.
    def total(subset: list[Site]) -> str | None:
        kept = counted(subset, sites)
        return _sum_label([s.amount for s in kept], lang, inside=len(subset) - len(kept))

    everything = [s.amount for s in counted(sites)]
    totals: dict[str, Any] = {
        "listed": total(list(sites)),
        "mapped": total([s for s in sites if s.mapped]),
        "unlocated": total([s for s in sites if not s.mapped]),
    }
    if any(s.part_of for s in sites):
        totals["programmes_note"] = i18n.labels(lang)["totals_programmes"]
    if headline is not None:
        label = format_amount(headline.amount, lang)
        totals["headline"] = f"{label} ({headline.label})" if headline.label else label
        totals["share"] = _share(everything, headline.amount, lang)
        if headline.source:
            totals["headline_source"] = headline.source
    return totals


def _legend(sites: Sequence[Site], mapped: Sequence[Site], colors: dict[str, str], color_by: str,
            scale: SizeScale, lang: str) -> dict[str, Any]:
    labels = i18n.labels(lang)
    by_country = color_by == "investor_country"
    sizes = [{"label": format_eur(v, lang), "r": scale.radius(v), "value": v}
             for v in legend_values(scale.v_max)] \
        if any(s.amount.kind != "undisclosed" for s in sites) else []
    return {
        "area": any(s.precision in AREA_PRECISIONS for s in mapped),
        "colors": [{"color": c, "key": k, "label": i18n.country_name(k, lang) if by_country else k,
                    "outline": outline_color(c)} for k, c in colors.items()],
        "colors_title": labels["legend_colors"] if by_country else color_by,
        "kinds": sorted({s.amount.kind for s in sites}),
        "sizes": sizes,
        "undisclosed_r": UNDISCLOSED_RADIUS,
    }


def build_payload(sites: Sequence[Site], settings: dict[str, Any], options: RenderOptions,
                  headline: Headline | None = None,
                  to_check: Sequence[Unresolved] = ()) -> dict[str, Any]:
    """Everything the page draws, precomputed; the page's script only lays it out.

    `to_check` are the sites that did not resolve: the page is then a draft that lists them.
    """
    lang = options.lang
    scale_settings = settings.get("scale") if isinstance(settings.get("scale"), dict) else {}
    scale = make_scale((s.amount for s in sites), v_max=scale_settings.get("v_max"),
                       r_max=scale_settings.get("r_max"),
                       flannery=bool(scale_settings.get("flannery")))
    color_by = str(settings.get("color_by") or "investor_country")
    colors = color_categories([s.category for s in sites], [s.amount.sort_key for s in sites],
                              pinned=settings.get("colors"))
    ordered = sorted(sites, key=lambda s: (-s.amount.sort_key, s.id))
    mapped = [s for s in ordered if s.mapped]
    unlocated = [s for s in ordered if not s.mapped]
    extras = annotations(sites, settings, lang)
    payload = {
        "areas": areas(mapped),
        "canvas": len(mapped) > CANVAS_THRESHOLD,
        "id": _content_id(sites, options),
        "labels": i18n.labels(lang),
        "lang": lang,
        "legend": _legend(sites, mapped, colors, color_by, scale, lang),
        "scale": {"exponent": scale.exponent, "r_max": scale.r_max, "v_max": scale.v_max},
        "sites": fast_payload(mapped, scale, colors, lang, extras),
        "totals": _totals(sites, headline, lang) if settings.get("totals") is not False else None,
        "unlocated": [{**site_payload(s, scale, colors, lang), **extras.get(s.id, {})} for s in unlocated],
        "view": {**FRANCE_VIEW, "bounds": _bounds(mapped)},
    }
    if to_check:
        payload["draft"] = True
        payload["to_check"] = to_check_payload(to_check)
    if options.offline:
        payload["basemap"] = basemap(lang, mapped)
    return payload


def _bounds(sites: Sequence[Site]) -> list[list[float]] | None:
    """The sites and the outlines of their areas: what the first view must hold."""
    if not sites:
        return None
    lats = [s.lat for s in sites]
    lons = [s.lon for s in sites]
    outlines = area_bounds(sites)
    if outlines:
        lats += [outlines[0][0], outlines[1][0]]
        lons += [outlines[0][1], outlines[1][1]]
    return [[round(min(lats), 5), round(min(lons), 5)], [round(max(lats), 5), round(max(lons), 5)]]


def _content_id(sites: Sequence[Site], options: RenderOptions) -> str:
    """A short id of the map (its sites and options): stable across builds of the same data."""
    digest = hashlib.sha256(repr((sorted(s.id for s in sites), options)).encode()).hexdigest()
    return "geo-" + digest[:12]
