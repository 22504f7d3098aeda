"""Render an HTML map to a static PNG with headless Chromium (through Playwright).

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
) -> Path:
    """Screenshot ``html_path`` (viewport ``width`` x ``height`` CSS px) into ``png_path``.

    The PNG is ``width*scale`` x ``height*scale`` pixels, written atomically as every file
    geo writes (`geo.core.files.write_all`: a device or a folder at ``png_path`` is
    refused). Waits for the ``wait_for`` selector to be
    visible (None: don't), for web fonts and network idle, then a short settle.
    Raises :class:`ScreenshotError` with an actionable message on any failure.
    """
    html_path = Path(html_path)
    png_path = Path(png_path)
    if width <= 0 or height <= 0 or scale <= 0:
        raise ValueError("width, height and scale must be positive")
    if not html_path.is_file():
        raise ScreenshotError(f"HTML file not found: {html_path}")
    chromium = find_chromium()
    if chromium is None:
        raise ScreenshotError(chromium_missing_message())
    sync_playwright = _sync_playwright()
    from playwright.sync_api import Error as PlaywrightError

    png_path.parent.mkdir(parents=True, exist_ok=True)
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
                url = html_path.resolve().as_uri()
                step = "loading the page"
                try:
                    page.goto(url, wait_until="load", timeout=timeout_ms)
                    if wait_for:
                        step = f"waiting for {wait_for!r} to be visible"
                        page.wait_for_selector(wait_for, state="visible", timeout=timeout_ms)
                    step = "waiting for fonts and network idle"
                    page.evaluate("() => document.fonts ? document.fonts.ready.then(() => 1) : 1")
                    try:  # best effort: Chromium never reports network idle on some big pages
                        page.wait_for_load_state("networkidle", timeout=min(timeout_ms, 5000))
                    except PlaywrightError:
                        pass
                    page.wait_for_function(  # geo maps say when their symbols are drawn
                        "() => !document.querySelector('#geo-data') || "
                        "(document.documentElement.dataset.geoReady && (!window.geoCanvasLayer || "
                        "document.documentElement.dataset.geoDrawn))", timeout=timeout_ms)
                    page.evaluate(
                        "() => new Promise(r => requestAnimationFrame(() => "
                        "requestAnimationFrame(() => r(1))))"
                    )
                    page.wait_for_timeout(SETTLE_MS)
                    step = "taking the screenshot"
                    page.screenshot(path=str(tmp), type="png", animations="disabled")
                except PlaywrightError as exc:
                    detail = f"; uncaught page errors: {page_errors}" if page_errors else ""
                    raise ScreenshotError(
                        f"failed {step} for {html_path}: {_first_line(exc)}{detail} "
                        f"(network is blocked: the page may only use {allowed})"
                    ) from exc
            finally:
                browser.close()

    from geo.core.files import target, write_all

    target(png_path)  # a device, a pipe or a folder is refused before Chromium starts
    with tempfile.TemporaryDirectory(prefix="geo-screenshot-") as private:
        tmp = Path(private) / "map.png"
        # Playwright's sync API refuses to start on a thread with a running asyncio loop
        # (Jupyter, or another sync_playwright() already active, e.g. a test's browser
        # fixture): a private thread makes screenshot() callable from anywhere.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="geo-screenshot") as pool:
            pool.submit(capture, tmp).result()
        # Then written as every file geo writes: atomically, symlinks followed.
        write_all([(png_path, tmp.read_bytes())], skip_unchanged=False)
    return png_path


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
