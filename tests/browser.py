"""Small library for driving the system Chromium from tests (Playwright, sync API).

Offline by construction: :func:`open_page` serves the Leaflet 1.9.3 CDN URLs from the copy
vendored in ``geo/assets/leaflet/`` and aborts every other non-local request, recording all
of them in the returned :class:`PageReport`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from geo.render.screenshot import CHROMIUM_ARGS as _ARGS
from geo.render.screenshot import chromium_missing_message, offline_route
from geo.render.screenshot import find_chromium as _find_chromium

CHROMIUM_ARGS: list[str] = list(_ARGS)
DEFAULT_TIMEOUT_MS = 30_000
NETWORK_IDLE_MS = 5_000


class BrowserUnavailable(RuntimeError):
    """No usable Chromium (or no playwright); the message says how to install it."""


def find_chromium() -> str:
    """``$GEO_CHROMIUM``, else ``/usr/bin/chromium``, else ``chromium`` on PATH.

    Raises :class:`BrowserUnavailable` (with install instructions) if none is executable.
    """
    path = _find_chromium()
    if path is None:
        raise BrowserUnavailable(chromium_missing_message())
    return path


@dataclass
class PageReport:
    """What a page did on the network and in its console."""

    requests: list[str] = field(default_factory=list)  # every non-local request URL
    served: list[str] = field(default_factory=list)  # ...of which fulfilled from geo/assets
    aborted: list[str] = field(default_factory=list)  # ...of which aborted
    console_errors: list[str] = field(default_factory=list)  # console messages of type error
    page_errors: list[str] = field(default_factory=list)  # uncaught exceptions

    @property
    def errors(self) -> list[str]:
        """Console errors and page errors together (empty for a clean page)."""
        return [*self.console_errors, *self.page_errors]

    def unexpected_console_errors(self) -> list[str]:
        """Console errors other than Chromium's "Failed to load resource" for aborted URLs."""
        return [m for m in self.console_errors if "net::ERR_BLOCKED_BY_CLIENT" not in m]


def _to_url(url_or_path: str | os.PathLike[str]) -> str:
    s = os.fspath(url_or_path)
    if "://" in s or s.startswith(("about:", "data:")):
        return s
    return Path(s).resolve().as_uri()


def open_page(
    browser: Any,
    url_or_path: str | os.PathLike[str],
    *,
    width: int = 1200,
    height: int = 800,
    serve_leaflet: bool = True,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    javascript: bool = True,
) -> tuple[Any, PageReport]:
    """Open a file path or URL in a fresh context of ``browser``; return (page, report).

    Waits for ``load`` and network idle. Close the page's context with
    ``page.context.close()`` (the ``open_map`` fixture does it for you).
    """
    report = PageReport()

    def record(url: str, served: bool) -> None:
        report.requests.append(url)
        (report.served if served else report.aborted).append(url)

    context = browser.new_context(
        viewport={"width": width, "height": height}, service_workers="block",
        java_script_enabled=javascript,
    )
    context.set_default_timeout(timeout_ms)
    context.route("**/*", offline_route(serve_leaflet=serve_leaflet, record=record))
    page = context.new_page()
    page.on(
        "console",
        lambda msg: report.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda err: report.page_errors.append(str(err)))
    try:
        page.goto(_to_url(url_or_path), wait_until="load")
        try:  # best effort: Playwright's networkidle sometimes never fires on big canvas pages
            page.wait_for_load_state("networkidle", timeout=NETWORK_IDLE_MS)
        except Exception as exc:  # noqa: BLE001 - a timeout here is not a failure
            if "Timeout" not in type(exc).__name__ and "Timeout" not in str(exc):
                raise
    except Exception:
        context.close()
        raise
    return page, report
