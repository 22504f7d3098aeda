"""Shared fixtures: one headless Chromium per session, offline page opening, seeded data dir."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import pytest
from browser import CHROMIUM_ARGS, BrowserUnavailable, find_chromium, open_page
from helpers import unavailable

REPO_ROOT = Path(__file__).resolve().parent.parent


def _unavailable(reason: str) -> NoReturn:
    msg = reason if "apt-get install" in reason else f"{reason}; apt-get install -y chromium"
    unavailable(f"no browser: {msg}")


_BROWSER_FIXTURES = {"browser", "open_map"}


def pytest_collection_modifyitems(items: list) -> None:
    """Everything that drives Chromium is end to end, like the tests marked e2e by hand (those
    that run the real `geo` command): `-m "not e2e"` leaves the fast layer."""
    for item in items:
        if item.get_closest_marker("browser") or _BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Playwright Chromium browser (Debian's chromium), shared by the whole session.

    Missing chromium/playwright: skip locally, fail when $CI is set.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package 'playwright' is not installed: pip install playwright")
    try:
        executable = find_chromium()
    except BrowserUnavailable as exc:
        _unavailable(str(exc))
    pw = sync_playwright().start()
    try:
        try:
            b = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        except Exception as exc:
            _unavailable(f"could not launch {executable}: {str(exc).strip().splitlines()[0]}")
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


@pytest.fixture
def open_map(browser: Any) -> Iterator[Any]:
    """``open_map(url_or_path, *, width=1200, height=800, serve_leaflet=True) -> (page, report)``.

    Wraps :func:`browser.open_page`; every page it opened is closed after the test.
    """
    contexts: list[Any] = []

    def _open(url_or_path: Any, **kwargs: Any) -> tuple[Any, Any]:
        page, report = open_page(browser, url_or_path, **kwargs)
        contexts.append(page.context)
        return page, report

    yield _open
    for ctx in contexts:
        try:
            ctx.close()
        except Exception:  # already closed by the test
            pass


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A temp working dir holding a copy of the repo's ``data/`` (if any); returns its path.

    The CLI reads ``./data/sites.geojson``: ``monkeypatch.chdir(seed_dir)`` or pass
    ``cwd=seed_dir`` to subprocess.
    """
    work = tmp_path / "work"
    work.mkdir()
    src = REPO_ROOT / "data"
    if src.is_dir():
        shutil.copytree(src, work / "data")
    else:
        (work / "data").mkdir()
    return work
