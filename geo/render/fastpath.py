"""The compact columnar blob for maps with many sites (drawn on one canvas by geo-canvas.js).

Above `render.CANVAS_THRESHOLD` mapped sites a per-site JSON object (about 600
bytes each) would make a 100,000-site page weigh 60 MB, so the renderer hands
the sites to `fast_payload`, which stores them by column, in drawing order
(biggest first, as the SVG path):

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

Every radius is `SizeScale.radius` (via `render._site_payload`'s rules), so the
JS does no scale arithmetic. The page carries ``{"v": 2, "n": N, "z":
base64(raw deflate(drawing columns)), "d": base64(raw deflate(text columns))}``:
columns compress well (names, ids and deltas repeat patterns), which keeps
100,000 sites under 40 bytes each. The drawing columns (``n``, ``lat``,
``lon``, ``style``, ``styles``) come apart from the text so that the page draws
first and reads the text (tooltips, popups, search) right after. `decode`
reads both back (tests, debugging).
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Callable, Sequence
from typing import Any

from geo.amount import format_amount
from geo.enrich import AREA_PRECISIONS, Site
from geo.render import i18n
from geo.render.symbology import NEUTRAL_COLOR, UNDISCLOSED_RADIUS, SizeScale

#: Coordinates are stored as integers in units of 1e-5 degree (about 1 m).
COORD_FACTOR = 100_000
FORMAT_VERSION = 2


def _radii(site: Site, scale: SizeScale) -> tuple[float, float]:
    """(r, r2) exactly as `render._site_payload` computes them."""
    amount = site.amount
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
    return scale.radius(amount.low), 0.0


def _location_labels(site: Site, lang: str) -> tuple[str, str]:
    name = site.location_name or site.place
    location_label = ", ".join(p for p in (name, site.context) if p and p != name) or name
    if site.context and not site.context.startswith(name):
        location_label = f"{name} ({site.context})" if name else site.context
    return location_label, i18n.precision_label(site.precision, name, lang)


def _sources(site: Site) -> list[dict] | None:
    from geo.render.page import _source_payload

    return [_source_payload(s) for s in site.sources] if site.sources else None


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


def columns(sites: Sequence[Site], scale: SizeScale, colors: dict[str, str], lang: str) -> dict:
    """The uncompressed columns (see the module docstring), in the order given (drawing order).

    One pass; each dictionary column stores hashable keys and turns them into the page's
    values once per distinct key at the end (at 100,000 sites, per-site allocations cost).
    """
    styles, investor, country, amount, loc = _Dict(), _Dict(), _Dict(), _Dict(), _Dict()
    date, status, notes, sources = _Dict(), _Dict(), _Dict(), _Dict()
    lats, lons, names, ids = [], [], [], []
    amount_labels: dict[tuple, str] = {}
    loc_labels: dict[tuple, tuple[str, str]] = {}
    radii: dict[tuple, tuple[float, float]] = {}
    first_with_sources: dict[tuple, Site] = {}
    for site in sites:
        a = site.amount
        kind = a.kind
        key = (kind, a.min, a.max)
        if key not in radii:
            radii[key] = _radii(site, scale)
            amount_labels[key] = format_amount(a, lang)
        r, r2 = radii[key]
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
        lkey = (site.location_name, site.place, site.context, site.precision)
        labels = loc_labels.get(lkey)
        if labels is None:
            labels = loc_labels[lkey] = _location_labels(site, lang)
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
    return {
        "amount": amount.json(list),
        "country": country.json(lambda c: [c, i18n.country_name(c, lang)]),
        "date": date.json(), "id": ids, "investor": investor.json(), "lat": _delta(lats),
        "loc": loc.json(list), "lon": _delta(lons), "n": len(names), "name": names,
        "notes": notes.json(), "sources": sources.json(lambda k: _sources(first_with_sources[k])),
        "status": status.json(), "style": styles.index, "styles": styles.json(list)["t"],
    }


#: The columns needed to draw; the others (text for tooltips, popups and search) are packed
#: apart so that the page can draw before it has inflated and parsed them.
DRAW_COLUMNS = ("lat", "lon", "n", "style", "styles")


def _pack(cols: dict) -> str:
    raw = json.dumps(cols, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                     allow_nan=False).encode("utf-8")
    # Level 4: within 6 % of level 6 in size (~39 bytes a site at 100k) for ~40 % of its time.
    packer = zlib.compressobj(4, zlib.DEFLATED, -15)  # raw deflate: DecompressionStream("deflate-raw")
    return base64.b64encode(packer.compress(raw) + packer.flush()).decode("ascii")


def fast_payload(sites: Sequence[Site], scale: SizeScale, colors: dict[str, str], lang: str) -> dict:
    """The blob the canvas layer reads: ``{"v", "n", "z", "d"}``, where ``z`` is
    base64(deflate(the drawing columns)) and ``d`` the same for the text columns."""
    cols = columns(sites, scale, colors, lang)
    draw = {k: cols[k] for k in DRAW_COLUMNS}
    text = {k: v for k, v in cols.items() if k not in DRAW_COLUMNS}
    return {"d": _pack(text), "n": cols["n"], "v": FORMAT_VERSION, "z": _pack(draw)}


def decode(blob: dict) -> dict:
    """The columns of a `fast_payload` blob (the inverse of the packing, not of the encoding)."""
    cols = {}
    for part in ("z", "d"):
        cols.update(json.loads(zlib.decompress(base64.b64decode(blob[part]), -15)))
    return cols


def coordinates(cols: dict) -> list[tuple[float, float]]:
    """(lat, lon) of every site, undoing the delta encoding."""
    out, lat, lon = [], 0, 0
    for dlat, dlon in zip(cols["lat"], cols["lon"], strict=True):
        lat += dlat
        lon += dlon
        out.append((lat / COORD_FACTOR, lon / COORD_FACTOR))
    return out


def site(cols: dict, i: int) -> dict:
    """Site `i` as the per-site payload shape (what geo-canvas.js builds for a popup)."""
    def col(name: str) -> Any:
        c = cols[name]
        return c["t"][c["i"][i]]

    kind, r, r2, color, area = cols["styles"][cols["style"][i]]
    code, country_label = col("country")
    amount_label, amount_text = col("amount")
    location_label, precision_label = col("loc")
    return {"amount_label": amount_label, "amount_text": amount_text, "area_precision": area,
            "color": color, "country": code, "country_label": country_label, "date": col("date"),
            "id": cols["id"][i], "investor": col("investor"), "kind": kind,
            "location_label": location_label, "name": cols["name"][i], "notes": col("notes"),
            "precision_label": precision_label, "r": r, "r2": r2,
            "sources": col("sources") or [], "status": col("status")}
