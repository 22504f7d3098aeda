"""Nothing injected: hostile text in every field reaches the reader as text, never as code.

The data file carries tests/fixtures/hostile.json's payloads in every text field
a reader sees; it goes through the real pipeline and is opened in Chromium with
traps for anything that would run (a `window.__pwned` setter, dialogs,
navigations, popups, CSP violations). Then every popup is opened.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import fastpath_reader
import pytest

import geo

FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = json.loads((FIXTURES / "hostile.json").read_text("utf-8"))
TEXT: list[str] = HOSTILE["text"]
URLS: list[str] = HOSTILE["urls"]
PLACES = ["Lille", "Marseille", "Bordeaux", "Cambrai (Nord)", "Essonne", "Dunkerque", "Toulouse",
          "Nantes", "France", "Strasbourg", "Rennes", "Lyon", "non communiqué"]

TRAPS = """
window.__pwnedLog = [];
window.__cspViolations = [];
Object.defineProperty(window, "__pwned", {
  configurable: false,
  get: function () { return undefined; },
  set: function (v) { window.__pwnedLog.push(String(v)); }
});
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_fixture_is_hostile_enough():
    assert len(TEXT) + len(URLS) >= 30
    joined = "\n".join(TEXT + URLS)
    for needle in ("</script>", "</SCRIPT >", "<!--<script>", "onerror=", "<svg onload", "${",
                   "`", "&lt;script&gt;", "&#x3C;", "{{7*7}}", "\" onmouseover=", "\u202e",
                   "\u2028", "\u2029", "\u0000", "JaVaScRiPt:", "vbscript:", "data:", "java\tscript"):
        assert needle in joined, needle
    assert max(map(len, TEXT)) > 5000


def _name(payload: str) -> str:
    return payload[:500]  # the schema's limit for names


def hostile_document() -> dict:
    features = []
    for i, payload in enumerate(TEXT):
        url = URLS[i % len(URLS)]
        features.append({"type": "Feature", "geometry": None, "properties": {
            "name": _name(payload),
            "investor": _name(TEXT[(i + 1) % len(TEXT)]),
            "place": PLACES[i % len(PLACES)],
            "amount": f"{i + 1} millions d'euros" if i % 7 else "non communiqué",
            "date": "2025-02-09",
            "status": _name(TEXT[(i + 2) % len(TEXT)])[:200],
            "notes": payload,
            "sources": [{"url": url, "title": _name(payload), "publisher": _name(payload),
                         "date": "2025"},
                        {"url": "https://example.org/ok", "title": TEXT[(i + 3) % len(TEXT)][:500]}],
            "color": payload,
        }})
    # A location name that comes from the data: coordinates with a hostile place name.
    features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.19, 48.59]},
                     "properties": {"name": "Point site", "place": TEXT[1], "amount": "1 Md€"}})
    return {"type": "FeatureCollection", "settings": {
        "title": TEXT[4], "subtitle": TEXT[0] + " " + TEXT[10], "credit": TEXT[2],
        "color_by": "color",
        "headline_total": {"amount": "109 milliards d'euros", "label": TEXT[14],
                           "source": {"title": TEXT[5], "publisher": TEXT[11], "date": "2025"}}},
        "features": features}


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "data" / "sites.geojson"
    data.parent.mkdir()
    data.write_text(json.dumps(hostile_document(), ensure_ascii=False, indent=1), "utf-8")
    out = folder / "output" / "map.html"
    result = geo.build(data, out, offline=True)
    return result, out


def test_every_dropped_link_is_reported(hostile_build):
    result, _ = hostile_build
    dropped = [w for w in result.warnings if w.field and re.fullmatch(r"sources\[\d+\]\.url", w.field)]
    expected = [(i, "sources[0].url") for i in range(len(TEXT))]
    assert sorted((w.index, w.field) for w in dropped) == expected
    assert all(w.severity == "warning" and "https://" in w.hint for w in dropped)


