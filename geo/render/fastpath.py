"""The compact columnar blob of the mapped sites, for every map (SVG symbols or canvas).

A per-site JSON object (about 500 bytes each) made a 1,000-site page ship more site data
than explore()'s whole page, and would make a 100,000-site page weigh 60 MB, so the
renderer hands the mapped sites to `fast_payload`, which stores them by column, in drawing
order (biggest first). The page draws from the drawing columns and builds tooltips, popups
and search results from the text columns when they are asked for (geo-map.js `siteAt`):

``cols`` (JSON, then deflated, see below)::

    {"n": N,
     "lat": [...], "lon": [...],   # integers at 1e-5°, delta-encoded (first value absolute)
     "style": [...],               # index into "styles"
     "styles": [[kind, r, r2, color, area_precision], ...],
     "name": [...], "id": [...],   # one string per site (a dict-column when mostly repeated)
     "investor": C, "country": C, "amount": C, "loc": C,
     "date": C, "status": C, "notes": C, "sources": C}

where a dict-column ``C`` is ``{"t": [value, ...], "i": [index per site]}``
(`null` values included) and ``amount`` values are ``[amount_label,
amount_text]``, ``loc`` values ``[location_label, precision_label]``,
``country`` values ``[code, country_label]``, ``sources`` values a list of
source objects as in the per-site payload.

Every radius is `symbology.radii`, as for the per-site payload, so the
JS does no scale arithmetic. The page carries ``{"v": 2, "n": N, "z":
base64(raw deflate(drawing columns)), "d": base64(raw deflate(text columns))}``:
columns compress well (names, ids and deltas repeat patterns), which keeps
100,000 sites under 40 bytes each. The drawing columns (``n``, ``lat``,
``lon``, ``style``, ``styles``) come apart from the text so that the page draws
first and reads the text (tooltips, popups, search) right after.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from geo.amount import format_amount, format_conversion
from geo.core.vocab import AREA_PRECISIONS
from geo.enrich import Site
from geo.render import i18n
from geo.render.facts import location_labels, source_payload
from geo.render.outlines import pack
from geo.render.symbology import NEUTRAL_COLOR, SizeScale, radii

#: Coordinates are stored as integers in units of 1e-5 degree (about 1 m).
COORD_FACTOR = 100_000
FORMAT_VERSION = 2


def _sources(site: Site) -> list[dict] | None:
    return [source_payload(s) for s in site.sources] if site.sources else None


class _Dict:
    """A dictionary-encoded column: each distinct key once, one small index per site."""

    def __init__(self) -> None:
        self.index: list[int] = []
        self.seen: dict[Any, int] = {}

    def add(self, key: Any) -> None:
        seen = self.seen
        i = seen.get(key)
        if i is None:
            i = seen[key] = len(seen)
        self.index.append(i)

    def json(self, value: Callable[[Any], Any] | None = None) -> dict:
        """`value` turns a key into what the page shows (keys are hashable stand-ins)."""
        keys = list(self.seen)  # insertion order = index order
        return {"i": self.index, "t": keys if value is None else [value(k) for k in keys]}


def _delta(values: list[int]) -> list[int]:
    out, prev = [], 0
    for v in values:
        out.append(v - prev)
        prev = v
    return out


def columns(sites: Sequence[Site], scale: SizeScale, colors: dict[str, str], lang: str,
            extras: dict[str, dict[str, Any]] | None = None) -> dict:
    """The uncompressed columns (see the module docstring), in the order given (drawing order).

    One pass; each dictionary column stores hashable keys and turns them into the page's
    values once per distinct key at the end (at 100,000 sites, per-site allocations cost).
    """
    styles, investor, country, amount, loc = _Dict(), _Dict(), _Dict(), _Dict(), _Dict()
    date, status, notes, sources, extra = _Dict(), _Dict(), _Dict(), _Dict(), _Dict()
    extras = extras or {}
    extra_values: dict[str, dict[str, Any]] = {}
    lats, lons, names, ids = [], [], [], []
    amount_labels: dict[tuple, str] = {}
    loc_labels: dict[tuple, tuple[str, str]] = {}
    radii_by_key: dict[tuple, tuple[float, float]] = {}
    first_with_sources: dict[tuple, Site] = {}
    for site in sites:
        a = site.amount
        kind = a.kind
        key = (kind, a.min, a.max, a.converted)
        if key not in radii_by_key:
            radii_by_key[key] = radii(a, scale)
            # A converted amount says what was announced and at which rate, as on small maps.
            amount_labels[key] = format_conversion(a, lang) or format_amount(a, lang)
        r, r2 = radii_by_key[key]
        color = (colors.get(site.category or "", NEUTRAL_COLOR) if kind != "undisclosed"
                 else NEUTRAL_COLOR)
        styles.add((kind, r, r2, color, site.precision in AREA_PRECISIONS))
        lats.append(round(site.lat * COORD_FACTOR))
        lons.append(round(site.lon * COORD_FACTOR))
        names.append(site.name)
        ids.append(site.id)
        investor.add(site.investor)
        country.add(site.investor_country)
        amount.add((amount_labels[key], a.text))
        lkey = (site.location_name, site.place, site.context, site.precision, site.places)
        labels = loc_labels.get(lkey)
        if labels is None:
            labels = loc_labels[lkey] = location_labels(site, lang)
        loc.add(labels)
        date.add(site.date)
        status.add(site.status)
        notes.add(site.notes)
        # Key on the raw source fields (cheap); build the payload once per combination.
        skey = tuple(tuple(sorted((k, str(v)) for k, v in d.items())) for d in site.sources) \
            if site.sources else ()
        if skey not in first_with_sources:
            first_with_sources[skey] = site
        sources.add(skey)
        # What the newsroom features add to a popup (programme, "new" badge…), mostly nothing.
        more = extras.get(site.id)
        ekey = json.dumps(more, sort_keys=True, ensure_ascii=False) if more else None
        if ekey is not None:
            extra_values[ekey] = more
        extra.add(ekey)
    cols = {
        "amount": amount.json(list),
        "country": country.json(lambda c: [c, i18n.country_name(c, lang)]),
        "date": date.json(), "id": ids, "investor": investor.json(), "lat": _delta(lats),
        "loc": loc.json(list), "lon": _delta(lons), "n": len(names), "name": names,
        "notes": notes.json(), "sources": sources.json(lambda k: _sources(first_with_sources[k])),
        "status": status.json(), "style": styles.index, "styles": styles.json(list)["t"],
    }
    if extra_values:
        cols["extra"] = extra.json(lambda k: extra_values.get(k))
    return cols


#: The columns needed to draw; the others (text for tooltips, popups and search) are packed
#: apart so that the page can draw before it has inflated and parsed them.
DRAW_COLUMNS = ("lat", "lon", "n", "style", "styles")


#: Columns whose JSON is at most this long go in the page as they are: deflating them would
#: save less than the page spends waiting for the browser to inflate them.
PLAIN_MAX = 4096


def _pack(cols: dict) -> str | dict:
    if len(json.dumps(cols, ensure_ascii=False, separators=(",", ":"))) <= PLAIN_MAX:
        return cols
    # Level 4: within 6 % of level 6 in size (~39 bytes a site at 100k) for ~40 % of its time.
    return pack(cols, level=4)


def fast_payload(sites: Sequence[Site], scale: SizeScale, colors: dict[str, str], lang: str,
                 extras: dict[str, dict[str, Any]] | None = None) -> dict:
    """The blob the page reads: ``{"v", "n", "z", "d"}``, where ``z`` is
    base64(deflate(the drawing columns)) and ``d`` the same for the text columns (each the
    columns themselves when their JSON is under `PLAIN_MAX`)."""
    cols = columns(sites, scale, colors, lang, extras)
    draw = {k: cols[k] for k in DRAW_COLUMNS}
    text = {k: v for k, v in cols.items() if k not in DRAW_COLUMNS}
    return {"d": _pack(text), "n": cols["n"], "v": FORMAT_VERSION, "z": _pack(draw)}
