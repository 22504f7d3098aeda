"""`geo embed`: snippets that keep their shape, resize on their own, and share a page."""

from __future__ import annotations

import re
import shutil

import pytest
from helpers import REPO_ROOT, geo


@pytest.fixture
def work(tmp_path):
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    return tmp_path


def frame_id(snippet: str) -> str:
    return re.search(r'<iframe id="([^"]+)"', snippet).group(1)


@pytest.mark.e2e
def test_each_snippet_has_a_deterministic_id_of_its_own():
    a = geo("embed", "--url", "https://example.org/a.html", cwd=REPO_ROOT).stdout
    again = geo("embed", "--url", "https://example.org/a.html", "--auto-height", cwd=REPO_ROOT).stdout
    b = geo("embed", "--url", "https://example.org/b.html", "--auto-height", cwd=REPO_ROOT).stdout
    assert frame_id(a) == frame_id(again) != frame_id(b)  # from the URL: same URL, same id
    assert re.fullmatch(r"geo-map-[0-9a-f]{8}", frame_id(b))
    assert f"document.getElementById(\"{frame_id(b)}\")" in b  # the script looks for its own frame
    named = geo("embed", "--url", "https://example.org/a.html", "--id", "ai-map", "--auto-height",
                cwd=REPO_ROOT).stdout
    assert frame_id(named) == "ai-map" and 'getElementById("ai-map")' in named
    bad = geo("embed", "--id", 'x" onload="alert(1)', cwd=REPO_ROOT, check=False)
    assert bad.returncode == 2 and "--id" in bad.stderr and "e.g. ai-map" in bad.stderr


@pytest.mark.e2e
def test_the_fixed_snippet_states_its_ratio_in_css():
    snippet = geo("embed", "--url", "https://example.org/m.html", "--title", 'Carte "IA"',
                  cwd=REPO_ROOT).stdout
    assert 'title="Carte &quot;IA&quot;"' in snippet and 'loading="lazy"' in snippet
    assert "aspect-ratio:4 / 3" in snippet and "padding-top" not in snippet  # 4:3 by default
    assert 'src="https://example.org/m.html#geo-fit"' in snippet  # the page fits its frame
    assert "<script" not in snippet
    assert "aspect-ratio:16 / 9" in geo("embed", "--aspect", "16:9", cwd=REPO_ROOT).stdout
    assert "min-height:400px" in geo("embed", "--min-height", "400", cwd=REPO_ROOT).stdout


@pytest.mark.e2e
@pytest.mark.parametrize("aspect", ["0:1", "4:0", "nan:1", "-4:3", "inf:1", "1e400:1", "1:1000", "wide",
                                    "4:3:1"])
def test_a_bad_aspect_is_a_usage_error_that_says_what_to_type(aspect):
    result = geo("embed", f"--aspect={aspect}", cwd=REPO_ROOT, check=False)
    assert result.returncode == 2, result.stdout
    assert "--aspect" in result.stderr and "16:9" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def host_page(work, body: str):
    host = work / "output" / "host.html"
    host.write_text("<!doctype html><html><head><meta charset='utf-8'></head>"
                    f"<body style='margin:0'><h1>Article</h1>{body}<p>After the maps.</p></body></html>",
                    "utf-8")
    return host


@pytest.mark.browser
def test_two_auto_height_maps_on_one_page_both_resize(open_map, work):
    geo("build", cwd=work)
    geo("render", "--lang", "en", "--out", "output/map-en.html", cwd=work)
    fr = geo("embed", "--url", "map.html", "--auto-height", cwd=work).stdout
    en = geo("embed", "--url", "map-en.html", "--auto-height", cwd=work).stdout
    same = geo("embed", "--url", "map.html", "--auto-height", "--id", "again", cwd=work).stdout
    assert len({frame_id(fr), frame_id(en), frame_id(same)}) == 3
    # Different column widths, so that each map has a height of its own.
    host = host_page(work, f"<div style='width:360px'>{fr}</div><div style='width:700px'>{en}</div>"
                           f"<div style='width:500px'>{same}</div>")
    page, report = open_map(host, width=1000, height=900)
    page.wait_for_function("() => [...document.querySelectorAll('iframe')]"
                           ".every(f => f.style.height !== '480px')")
    page.wait_for_timeout(300)  # let any last message land
    heights = page.evaluate("() => [...document.querySelectorAll('iframe')]"
                            ".map(f => f.getBoundingClientRect().height)")
    frames = [page.locator("iframe").nth(i).element_handle().content_frame() for i in range(3)]
    own = [f.evaluate("() => document.documentElement.scrollHeight") for f in frames]
    assert [f.evaluate("() => document.documentElement.lang") for f in frames] == ["fr", "en", "fr"]
    assert all(abs(h - o) <= 2 for h, o in zip(heights, own, strict=True)), (heights, own)  # each its own map
    assert len({round(h) for h in heights}) == 3  # three widths, three heights: no frame took another's
    assert report.page_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [328, 760])
def test_the_fixed_embed_keeps_its_ratio_and_shows_the_credits(open_map, work, width):
    geo("build", cwd=work)
    snippet = geo("embed", "--url", "map.html", cwd=work).stdout
    host = host_page(work, f"<div style='width:{width}px'>{snippet}</div>")
    page, report = open_map(host, width=1000, height=900)
    frame = page.frame_locator("iframe")
    frame.locator("[data-geo-ready]").first.wait_for(state="attached")
    box = page.locator("iframe").bounding_box()
    assert box["width"] == width and abs(box["height"] / box["width"] - 0.75) < 0.005  # 4:3
    inner = next(f for f in page.frames if f != page.main_frame)
    seen = inner.evaluate("""() => {
      const inView = el => { const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight + 0.5
          && r.left >= 0 && r.right <= innerWidth + 0.5; };
      const map = document.querySelector('.leaflet-container').getBoundingClientRect();
      return {credits: [...document.querySelectorAll('.geo-footer p')].map(inView),
              title: inView(document.querySelector('.geo-header h1')), map: map.height,
              scrolls: document.scrollingElement.scrollHeight > innerHeight + 1};
    }""")
    assert all(seen["credits"]) and seen["credits"], seen  # every credit line within the frame
    assert seen["title"] and not seen["scrolls"], seen
    assert seen["map"] >= 80, seen
    assert report.page_errors == []
