"""Tests of geo.screenshot (static PNG through headless Chromium)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from geo.render.screenshot import ScreenshotError, screenshot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

BOX_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>html, body { margin: 0; background: #fff; }
#box { width: 200px; height: 150px; background: rgb(200, 30, 60); }</style>
</head><body><div id="box"></div>
<img src="https://a.tile.openstreetmap.org/0/0/0.png"></body></html>
"""


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == PNG_SIGNATURE
    length, chunk = struct.unpack(">I4s", data[8:16])
    assert chunk == b"IHDR" and length == 13
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def box_html(tmp_path: Path) -> Path:
    path = tmp_path / "box.html"
    path.write_text(BOX_PAGE, encoding="utf-8")
    return path


@pytest.mark.browser
@pytest.mark.usefixtures("browser")  # skips / fails like the other browser tests
def test_screenshot_writes_png_of_requested_size(box_html, tmp_path):
    out = tmp_path / "out" / "box.png"
    result = screenshot(box_html, out, width=400, height=300, wait_for="#box")

    assert result == out
    assert out.is_file()
    assert out.read_bytes()[:8] == PNG_SIGNATURE
    assert png_size(out) == (400, 300)
    assert sorted(p.name for p in out.parent.iterdir()) == ["box.png"]  # no temp left over


@pytest.mark.browser
@pytest.mark.usefixtures("browser")
def test_screenshot_scale_and_overwrite(box_html, tmp_path):
    out = tmp_path / "box.png"
    out.write_bytes(b"old")
    screenshot(box_html, out, width=400, height=300, scale=2, wait_for=None)
    assert png_size(out) == (800, 600)


@pytest.mark.browser
@pytest.mark.usefixtures("browser")
def test_screenshot_missing_selector_is_a_clear_error(box_html, tmp_path):
    out = tmp_path / "never.png"
    with pytest.raises(ScreenshotError, match=r"\.leaflet-container"):
        screenshot(box_html, out, width=400, height=300, timeout_ms=1500)
    assert not out.exists()
    assert list(tmp_path.glob("*.tmp")) == []


def test_missing_chromium_raises_actionable_error(box_html, tmp_path, monkeypatch):
    monkeypatch.setenv("GEO_CHROMIUM", "/nonexistent")
    with pytest.raises(ScreenshotError) as info:
        screenshot(box_html, tmp_path / "x.png", width=400, height=300)
    msg = str(info.value)
    assert "/nonexistent" in msg
    assert "apt-get install -y chromium" in msg
    assert "GEO_CHROMIUM=/path/to/chromium" in msg
    assert not (tmp_path / "x.png").exists()


def test_missing_html_raises(tmp_path):
    with pytest.raises(ScreenshotError, match="not found"):
        screenshot(tmp_path / "nope.html", tmp_path / "x.png")
