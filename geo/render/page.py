"""The page: a real folium map in a branca figure, with geo's header, panels, table and data.

Why folium objects rather than HTML strings: a caller of `geo.make_map` gets a
`folium.Map` to add layers to, which displays in Jupyter and whose `.save()` writes the
same page as `geo render`. Each part of the page is an element:

* `GeoFigure`, the document (language, title), whose `render` ends with the only string
  pass left: hashing the inline scripts and styles into the Content-Security-Policy;
* `GeoMap`, a `folium.Map` whose own parts are folium's script (the `L.map` call) and
  geo's markup around the map (its box and the side panel the script fills);
* the header, the site table, the footer and the JSON data blob, as elements;
* Leaflet from jsDelivr with Subresource Integrity, or inlined, and geo's CSS and JS.

Same input, same bytes: every element has a fixed id, the JSON is sorted and nothing
depends on the time.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geo.enrich import Headline, Site, Unresolved
from geo.render import assets, i18n
from geo.render.newsroom import annotations
from geo.render.options import RenderOptions
from geo.render.payload import FRANCE_VIEW, build_payload, text_payload

__all__ = ["GeoFigure", "GeoMap", "json_for_html", "make_page", "render_html"]

DATA_ATTRIBUTION = {
    "fr": "Géocodage : IGN Admin Express / INSEE COG (Licence Ouverte 2.0), GeoNames (CC BY 4.0), "
          "Natural Earth",
    "en": "Geocoding: IGN Admin Express / INSEE COG (Licence Ouverte 2.0), GeoNames (CC BY 4.0), "
          "Natural Earth",
}
#: Stands in the head until the page is rendered and its inline code can be hashed.
_CSP_PLACEHOLDER = "geo-content-security-policy"
_SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)
_STYLE_RE = re.compile(r"<style>(.*?)</style>", re.S)
_SRC_RE = re.compile(r'<script src="([^"]+)"')
_HREF_RE = re.compile(r'<link rel="stylesheet" href="([^"]+)"')


def json_for_html(value: Any) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no `<!--`, no U+2028.

    >>> json_for_html({"name": "</script><b>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


class _Raw(Element):
    """Markup placed as it is. Never `Element(markup)`: branca compiles that string as a
    Jinja template, so a title containing ``{{`` would be run as template code."""

    _template = Template("{{ this.markup }}")

    def __init__(self, markup: str) -> None:
        super().__init__()
        self.markup = markup


def _fixed(element: Element, name: str) -> Element:
    """Give an element a fixed id (branca picks a random one): same input, same bytes."""
    element._id = name
    return element


class GeoFigure(Figure):
    """The HTML document. Its `render` is the page's final text, CSP included.

    Besides a branca figure's header, html and script, it has a `tail`: what follows the
    map in the body (the table, the footer, the data). Text from the data must never go
    through a MacroElement's macros, whose output branca compiles again as a template.
    """

    _template = Template(
        "<!DOCTYPE html>\n"
        '<html lang="{{ this.lang }}">\n'
        "<head>\n"
        "{{ this.header.render(**kwargs) }}\n"
        "</head>\n"
        '<body class="geo-page">\n'
        "{{ this.html.render(**kwargs) }}\n"
        "{{ this.tail.render(**kwargs) }}\n"
        "<script>\n"
        "{{ this.script.render(**kwargs) }}\n"
        "</script>\n"
        "</body>\n"
        "</html>\n")

    def __init__(self, lang: str, title: str) -> None:
        super().__init__()
        self._id = "page"
        self.lang = lang
        self.header._children.pop("meta_http", None)  # folium's; ours says the same, first
        head = (f'<meta charset="utf-8" />\n<title>{html.escape(title)}</title>\n'
                f'<meta http-equiv="Content-Security-Policy" content="{_CSP_PLACEHOLDER}" />\n'
                '<meta name="referrer" content="strict-origin-when-cross-origin" />\n'
                # folium forbids pinch-zoom on phones; readers with low vision need it.
                '<meta name="viewport" content="width=device-width, initial-scale=1.0" />')
        self.header.add_child(_Raw(head), name="geo_head")
        self.tail = Element()
        self.tail._parent = self

    def render(self, **kwargs: Any) -> str:
        """The page, with a Content-Security-Policy that allows exactly its own code."""
        page = super().render(**kwargs)
        # Before hashing: browsers hash inline code after normalising CRLF (leaflet.css has
        # CRLF); trailing spaces go too, so that the file has none.
        page = re.sub(r"[ \t]+\n", "\n", page.replace("\r\n", "\n"))
        csp = content_security_policy(page, tile_origins(self))
        return page.replace(_CSP_PLACEHOLDER, html.escape(csp, quote=False).replace('"', "&quot;"), 1)


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in element._children.values():
        yield from _walk(child)


def tile_origin(url: str) -> str:
    """The CSP origin of a tile URL template (``{s}`` subdomains become a wildcard).

    >>> tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    'https://*.tile.example.org'
    """
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc
    if "{s}" in url:
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme or 'https'}://{host}"


def tile_origins(figure: Figure) -> list[str]:
    """Where the map's tile layers (geo's and any a caller added) load their images from."""
    return sorted({tile_origin(e.tiles) for e in _walk(figure)
                   if isinstance(e, folium.TileLayer) and isinstance(getattr(e, "tiles", None), str)})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def content_security_policy(page: str, tile_origins: Sequence[str]) -> str:
    """A policy that allows this page's own inline code (by hash), its linked scripts and
    styles (by origin), tile images, and nothing else: no request from data, no frames."""
    scripts = sorted({_sha256(m) for m in _SCRIPT_RE.findall(page)})
    styles = sorted({_sha256(m) for m in _STYLE_RE.findall(page)})
    script_origins = sorted({_origin(u) for u in _SRC_RE.findall(page)})
    style_origins = sorted({_origin(u) for u in _HREF_RE.findall(page)})
    imgs = " ".join(["data:", *tile_origins])
    return (f"default-src 'none'; script-src {' '.join([*script_origins, *scripts])}; "
            f"style-src {' '.join([*style_origins, *styles])}; img-src {imgs}; "
            "font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'")


class GeoMap(folium.Map):
    """A `folium.Map` laid out in geo's page: its box, and the side panel beside it.

    Its script is folium's own (the `L.map` call, the scale control); add layers to it as
    to any folium map. Leaflet itself is added to the figure by `make_page` (with
    Subresource Integrity, or inlined), not from folium's list of CDN links.
    """

    default_js: list[tuple[str, str]] = []
    default_css: list[tuple[str, str]] = []
    _template = Template(
        "{% macro html(this, kwargs) %}"
        '<div class="geo-body"><main class="geo-main"><div class="geo-mapbox">'
        '<div class="folium-map" id="{{ this.get_name() }}"></div></div></main>'
        '<aside class="geo-side" id="geo-side" aria-label="{{ this.side_label|e }}"></aside></div>'
        "{% endmacro %}"
        "{% macro script(this, kwargs) %}{{ this.leaflet_script(kwargs) }}{% endmacro %}")

    def __init__(self, side_label: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._id = "geo"
        self.side_label = side_label

    def leaflet_script(self, kwargs: dict) -> str:
        """folium's own script for the map (whatever its version writes)."""
        return folium.Map._template.module.script(self, kwargs)


class _Symbols(MacroElement):
    """Starts geo-map.js on the map with the page's data (symbols, legend, panels), and hands
    it geo's tile layer, which it adds once the symbols are painted (see `_tiles`)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "geoMap({{ this._parent.get_name() }}, "
        "JSON.parse(document.getElementById('geo-data').textContent), "
        "{{ this.tiles.get_name() if this.tiles else 'null' }});"
        "{% endmacro %}")

    def __init__(self, tiles: folium.TileLayer | None) -> None:
        super().__init__()
        self._id = "symbols"
        self.tiles = tiles


def _sri(text: str) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(text.encode("utf-8")).digest()).decode()


def _head_assets(inline: bool, canvas: bool, topojson: bool) -> str:
    """Leaflet (from jsDelivr with SRI, or inlined), then geo's CSS and JS (`assets.PAGE_SCRIPTS`,
    in order, one job each; geo-canvas.js for big maps); topojson-client (inlined: 7 kB) when
    the page has outlines to decode."""
    if inline:
        parts = ["<script>" + assets.read_asset("leaflet/leaflet.js") + "</script>",
                 "<style>" + assets.leaflet_css_inline() + "</style>"]
    else:
        js_sri = _sri(assets.read_asset("leaflet/leaflet.js"))
        css_sri = _sri(assets.read_asset("leaflet/leaflet.css"))
        parts = [f'<script src="{assets.LEAFLET_JS_URL}" integrity="{js_sri}" crossorigin="anonymous">'
                 "</script>",
                 f'<link rel="stylesheet" href="{assets.LEAFLET_CSS_URL}" integrity="{css_sri}" '
                 'crossorigin="anonymous"/>']
    if topojson:
        parts.append("<script>" + assets.read_asset("topojson/topojson-client.min.js") + "</script>")
    parts.append("<style>" + assets.read_asset("geo-map.css") + "</style>")
    parts += ["<script>" + assets.compact_script(assets.read_asset(name)) + "</script>"
              for name in assets.PAGE_SCRIPTS]
    if canvas:
        parts.append("<script>" + assets.compact_script(assets.read_asset("geo-canvas.js")) + "</script>")
    return "\n".join(parts)


def _tiles(name: str) -> folium.TileLayer:
    """The basemap tiles of an xyzservices provider, attribution included (checked by
    `geo.render.tiles.resolve`, which `geo validate` and `geo build` run first)."""
    from geo.render.tiles import resolve

    tiles = resolve(name)
    # Not added to the map by folium (show=False): geo-map.js adds it once the first view is set
    # and the symbols are painted, so that the browser neither makes the tiles of folium's
    # starting view (zoom 5) nor lays them out before the symbols show; tiles come from the
    # network later in any case.
    return _fixed(folium.TileLayer(tiles=tiles.url, attr=tiles.attribution, name=name, max_zoom=19,
                                   show=False), "tiles")


def _bdi(text: str) -> str:
    """Text from the data, escaped and isolated: right-to-left text (or a stray U+202E
    override) in it cannot reorder what is around it.

    >>> _bdi("\u202eACME <b>")
    '<bdi>\u202eACME &lt;b&gt;</bdi>'
    """
    return f"<bdi>{html.escape(text)}</bdi>"


def _header(title: str, subtitle: str | None, lang: str, skip_to: str | None) -> str:
    """The skip link (first in the page, shown when focused: keyboard users need not Tab
    through every symbol to reach the table, or a big map's search box), then the title and
    subtitle."""
    t = i18n.labels(lang)
    skip = html.escape(t["skip_to_table"] if skip_to == "geo-table" else t["skip_to_search"])
    return ((f'<a class="geo-skip" href="#{skip_to}">{skip}</a>' if skip_to else "")
            + f'<header class="geo-header"><h1>{_bdi(title)}</h1>'
            + (f"<p>{_bdi(subtitle)}</p>" if subtitle else "") + "</header>")


def _table(sites: Sequence[Site], lang: str, extras: dict[str, dict[str, Any]]) -> str:
    """Every site in a table, for screen readers, keyboard users and readers without JavaScript.

    A disclosure below the map, closed so that the browser does not lay out a 2,000-row
    table before the map is drawn (~0.3 s of layout at 1,000 sites).
    """
    if not sites:
        return ""
    t = i18n.labels(lang)
    head = "".join(f"<th scope=\"col\">{html.escape(t[k])}</th>"
                   for k in ("name", "investor", "amount", "location", "sources"))
    rows = []
    for site in sites:
        p = {**text_payload(site, lang), **extras.get(site.id, {})}
        sources = "; ".join(
            (f'<a href="{html.escape(s["url"])}" rel="noopener noreferrer">'
             f'{_bdi(s.get("title") or s["url"])}</a>' if s.get("url")
             else _bdi(s.get("title", ""))) for s in p["sources"])
        rows.append(
            "<tr>"
            f"<th scope=\"row\">{_bdi(site.name)}{_badge(p, t)}</th>"
            f"<td>{_bdi(site.investor or '')}</td>"
            f"<td>{_bdi(p.get('fx_label') or p['amount_label'])} "
            f"({_bdi(site.amount.text)})</td>"
            f"<td>{_bdi(p['location_label'])} — {_bdi(p['precision_label'])}</td>"
            f"<td>{sources}</td>"
            "</tr>")
    summary = t["table_summary"].format(n=i18n.format_count(len(sites), lang))
    return (f'<details class="geo-data" id="geo-table"><summary>{html.escape(summary)}</summary>'
            f'<table class="geo-table"><caption>{html.escape(t["table_caption"])}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></details>")


def _badge(payload: dict, labels: dict[str, str]) -> str:
    """The "nouveau" / "new" badge of a site announced since `settings.highlight_since`."""
    return f' <span class="geo-new">{html.escape(labels["new"])}</span>' if payload.get("new") else ""


def _draft_banner(to_check: Sequence[Unresolved], lang: str) -> str:
    """A draft says so at the top, before anyone mistakes it for the finished map."""
    if not to_check:
        return ""
    t = i18n.labels(lang)
    n = t["site_count_one"] if len(to_check) == 1 else t["site_count"].format(n=len(to_check))
    return f'<p class="geo-draft" role="status">{html.escape(t["draft"].format(n=n))}</p>'


def _footer(settings: dict[str, Any], lang: str) -> str:
    lines = []
    if settings.get("credit"):
        lines.append(f"<p>{_bdi(str(settings['credit']))}</p>")
    if settings.get("date"):
        as_of = i18n.labels(lang)["data_as_of"].format(date=i18n.format_date(str(settings["date"]), lang))
        lines.append(f"<p>{html.escape(as_of)}</p>")
    lines.append(f"<p>{html.escape(DATA_ATTRIBUTION[lang])}</p>")
    return f'<footer class="geo-footer">{"".join(lines)}</footer>'


def make_page(sites: Sequence[Site], settings: dict[str, Any], options: RenderOptions,
              headline: Headline | None = None, to_check: Sequence[Unresolved] = ()) -> GeoMap:
    """The map, in its figure with everything around it; `.get_root().render()` is the page.

    With sites `to_check` (a draft), the page says so and lists them.
    """
    lang = options.lang
    labels = i18n.labels(lang)
    payload = build_payload(sites, settings, options, headline, to_check)
    title = options.title or settings.get("title") or labels["map_label"]
    figure = GeoFigure(lang, str(title))
    figure.header.add_child(_Raw(_head_assets(options.offline or options.inline_assets, payload["canvas"],
                                              bool(payload["areas"] or payload.get("basemap")))),
                            name="geo_assets")
    # Every site in the table, unless the map is drawn on a canvas (then only the unlocated).
    table_sites = sorted((s for s in sites if not payload["canvas"] or not s.mapped),
                         key=lambda s: (-s.amount.sort_key, s.id))
    extras = annotations(sites, settings, lang)  # conversions, programmes, "new" badges
    table = _table(table_sites, lang, extras)
    skip_to = "geo-table" if table else "geo-search-input" if payload["canvas"] else None
    header = _header(str(title), settings.get("subtitle"), lang, skip_to)
    figure.html.add_child(_Raw(header), name="geo_header")
    if to_check:
        figure.html.add_child(_Raw(_draft_banner(to_check, lang)), name="geo_draft")

    fmap = GeoMap(labels["totals"], location=FRANCE_VIEW["center"], zoom_start=FRANCE_VIEW["zoom"],
                  tiles=None, control_scale=True, min_zoom=2, max_zoom=14, world_copy_jump=False,
                  zoom_snap=0.25)
    figure.add_child(fmap, name="map")
    tiles = None
    if not options.offline:
        tiles = _tiles(options.tiles)
        tiles.add_to(fmap)
    fmap.add_child(_Symbols(tiles), name="geo_symbols")
    for name, markup in (("table", table),
                         ("footer", _footer(settings, lang)),
                         ("data", '<script type="application/json" id="geo-data">'
                                  f"{json_for_html(payload)}</script>")):
        figure.tail.add_child(_Raw(markup), name=f"geo_{name}")
    return fmap


def render_html(sites: Sequence[Site], settings: dict[str, Any], options: RenderOptions,
                headline: Headline | None = None, to_check: Sequence[Unresolved] = ()) -> str:
    """The whole page as a string; the same arguments always give the same string."""
    return make_page(sites, settings, options, headline, to_check or ()).get_root().render()
