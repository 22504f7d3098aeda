"""`geo embed`: a ready-to-paste, responsive iframe snippet for a CMS."""

from __future__ import annotations

import html

import click

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


def embed_snippet(url: str, title: str, *, aspect: float = 4 / 3, min_height: int = 480,
                  auto_height: bool = True, frame_id: str = "geo-map") -> str:
    """An accessible, lazy, responsive iframe; optionally resized by the map's height message.

    Without the script, a padding-top box keeps the aspect ratio at any width;
    with it, the map reports its own content height and the iframe follows.
    """
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
    import json

    return json.dumps(text).replace("<", "\\u003c")


@click.command("embed")
@click.option("--url", default="map.html", show_default=True,
              help="Where the map will be published (absolute URL or path).")
@click.option("--title", default="Carte des investissements annoncés", show_default=True,
              help="The iframe's title, read by screen readers.")
@click.option("--aspect", default="4:3", show_default=True, help="Width:height ratio, e.g. 16:9.")
@click.option("--min-height", type=click.IntRange(200, 3000), default=480, show_default=True,
              help="Minimum height in pixels.")
@click.option("--auto-height/--fixed", default=False, show_default=True,
              help="Add a tiny script that sizes the iframe from the map's height message.")
def command(url: str, title: str, aspect: str, min_height: int, auto_height: bool) -> None:
    """Print an iframe snippet to paste into an article."""
    try:
        w, h = (float(x) for x in aspect.split(":"))
        ratio = w / h
    except (ValueError, ZeroDivisionError):
        raise click.BadParameter("expected WIDTH:HEIGHT, e.g. 16:9", param_hint="--aspect") from None
    click.echo(embed_snippet(url, title, aspect=ratio, min_height=min_height,
                             auto_height=auto_height))
