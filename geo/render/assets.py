"""Vendored front-end assets (Leaflet) shipped inside the package, under ``geo/assets/``.

Stdlib only. The Leaflet files are produced by ``scripts/fetch_assets.py``; see
``geo/assets/PROVENANCE.md``.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

LEAFLET_VERSION = "1.9.3"
# The exact URLs folium 0.20 puts in its pages (Map.default_js / Map.default_css).
LEAFLET_CDN_BASE = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/"
LEAFLET_JS_URL = LEAFLET_CDN_BASE + "leaflet.js"
LEAFLET_CSS_URL = LEAFLET_CDN_BASE + "leaflet.css"

_ASSETS_DIR = "assets"
_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)(images/[^'")\s]+)\1\s*\)""")


def _resource(relpath: str) -> Traversable:
    parts = [p for p in relpath.replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        raise ValueError(f"invalid asset path: {relpath!r}")
    node = resources.files("geo").joinpath(_ASSETS_DIR)
    for part in parts:
        node = node.joinpath(part)
    if not node.is_file():
        raise FileNotFoundError(f"no such asset: geo/{_ASSETS_DIR}/{'/'.join(parts)}")
    return node


def read_asset_bytes(relpath: str) -> bytes:
    """Bytes of ``geo/assets/<relpath>`` (e.g. ``"leaflet/images/marker-icon.png"``)."""
    return _resource(relpath).read_bytes()


def read_asset(relpath: str) -> str:
    """Text (UTF-8) of ``geo/assets/<relpath>`` (e.g. ``"leaflet/leaflet.js"``)."""
    return _resource(relpath).read_bytes().decode("utf-8")


def leaflet_cdn_asset(url: str) -> str | None:
    """Asset path under ``geo/assets/`` that serves a Leaflet CDN URL, or None.

    ``".../leaflet@1.9.3/dist/leaflet.js"`` -> ``"leaflet/leaflet.js"``, and likewise for
    ``leaflet.css`` and ``images/*.png`` (which the CDN stylesheet loads relatively).
    Query strings and fragments are ignored.
    """
    bare = url.split("#", 1)[0].split("?", 1)[0]
    if not bare.startswith(LEAFLET_CDN_BASE):
        return None
    rel = "leaflet/" + bare[len(LEAFLET_CDN_BASE) :]
    try:
        _resource(rel)
    except (ValueError, FileNotFoundError):
        return None
    return rel


def _data_uri(relpath: str) -> str:
    mime = mimetypes.guess_type(relpath)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(read_asset_bytes(relpath)).decode("ascii")


@functools.lru_cache(maxsize=1)
def leaflet_css_inline() -> str:
    """leaflet.css with every ``url(images/...)`` replaced by a base64 ``data:`` URI.

    The result can go in a ``<style>`` element of a self-contained page: it needs no
    network and no files next to the HTML.
    """
    css = read_asset("leaflet/leaflet.css")
    return _CSS_URL_RE.sub(lambda m: f'url("{_data_uri("leaflet/" + m.group(2))}")', css)


def compact_script(source: str) -> str:
    r"""geo's own JavaScript as the page carries it: without its comment lines, blank lines and
    indentation (a quarter of geo-map.js; each kB is 5 ms on a slow phone's network).

    Line-based, so only for geo's files, which keep to it: a comment that is not alone on its
    line stays, and no string or template literal spans lines. The file in ``geo/assets``
    stays the readable source.

    >>> compact_script("/* About.\n   More. */\nfunction f() {\n  // note\n\n  return 1;  /* one */\n}\n")
    'function f() {\nreturn 1;  /* one */\n}'
    """
    out, in_comment = [], False
    for line in source.split("\n"):
        text = line.strip()
        if in_comment:
            in_comment = not text.endswith("*/")
            continue
        if text.startswith("/*"):
            in_comment = not text.endswith("*/")
            continue
        if text and not text.startswith("//"):
            out.append(text)
    return "\n".join(out)
