"""Rendering: enriched sites → one static, deterministic, embeddable HTML page.

folium provides the Leaflet map scaffold (map, tiles, attribution). The
symbols, legend and panels are drawn by `assets/geo-map.js` from a single JSON
blob computed here, so that:

* every radius comes from `symbology.SizeScale.radius` (the legend included);
* data text reaches the page only as JSON data or escaped HTML, never as code;
* the same input gives the same bytes (fixed element ids, sorted JSON keys,
  no timestamps), so `git diff` on `output/map.html` shows real changes only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from geo.amount import Amount, format_amount, format_eur, parse_amount
from geo.core.urls import safe_url
from geo.enrich import AREA_PRECISIONS, Site
from geo.render import assets, i18n
from geo.render.symbology import (
    NEUTRAL_COLOR,
    UNDISCLOSED_RADIUS,
    SizeScale,
    color_categories,
    legend_values,
    make_scale,
)

#: Above this many mapped sites, symbols are drawn on one canvas from a compact columnar
#: blob (geo/fastpath.py, assets/geo-canvas.js) instead of one keyboard-reachable SVG marker each;
#: the page then offers a search box instead of the full hidden table.
CANVAS_THRESHOLD = 2000
DEFAULT_TILES = "OpenStreetMap.Mapnik"
FRANCE_VIEW = {"center": [46.6, 2.4], "zoom": 5, "max_zoom": 7}
DATA_ATTRIBUTION = {
    "fr": "Géocodage : IGN Admin Express / INSEE COG (Licence Ouverte 2.0), GeoNames (CC BY 4.0), "
          "Natural Earth",
    "en": "Geocoding: IGN Admin Express / INSEE COG (Licence Ouverte 2.0), GeoNames (CC BY 4.0), "
          "Natural Earth",
}


@dataclass(frozen=True)
class RenderOptions:
    """What the reader will see; everything that changes the bytes of the page is here."""

    lang: str = "fr"
    offline: bool = False
    inline_assets: bool = False
    tiles: str = DEFAULT_TILES
    title: str | None = None


def json_for_html(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no U+2028."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# --- the data blob --------------------------------------------------------------------------


def _site_payload(site: Site, scale: SizeScale, colors: dict[str, str], lang: str) -> dict:
    amount = site.amount
    kind = amount.kind
    if kind == "undisclosed":
        r, r2 = UNDISCLOSED_RADIUS, 0.0
    elif kind == "range":
        r, r2 = scale.radius(amount.low), scale.radius(amount.high)
    elif kind == "at_least":
        r = scale.radius(amount.low)
        r2 = round(r + max(4.0, r * 0.25), 2)
    elif kind == "up_to":
        r, r2 = 0.0, scale.radius(amount.high)
    else:
        r, r2 = scale.radius(amount.low), 0.0
    name = site.location_name or site.place
    location_label = ", ".join(p for p in (name, site.context) if p and p != name) or name
    if site.context and not site.context.startswith(name):
        location_label = f"{name} ({site.context})" if name else site.context
    payload = {
        "amount_label": format_amount(amount, lang),
        "amount_text": amount.text,
        "area_precision": site.precision in AREA_PRECISIONS,
        "color": colors.get(site.category or "", NEUTRAL_COLOR)
        if kind != "undisclosed" else NEUTRAL_COLOR,
        "country": site.investor_country,
        "country_label": i18n.country_name(site.investor_country, lang),
        "date": site.date,
        "id": site.id,
        "investor": site.investor,
        "kind": kind,
        "location_label": location_label,
        "name": site.name,
        "notes": site.notes,
        "precision": site.precision,
        "precision_label": i18n.precision_label(site.precision, name, lang),
        "r": r,
        "r2": r2,
        "sources": [_source_payload(s) for s in site.sources],
        "status": site.status,
    }
    if site.mapped:
        payload["lat"] = round(site.lat, 6)
        payload["lon"] = round(site.lon, 6)
    return payload


def _source_payload(source: dict) -> dict:
    out = {k: str(source[k]) for k in ("title", "publisher", "date") if source.get(k)}
    url = safe_url(source.get("url"))
    if url:
        out["url"] = url
    return out


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


def _sum_label(amounts: Sequence[Amount], lang: str) -> str | None:
    if not amounts:
        return None
    low, high = _sum(amounts)
    undisclosed = sum(1 for a in amounts if a.kind == "undisclosed")
    if low <= 0 and high is None:
        label = format_amount(Amount(None, None, "undisclosed", ""), lang)
    elif high is None:
        label = format_amount(Amount(low, None, "at_least", ""), lang)
    elif abs(high - low) < 1e-6 * max(high, 1):
        label = format_eur(low, lang)
    else:
        label = format_amount(Amount(low, high, "range", ""), lang)
    n = len(amounts)
    sites = ("site" if n == 1 else "sites")
    extra = f" · {n} {sites}"
    if undisclosed:
        extra += (f", dont {undisclosed} non chiffré(s)" if lang == "fr"
                  else f", {undisclosed} without an amount")
    return label + extra


def _totals(sites: Sequence[Site], settings: dict, lang: str) -> dict | None:
    if not sites:
        return None
    mapped = [s.amount for s in sites if s.mapped]
    unlocated = [s.amount for s in sites if not s.mapped]
    everything = [s.amount for s in sites]
    totals: dict[str, Any] = {
        "listed": _sum_label(everything, lang),
        "mapped": _sum_label(mapped, lang),
        "unlocated": _sum_label(unlocated, lang),
    }
    headline = settings.get("headline_total")
    if isinstance(headline, dict) and headline.get("amount") is not None:
        try:
            head = parse_amount(headline["amount"])
        except ValueError:
            head = None
        if head is not None and head.low:
            label = format_amount(head, lang)
            if headline.get("label"):
                label += f" ({headline['label']})"
            totals["headline"] = label
            low, high = _sum(everything)
            pct = lambda v: f"{100 * v / head.low:.0f} %" if lang == "fr" else f"{100 * v / head.low:.0f}%"  # noqa: E731
            if high is None:
                totals["share"] = ("au moins " if lang == "fr" else "at least ") + pct(low)
            elif abs(high - low) < 1:
                totals["share"] = pct(low)
            else:
                totals["share"] = f"{pct(low)}–{pct(high)}"
            source = headline.get("source")
            if isinstance(source, dict):
                totals["headline_source"] = ", ".join(
                    str(source[k]) for k in ("title", "publisher", "date") if source.get(k))
    return totals


@cache
def _outlines(kind: str) -> dict[str, dict]:
    """Simplified department/region outlines shipped with the package, by code."""
    path = resources.files("geo").joinpath(f"data/{kind}s.geojson")
    data = json.loads(path.read_text("utf-8"))
    return {str(f["properties"]["code"]): f for f in data["features"]}


def _areas(sites: Sequence[Site]) -> dict:
    features = []
    seen = set()
    for site in sites:
        if site.precision in AREA_PRECISIONS and site.mapped and site.location_code:
            key = (site.precision, site.location_code)
            if key in seen:
                continue
            seen.add(key)
            outline = _outlines(site.precision).get(site.location_code)
            if outline is not None:
                features.append({"type": "Feature", "geometry": outline["geometry"],
                                 "properties": {"code": site.location_code,
                                                "kind": site.precision,
                                                "name": site.location_name}})
    return {"type": "FeatureCollection", "features": features}


#: Metropolitan regions and France's neighbours get a label on the offline basemap.
_LABEL_COUNTRIES = ("BE", "LU", "DE", "CH", "IT", "ES", "GB", "AD")


def _basemap_labels(lang: str) -> list[dict]:
    from geo.gazetteer import Gazetteer

    gazetteer = Gazetteer()
    labels = [{"kind": "region", "lat": r.lat, "lon": r.lon, "name": r.name}
              for code, r in sorted(gazetteer.regions.items()) if int(code) > 10]
    for code in _LABEL_COUNTRIES:
        country = gazetteer.countries.get(code)
        if country is not None:
            labels.append({"kind": "country", "lat": country.lat, "lon": country.lon,
                           "name": i18n.country_name(code, lang)})
    return labels


def _basemap(lang: str) -> dict:
    """Vector basemap for offline maps: land, then French regions and departments."""
    def load(name: str) -> dict:
        return json.loads(resources.files("geo").joinpath(f"data/{name}.geojson").read_text("utf-8"))

    return {"labels": _basemap_labels(lang), "layers": [
        {"data": load("countries"), "name": "countries",
         "style": {"color": "#b9b4aa", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1}},
        {"data": load("departments"), "name": "departments",
         "style": {"color": "#cfc8bb", "weight": 0.4, "fill": False}},
        {"data": load("regions"), "name": "regions",
         "style": {"color": "#a9a193", "weight": 0.9, "fill": False}},
    ]}


def build_payload(sites: Sequence[Site], settings: dict, options: RenderOptions) -> dict:
    """Everything the page draws, precomputed; the JS only lays it out."""
    lang = options.lang
    scale_settings = settings.get("scale") if isinstance(settings.get("scale"), dict) else {}
    scale = make_scale((s.amount for s in sites), v_max=scale_settings.get("v_max"),
                       r_max=scale_settings.get("r_max"),
                       flannery=bool(scale_settings.get("flannery")))
    color_by = str(settings.get("color_by") or "investor_country")
    colors = color_categories([s.category for s in sites], [s.amount.sort_key for s in sites])
    ordered = sorted(sites, key=lambda s: (-s.amount.sort_key, s.id))
    mapped = [s for s in ordered if s.mapped]
    unlocated = [s for s in ordered if not s.mapped]
    kinds = sorted({s.amount.kind for s in sites})
    labels = i18n.labels(lang)
    amounts_present = [s for s in sites if s.amount.kind != "undisclosed"]
    sizes = [{"label": format_eur(v, lang), "r": scale.radius(v), "value": v}
             for v in legend_values(scale.v_max)] if amounts_present else []
    fast = len(mapped) > CANVAS_THRESHOLD
    payload = {
        "areas": _areas(mapped),
        "id": _content_id(sites, settings, options),
        "labels": labels,
        "lang": lang,
        "legend": {
            "area": any(s.precision in AREA_PRECISIONS for s in mapped),
            "colors": [{"color": c, "key": k,
                        "label": i18n.country_name(k, lang) if color_by == "investor_country" else k}
                       for k, c in colors.items()],
            "colors_title": labels["legend_colors"] if color_by == "investor_country" else color_by,
            "kinds": kinds,
            "sizes": sizes,
            "undisclosed_r": UNDISCLOSED_RADIUS,
        },
        "scale": {"exponent": scale.exponent, "r_max": scale.r_max, "v_max": scale.v_max},
        "sites": [] if fast else [_site_payload(s, scale, colors, lang) for s in mapped],
        "totals": _totals(sites, settings, lang),
        "unlocated": [_site_payload(s, scale, colors, lang) for s in unlocated],
        "view": {**FRANCE_VIEW, "bounds": _bounds(mapped)},
    }
    if options.offline:
        payload["basemap"] = _basemap(lang)
    if fast:
        from geo.render.fastpath import fast_payload

        payload["fast"] = fast_payload(mapped, scale, colors, lang)
    return payload


def _bounds(sites: Sequence[Site]) -> list[list[float]] | None:
    if not sites:
        return None
    lats = [s.lat for s in sites]
    lons = [s.lon for s in sites]
    return [[round(min(lats), 5), round(min(lons), 5)], [round(max(lats), 5), round(max(lons), 5)]]


def _content_id(sites: Sequence[Site], settings: dict, options: RenderOptions) -> str:
    digest = hashlib.sha256(repr((sorted(s.id for s in sites), options)).encode()).hexdigest()
    return "geo-" + digest[:12]


# --- the page -------------------------------------------------------------------------------


def _tiles(name: str) -> tuple[str, str, str]:
    """(url, html attribution, CSP origin) of an xyzservices provider."""
    import xyzservices.providers as xyz

    provider = xyz.query_name(name)
    url = provider.build_url(scale_factor="{r}") if "{r}" in provider.url else provider.build_url()
    attribution = provider.html_attribution
    host = urlsplit(url.replace("{s}", "a")).netloc
    origin = "https://" + ("*." + host.split(".", 1)[1] if "{s}" in url else host)
    return url, attribution, origin


def _folium_map(options: RenderOptions) -> tuple[str, list[str]]:
    """The folium page with fixed element ids; returns (html, CSP origins for tiles)."""
    import folium
    from branca.element import MacroElement
    from jinja2 import Template

    fmap = folium.Map(location=FRANCE_VIEW["center"], zoom_start=FRANCE_VIEW["zoom"], tiles=None,
                      control_scale=True, min_zoom=2, max_zoom=14, world_copy_jump=False)
    fmap._id = "geo"
    fmap.default_js = [("leaflet", assets.LEAFLET_JS_URL)]
    fmap.default_css = [("leaflet_css", assets.LEAFLET_CSS_URL)]
    origins: list[str] = []
    if not options.offline:
        url, attribution, origin = _tiles(options.tiles)
        layer = folium.TileLayer(tiles=url, attr=attribution, name=options.tiles, max_zoom=19)
        layer._id = "tiles"
        layer.add_to(fmap)
        origins.append(origin)

    class Symbols(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "geoMap({{ this._parent.get_name() }}, "
            "JSON.parse(document.getElementById('geo-data').textContent));"
            "{% endmacro %}")

    symbols = Symbols()
    symbols._id = "symbols"
    symbols.add_to(fmap)
    return fmap.get_root().render(), origins


def _table(sites: Sequence[Site], payloads: dict[str, dict], lang: str) -> str:
    """A plain table of every site: the same facts for screen readers and no-JS readers."""
    t = i18n.labels(lang)
    head = "".join(f"<th scope=\"col\">{html.escape(t[k])}</th>"
                   for k in ("name", "investor", "amount", "location", "sources"))
    rows = []
    for site in sites:
        p = payloads[site.id]
        sources = "; ".join(
            (f'<a href="{html.escape(s["url"])}" rel="noopener noreferrer">'
             f'{html.escape(s.get("title") or s["url"])}</a>' if s.get("url")
             else html.escape(s.get("title", ""))) for s in p["sources"])
        rows.append(
            "<tr>"
            f"<th scope=\"row\">{html.escape(site.name)}</th>"
            f"<td>{html.escape(site.investor or '')}</td>"
            f"<td>{html.escape(p['amount_label'])} ({html.escape(site.amount.text)})</td>"
            f"<td>{html.escape(p['location_label'])} — {html.escape(p['precision_label'])}</td>"
            f"<td>{sources}</td>"
            "</tr>")
    return (f'<table class="geo-table"><caption>{html.escape(t["table_caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _csp(script_hashes: list[str], style_hashes: list[str], offline: bool, inline: bool,
         tile_origins: list[str]) -> str:
    cdn = [] if inline else ["https://cdn.jsdelivr.net"]
    scripts = " ".join([*cdn, *sorted(set(script_hashes))])
    styles = " ".join([*cdn, *sorted(set(style_hashes))])
    imgs = " ".join(["data:", *([] if offline else tile_origins)])
    return (f"default-src 'none'; script-src {scripts}; style-src {styles}; img-src {imgs}; "
            "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)
_STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)


def render_html(sites: Sequence[Site], settings: dict, options: RenderOptions) -> str:
    """The whole page as a string; the same arguments always give the same string."""
    lang = options.lang
    payload = build_payload(sites, settings, options)
    page, tile_origins = _folium_map(options)
    title = options.title or settings.get("title") or i18n.labels(lang)["map_label"]
    subtitle = settings.get("subtitle")
    credit = settings.get("credit")

    inline = options.offline or options.inline_assets
    leaflet_js_tag = f'<script src="{assets.LEAFLET_JS_URL}"></script>'
    leaflet_css_tag = f'<link rel="stylesheet" href="{assets.LEAFLET_CSS_URL}"/>'
    if inline:
        page = page.replace(leaflet_js_tag, "<script>" + assets.read_asset("leaflet/leaflet.js")
                            + "</script>")
        page = page.replace(leaflet_css_tag, "<style>" + assets.leaflet_css_inline() + "</style>")
    else:
        js_sri = _sri(assets.read_asset("leaflet/leaflet.js"))
        css_sri = _sri(assets.read_asset("leaflet/leaflet.css"))
        page = page.replace(leaflet_js_tag, f'<script src="{assets.LEAFLET_JS_URL}" '
                            f'integrity="{js_sri}" crossorigin="anonymous"></script>')
        page = page.replace(leaflet_css_tag, f'<link rel="stylesheet" href="{assets.LEAFLET_CSS_URL}" '
                            f'integrity="{css_sri}" crossorigin="anonymous"/>')
    # folium forbids pinch-zoom on phones; readers with low vision need it.
    page = re.sub(r'<meta name="viewport"[^>]*>',
                  '<meta name="viewport" content="width=device-width, initial-scale=1.0" />', page)

    head_extra = ("<style>" + assets.read_asset("geo-map.css") + "</style>\n"
                  "<script>" + assets.read_asset("geo-map.js") + "</script>\n")
    if "fast" in payload:
        head_extra += "<script>" + assets.read_asset("geo-canvas.js") + "</script>\n"
    page = page.replace("</head>", head_extra + "</head>", 1)

    payloads = {p["id"]: p for p in payload["sites"] + payload["unlocated"]}
    header = (f'<header class="geo-header"><h1>{html.escape(title)}</h1>'
              + (f"<p>{html.escape(subtitle)}</p>" if subtitle else "") + "</header>")
    footer_lines = []
    if credit:
        footer_lines.append(f"<p>{html.escape(credit)}</p>")
    if settings.get("date"):
        as_of = i18n.labels(lang)["data_as_of"].format(date=i18n.format_date(str(settings["date"]), lang))
        footer_lines.append(f"<p>{html.escape(as_of)}</p>")
    footer_lines.append(f"<p>{html.escape(DATA_ATTRIBUTION[lang])}</p>")
    footer = f'<footer class="geo-footer">{"".join(footer_lines)}</footer>'
    # Only the sites with a per-site payload (all of them below the canvas threshold).
    table_sites = sorted((s for s in sites if s.id in payloads), key=lambda s: (-s.amount.sort_key, s.id))
    # Every site in a table, for screen readers, keyboard users and readers without
    # JavaScript: a disclosure below the map, closed so that the browser does not lay out
    # a 2,000-row table before the map is drawn (~0.3 s of layout at 1,000 sites).
    table = ""
    if table_sites:
        summary = i18n.labels(lang)["table_summary"].format(n=i18n.format_count(len(table_sites), lang))
        table = (f'<details class="geo-data" id="geo-table"><summary>{html.escape(summary)}</summary>'
                 f'{_table(table_sites, payloads, lang)}</details>')
    blob = f'<script type="application/json" id="geo-data">{json_for_html(payload)}</script>'
    side_label = html.escape(i18n.labels(lang)["totals"])
    page = re.sub(r'(<div class="folium-map" id="map_geo" ></div>)',
                  lambda m: header + '<main class="geo-main"><div class="geo-mapbox">' + m.group(1)
                  + f'</div><aside class="geo-side" id="geo-side" aria-label="{side_label}"></aside>'
                  + "</main>" + table
                  + footer + blob, page, count=1)
    page = page.replace("<body>", '<body class="geo-page">', 1)
    page = page.replace("<html>", f'<html lang="{lang}">', 1)

    # Before hashing: browsers hash inline code after normalising CRLF (leaflet.css has CRLF).
    page = re.sub(r"[ \t]+\n", "\n", page.replace("\r\n", "\n"))
    scripts = [_sha256(m.group(1)) for m in _SCRIPT_RE.finditer(page)]
    styles = [_sha256(m.group(1)) for m in _STYLE_RE.finditer(page)]
    csp = _csp(scripts, styles, options.offline, inline, tile_origins)
    csp_attr = html.escape(csp, quote=False).replace('"', "&quot;")
    head_meta = (f'<meta charset="utf-8" />\n    <title>{html.escape(title)}</title>\n'
                 f'    <meta http-equiv="Content-Security-Policy" content="{csp_attr}" />\n'
                 '    <meta name="referrer" content="strict-origin-when-cross-origin" />\n')
    page = page.replace('<meta http-equiv="content-type" content="text/html; charset=UTF-8" />',
                        head_meta, 1)
    return page


def _sri(text: str) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(text.encode("utf-8")).digest()).decode()
