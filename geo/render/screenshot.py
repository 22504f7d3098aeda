"""Render an HTML map to a static PNG or a vector PDF with headless Chromium (through Playwright).

Offline and deterministic: every request that is not ``file:``, ``data:`` or ``blob:`` is
aborted (tiles simply do not load), except that the Leaflet CDN URLs folium writes are
served from the copy vendored in ``geo/assets/leaflet/`` (pass ``serve_leaflet=False`` to
abort those too). Playwright is imported lazily: importing this module is cheap.

Uses the system Chromium (Debian's ``/usr/bin/chromium``), never a Playwright-downloaded
browser; set ``GEO_CHROMIUM`` to use another binary.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

CHROMIUM_ENV = "GEO_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS: tuple[str, ...] = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
)
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
INSTALL_HINT = (
    "install Debian's chromium: apt-get install -y chromium, "
    f"or set {CHROMIUM_ENV}=/path/to/chromium"
)
_CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
}
SETTLE_MS = 250


class ScreenshotError(RuntimeError):
    """The PNG could not be made; the message says what to do about it."""


def _is_executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_chromium() -> str | None:
    """Path of the Chromium to drive, or None if there is none.

    ``$GEO_CHROMIUM`` if set (and then only that: a wrong value is not silently
    replaced), else ``/usr/bin/chromium``, else ``chromium`` / ``chromium-browser`` on PATH.
    """
    env = os.environ.get(CHROMIUM_ENV, "").strip()
    if env:
        return env if _is_executable(env) else None
    if _is_executable(DEFAULT_CHROMIUM):
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def chromium_missing_message() -> str:
    env = os.environ.get(CHROMIUM_ENV, "").strip()
    if env:
        return (
            f"{CHROMIUM_ENV}={env!r} is not an executable file; "
            f"point it at a Chromium binary or unset it ({INSTALL_HINT})"
        )
    return f"no Chromium found ({DEFAULT_CHROMIUM} or on PATH); {INSTALL_HINT}"


def local_asset_for(url: str) -> tuple[bytes, str] | None:
    """(body, content type) for a Leaflet CDN URL served from the vendored copy, else None."""
    from geo.render import assets

    rel = assets.leaflet_cdn_asset(url)
    if rel is None:
        return None
    ctype = _CONTENT_TYPES.get(os.path.splitext(rel)[1], "application/octet-stream")
    return assets.read_asset_bytes(rel), ctype


def is_local_url(url: str) -> bool:
    return url.startswith(LOCAL_SCHEMES)


def _sync_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ScreenshotError(
            "the Python package 'playwright' is not installed: pip install playwright "
            f"(its own browser download is not needed; {INSTALL_HINT})"
        ) from exc
    return sync_playwright


def offline_route(*, serve_leaflet: bool = True,
                  record: Callable[[str, bool], None] | None = None) -> Callable[[Any], None]:
    """A Playwright route handler that keeps a page offline: local URLs pass, Leaflet's CDN
    files are served from the package (so folium pages work), anything else is aborted.

    `record(url, served)` sees every non-local request, for tests that count them.
    """

    def route(r: Any) -> None:
        url = r.request.url
        if is_local_url(url):
            r.continue_()
            return
        served = local_asset_for(url) if serve_leaflet else None
        if record is not None:
            record(url, served is not None)
        if served is not None:
            r.fulfill(status=200, body=served[0], content_type=served[1])
        else:
            r.abort("blockedbyclient")

    return route


#: `--size`: (width, height) in CSS pixels and the device scale of the image. Social cards
#: and a square post, and A4 landscape (297 × 210 mm at CSS's 96 pixels an inch).
SIZES: dict[str, tuple[int, int, float]] = {
    "social": (1200, 675, 2.0),
    "square": (1080, 1080, 2.0),
    "print": (1123, 794, 2.0),
}
#: The URL fragment that asks the page for its print mode (geo-base.js, geo-map.css).
PRINT_FRAGMENT = "geo-print"
#: Which panels of a page in print mode are cut off by the image's edges, if any.
_CUT_PANELS = """() => {
  const side = document.getElementById('geo-side');
  if (!side || side.hidden) return [];
  const box = side.getBoundingClientRect();
  return Array.from(side.querySelectorAll('.geo-panel')).filter(panel => {
    return Array.from(panel.getClientRects()).some(r =>
      r.right > box.right + 1 || r.bottom > box.bottom + 1 || r.bottom > innerHeight + 1);
  }).map(panel => (panel.querySelector('summary') || panel).textContent.trim());
}"""


def screenshot(
    html_path: Path,
    png_path: Path,
    *,
    width: int = 1200,
    height: int = 800,
    scale: float = 1.0,
    wait_for: str | None = ".leaflet-container",
    timeout_ms: int = 30000,
    serve_leaflet: bool = True,
    print_mode: bool = False,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Screenshot ``html_path`` (viewport ``width`` x ``height`` CSS px) into ``png_path``.

    The PNG is ``width*scale`` x ``height*scale`` pixels, written atomically as every file
    geo writes (`geo.core.files.write_all`: a device or a folder at ``png_path`` is
    refused). Waits for the ``wait_for`` selector to be
    visible (None: don't), for web fonts and network idle, then a short settle.
    With `print_mode`, a geo map is opened in its print mode (no controls, every panel
    open, the legend beside the map, metropolitan France in view) and `warn` is told of
    any panel the image cuts off. Raises :class:`ScreenshotError` with an actionable
    message on any failure.
    """
    def shoot(page: Any, tmp: Path) -> None:
        page.screenshot(path=str(tmp), type="png", animations="disabled")

    return _capture(html_path, png_path, shoot, width=width, height=height, scale=scale,
                    wait_for=wait_for, timeout_ms=timeout_ms, serve_leaflet=serve_leaflet,
                    print_mode=print_mode, warn=warn)


