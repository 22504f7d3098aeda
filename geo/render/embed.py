"""The iframe snippet a newsroom pastes into its CMS to publish the map in an article.

Two kinds, both safe to paste several times on one page:

* **fixed** (the default): the iframe keeps the stated aspect ratio at every width, with CSS
  `aspect-ratio`; its URL ends with `#geo-fit`, which asks the map to fit the frame exactly
  (header, map and credits visible, the panels scrolling inside the map's area). No script.
* **auto-height**: a tiny script sizes the iframe from the height the map reports with
  ``postMessage({type: "geo-map:height", id, height})``. The map's `id` names the map (its
  content), not the iframe, and the same map may be embedded twice: so each snippet's
  script finds its own iframe by its unique element id and accepts only the messages whose
  `event.source` is that iframe's window.

Each iframe gets a unique, deterministic element id: `geo-map-` and a short hash of the URL,
or the id you give (needed when one page embeds the same URL twice).
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re

__all__ = ["FIT_FRAGMENT", "embed_id", "embed_snippet", "parse_aspect"]

#: The URL fragment that puts the map in "fit the frame" mode (geo-map.js reads it).
FIT_FRAGMENT = "geo-fit"
#: An element id that needs no escaping anywhere (HTML attribute, CSS selector, JS string).
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")

_RESIZER = """<script>
(function () {{
  var frame = document.getElementById({frame_id});
  window.addEventListener("message", function (event) {{
    var data = event.data;
    if (!frame || event.source !== frame.contentWindow || !data || data.type !== "geo-map:height") return;
    var height = Math.max({min_height}, Math.min(4000, Number(data.height) || 0));
    frame.style.height = height + "px";
  }});
}})();
</script>"""


def embed_id(url: str, frame_id: str | None = None) -> str:
    """The iframe's element id: `frame_id` if given (checked), else derived from the URL.

    >>> embed_id("https://example.org/maps/ai.html")
    'geo-map-2eb7e96b'
    >>> embed_id("x", "ai-map")
    'ai-map'
    """
    if frame_id is not None:
        if not _ID.match(frame_id):
            raise ValueError("expected an id of letters, digits, '-' and '_' starting with a letter "
                             f"(at most 64), e.g. ai-map, not {frame_id!r}")
        return frame_id
    return "geo-map-" + hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]


def embed_snippet(url: str, title: str, *, aspect: str | float = "4:3", min_height: int | None = None,
                  auto_height: bool = False, frame_id: str | None = None) -> str:
    """An accessible, lazy, responsive iframe; optionally resized by the map's height message.

    Fixed: the iframe is as wide as the column and `aspect` (``"16:9"`` or a number, width ÷
    height) sets its height, never below `min_height` when one is given. Where CSS
    `aspect-ratio` is not supported (browsers before 2021), the frame falls back to a fixed
    height of `min_height` or 480 px. Auto-height: the iframe starts at `min_height`
    (default 480 px) and follows the map's own height. A bad aspect or id raises ValueError
    saying what to type.
    """
    aspect = parse_aspect(aspect) if isinstance(aspect, str) else _checked(float(aspect), aspect)
    frame_id = embed_id(url, frame_id)
    attrs = (f'title="{html.escape(title)}" loading="lazy" '
             'referrerpolicy="strict-origin-when-cross-origin"')
    if auto_height:
        start = min_height or 480
        frame = (f'<iframe id="{frame_id}" src="{html.escape(url)}" {attrs} '
                 f'style="display:block;width:100%;height:{start}px;border:0"></iframe>')
        return frame + "\n" + _RESIZER.format(frame_id=_js_string(frame_id), min_height=start)
    src = url + ("&" if "#" in url else "#") + FIT_FRAGMENT
    # `height:revert-layer` undoes the fallback height in exactly the browsers that also know
    # `aspect-ratio` (revert-layer came later everywhere); older ones keep the fixed height.
    style = (f"display:block;width:100%;height:{min_height or 480}px;height:revert-layer;"
             f"aspect-ratio:{_ratio(aspect)};"
             + (f"min-height:{min_height}px;" if min_height else "") + "border:0")
    return f'<iframe id="{frame_id}" src="{html.escape(src)}" {attrs} style="{style}"></iframe>'


def _ratio(aspect: float) -> str:
    """`aspect` as CSS: "4 / 3" stays readable; anything else as a decimal.

    >>> _ratio(4 / 3), _ratio(16 / 9), _ratio(1.5)
    ('4 / 3', '16 / 9', '3 / 2')
    """
    for height in range(1, 101):
        width = aspect * height
        if abs(width - round(width)) < 1e-9 and round(width) <= 10000:
            return f"{round(width)} / {height}"
    return f"{aspect:.6g}"


def _js_string(text: str) -> str:
    return json.dumps(text).replace("<", "\\u003c")


def parse_aspect(text: str) -> float:
    """A width:height ratio as typed ("16:9", "4:3", "1.5:1"), as width ÷ height.

    Refuses anything but two positive, finite numbers whose ratio lies between 1:10 and
    10:1: a ratio of 0, NaN or a negative number would print CSS that no browser can lay
    out, and a sliver of a frame shows no map.

    >>> parse_aspect("16:9")
    1.7777777777777777
    >>> parse_aspect("0:1")
    Traceback (most recent call last):
    ...
    ValueError: expected WIDTH:HEIGHT with two positive numbers, e.g. 16:9, not '0:1'
    """
    try:
        w, h = (float(x) for x in text.split(":"))
    except ValueError:
        w = h = math.nan
    if not (math.isfinite(w) and math.isfinite(h) and w > 0 and h > 0):
        raise ValueError(f"expected WIDTH:HEIGHT with two positive numbers, e.g. 16:9, not {text!r}")
    return _checked(w / h, text)


def _checked(ratio: float, typed: object) -> float:
    """A ratio a page can lay out: between 1:10 and 10:1 (a 1e-300 ratio is positive, and useless)."""
    if not (math.isfinite(ratio) and 0.1 <= ratio <= 10):
        raise ValueError(f"expected an aspect ratio between 1:10 and 10:1, e.g. 16:9, not {typed!r}")
    return ratio