def test_page_has_a_strict_csp(hostile_build):
    _, out = hostile_build
    html = out.read_text("utf-8")
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert match, "no CSP meta"
    csp = match.group(1).replace("&#x27;", "'")
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in csp
    assert "'sha256-" in script_src
    assert "default-src 'none'" in csp and "base-uri 'none'" in csp
    assert "'unsafe-inline'" not in re.search(r"style-src ([^;]+)", csp).group(1)
    # The raw HTML: payloads only inside the JSON blob (escaped) or html-escaped text.
    assert "<script>window.__pwned" not in html
    assert "<img src=x" not in html and "<svg onload" not in html


def test_nothing_runs_and_every_payload_is_text(hostile_build, browser):
    _, out = hostile_build
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    try:
        context.add_init_script(TRAPS)
        events: dict[str, list] = {"dialogs": [], "popups": [], "navigations": [], "console": [],
                                   "page_errors": [], "requests": []}

        def route(r):
            url = r.request.url
            if url.startswith("file://"):
                r.continue_()
            else:
                events["requests"].append(url)
                r.abort("blockedbyclient")

        context.route("**/*", route)
        page = context.new_page()
        context.on("page", lambda p: events["popups"].append(p.url))
        page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
        page.on("console", lambda m: events["console"].append(m.text) if m.type in ("error", "warning")
                else None)
        page.on("pageerror", lambda e: events["page_errors"].append(str(e)))
        page.on("framenavigated", lambda f: events["navigations"].append(f.url)
                if f == page.main_frame else None)
        page.goto(out.resolve().as_uri(), wait_until="load")
        page.wait_for_selector("html[data-geo-ready='1']")

        texts: list[str] = [page.evaluate("document.body.textContent")]
        markers = page.locator(".geo-symbol[data-site]")
        n_markers = markers.count()
        assert n_markers >= 20
        for i in range(n_markers):
            marker = markers.nth(i)
            site = marker.get_attribute("data-site")
            marker.focus()
            marker.press("Enter")
            popup = page.locator(f'.leaflet-popup-content .geo-popup[data-site="{site}"]')
            popup.wait_for()
            texts.append(popup.text_content())
            # Hover every link and element of the popup: no handler may fire.
            for link in popup.locator("a").all():
                link.hover()
        items = page.locator(".geo-unlocated-item")
        for i in range(items.count()):
            items.nth(i).locator("summary").click()
            texts.append(items.nth(i).text_content())
        page.mouse.move(10, 10)
        page.wait_for_timeout(200)

        assert page.evaluate("window.__pwnedLog") == []
        assert page.evaluate("window.__cspViolations") == []
        assert events["dialogs"] == [] and events["popups"] == []
        assert events["navigations"] == [out.resolve().as_uri()]
        assert events["page_errors"] == []
        assert [m for m in events["console"] if "Content Security Policy" in m or "Refused" in m] == []
        assert [u for u in events["requests"] if "evil" in u] == []

        # Links: only http(s), none of the hostile schemes.
        hrefs = page.evaluate("Array.from(document.querySelectorAll('[href]'), a => a.getAttribute('href'))")
        assert hrefs and all(re.match(r"^(https?://|#[a-z]*$)", h) for h in hrefs), hrefs
        for selector in ("a[href^=javascript i]", "a[href^=data i]", "a[href^=vbscript i]",
                         "iframe", "object", "embed", "form", "base", "img[onerror]", "[onload]",
                         "[onmouseover]", "[onfocus]", "[ontoggle]", "math"):
            assert page.locator(selector).count() == 0, selector
        assert page.locator("script").count() == len(re.findall(r"<script\b", out.read_text("utf-8")))

        # Every payload appears verbatim as text (textContent is exact, no CSS whitespace folding).
        everything = "\n".join(texts)
        missing = [p for p in TEXT if _name(p).replace("\u0000", "\ufffd") not in everything
                   and _name(p) not in everything]
        assert missing == []
        title = page.evaluate("document.title")
        assert title == TEXT[4]
        blob = page.evaluate("JSON.parse(document.getElementById('geo-data').textContent)")
        notes = {s["notes"] for s in blob["unlocated"]}
        notes |= set(fastpath_reader.decode(blob["sites"])["notes"]["t"])  # the sites' columns
        assert set(TEXT) <= notes  # the long and odd ones too, exactly, through the JSON blob
        popup_notes = page.evaluate("document.body.textContent")
        assert TEXT[-1] in "\n".join(texts) or TEXT[-1] in popup_notes
    finally:
        context.close()