def print_pdf(
    html_path: Path,
    pdf_path: Path,
    *,
    width: int = SIZES["print"][0],
    height: int = SIZES["print"][1],
    wait_for: str | None = ".leaflet-container",
    timeout_ms: int = 30000,
    serve_leaflet: bool = True,
    print_mode: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Print ``html_path`` to a one-page vector PDF through Chromium (text stays text, the
    symbols and the offline basemap stay paths), laid out as a ``width`` x ``height`` page.

    The default is A4 landscape, printed on an A4 page; any other size gets a page of its
    own size. Written atomically, like :func:`screenshot`, in the page's print mode.
    """
    a4 = (width, height) == SIZES["print"][:2]
    paper = ({"format": "A4", "landscape": True} if a4
             else {"width": f"{width}px", "height": f"{height}px"})

    def shoot(page: Any, tmp: Path) -> None:
        page.pdf(path=str(tmp), print_background=True, page_ranges="1",
                 margin={"top": "0", "right": "0", "bottom": "0", "left": "0"}, **paper)

    return _capture(html_path, pdf_path, shoot, width=width, height=height, scale=1.0,
                    wait_for=wait_for, timeout_ms=timeout_ms, serve_leaflet=serve_leaflet,
                    print_mode=print_mode, warn=warn)


def _capture(html_path: Path, out_path: Path, shoot: Callable[[Any, Path], None], *, width: int,
             height: int, scale: float, wait_for: str | None, timeout_ms: int, serve_leaflet: bool,
             print_mode: bool, warn: Callable[[str], None] | None) -> Path:
    """Open the page offline in Chromium, wait until the map is drawn, `shoot` it to a
    temporary file beside `out_path`, then move it into place."""
    html_path = Path(html_path)
    out_path = Path(out_path)
    if width <= 0 or height <= 0 or scale <= 0:
        raise ValueError("width, height and scale must be positive")
    if not html_path.is_file():
        raise ScreenshotError(f"HTML file not found: {html_path}")
    chromium = find_chromium()
    if chromium is None:
        raise ScreenshotError(chromium_missing_message())
    sync_playwright = _sync_playwright()
    from playwright.sync_api import Error as PlaywrightError

    out_path.parent.mkdir(parents=True, exist_ok=True)
    page_errors: list[str] = []

    route = offline_route(serve_leaflet=serve_leaflet)
    allowed = "local files and the Leaflet CDN files" if serve_leaflet else "local files"

    def capture(tmp: Path) -> None:
        with sync_playwright() as pw:
            try:
                browser = pw.chromium.launch(
                    executable_path=chromium, args=list(CHROMIUM_ARGS), headless=True
                )
            except PlaywrightError as exc:
                raise ScreenshotError(
                    f"could not start Chromium at {chromium}: {_first_line(exc)}; {INSTALL_HINT}"
                ) from exc
            try:
                context = browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                    service_workers="block",
                )
                context.route("**/*", route)
                page = context.new_page()
                page.on("pageerror", lambda err: page_errors.append(str(err)))
                url = html_path.resolve().as_uri() + (f"#{PRINT_FRAGMENT}" if print_mode else "")
                step = "loading the page"
                try:
                    page.goto(url, wait_until="load", timeout=timeout_ms)
                    if wait_for:
                        step = f"waiting for {wait_for!r} to be visible"
                        page.wait_for_selector(wait_for, state="visible", timeout=timeout_ms)
                    step = "waiting for fonts and network idle"
                    _settle(page, timeout_ms, PlaywrightError)
                    if print_mode and warn is not None:
                        for title in page.evaluate(_CUT_PANELS):
                            warn(f"the {width}x{height} image cuts the panel {title!r}")
                    step = f"writing {out_path.name}"
                    shoot(page, tmp)
                except PlaywrightError as exc:
                    detail = f"; uncaught page errors: {page_errors}" if page_errors else ""
                    raise ScreenshotError(
                        f"failed {step} for {html_path}: {_first_line(exc)}{detail} "
                        f"(network is blocked: the page may only use {allowed})"
                    ) from exc
            finally:
                browser.close()

    from geo.core.files import target, write_all

    target(out_path)  # a device, a pipe or a folder is refused before Chromium starts
    with tempfile.TemporaryDirectory(prefix="geo-screenshot-") as private:
        tmp = Path(private) / f"map{out_path.suffix}"
        # Playwright's sync API refuses to start on a thread with a running asyncio loop
        # (Jupyter, or another sync_playwright() already active, e.g. a test's browser
        # fixture): a private thread makes screenshot() callable from anywhere.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="geo-screenshot") as pool:
            pool.submit(capture, tmp).result()
        # Then written as every file geo writes: atomically, symlinks followed.
        write_all([(out_path, tmp.read_bytes())], skip_unchanged=False)
    return out_path


def _settle(page: Any, timeout_ms: int, error: type[Exception]) -> None:
    """Fonts loaded, network idle (best effort), the map's symbols drawn, two frames painted."""
    page.evaluate("() => document.fonts ? document.fonts.ready.then(() => 1) : 1")
    try:  # best effort: Chromium never reports network idle on some big pages
        page.wait_for_load_state("networkidle", timeout=min(timeout_ms, 5000))
    except error:
        pass
    page.wait_for_function(  # geo maps say when their symbols are drawn
        "() => !document.querySelector('#geo-data') || "
        "(document.documentElement.dataset.geoReady && (!window.geoCanvasLayer || "
        "document.documentElement.dataset.geoDrawn) && "
        "document.documentElement.dataset.geoBasemap !== 'pending')", timeout=timeout_ms)
    page.evaluate(
        "() => new Promise(r => requestAnimationFrame(() => "
        "requestAnimationFrame(() => r(1))))"
    )
    page.wait_for_timeout(SETTLE_MS)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
