"""The iframe snippet a newsroom pastes into its CMS to publish the map in an article."""

from __future__ import annotations

import html
import json
import math

__all__ = ["embed_snippet", "parse_aspect"]

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


def embed_snippet(url: str, title: str, *, aspect: str | float = "4:3", min_height: int = 480,
                  auto_height: bool = True, frame_id: str = "geo-map") -> str:
    """An accessible, lazy, responsive iframe; optionally resized by the map's height message.

    Without the script, a padding-top box keeps the aspect ratio (``"16:9"`` or a number,
    width ÷ height) at any width; with it, the map reports its own content height and the
    iframe follows. A bad aspect raises ValueError saying what to type.
    """
    if isinstance(aspect, str):
        aspect = parse_aspect(aspect)
    common = (f'id="{html.escape(frame_id)}" src="{html.escape(url)}" title="{html.escape(title)}" '
              'loading="lazy" referrerpolicy="strict-origin-when-cross-origin"')
    if auto_height:
        frame = f'<iframe {common} style="width:100%;height:{min_height}px;border:0"></iframe>'
        return frame + "\n" + _RESIZER.format(frame_id=_js_string(frame_id), min_height=min_height)
    box = f"position:relative;width:100%;padding-top:{100 / aspect:.2f}%;min-height:{min_height}px"
    frame = (f'<iframe {common} '
             'style="position:absolute;top:0;left:0;width:100%;height:100%;border:0"></iframe>')
    return f'<div style="{box}">\n  {frame}\n</div>'


def _js_string(text: str) -> str:
    return json.dumps(text).replace("<", "\\u003c")


def parse_aspect(text: str) -> float:
    """A width:height ratio as typed ("16:9", "4:3", "1.5:1"), as width ÷ height.

    Refuses anything but two positive, finite numbers: a ratio of 0, NaN or a negative
    number would print CSS that no browser can lay out.

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
    return w / h
