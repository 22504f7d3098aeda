"""One rule for links, two implementations: geo.core.urls.safe_url and safeUrl in geo-base.js.

The page's script re-checks every link it inserts; if the two ever disagreed, a link the
build reported as "will not be shown" could be shown, or the other way round. Both are run
on the same cases (hand-picked tricks, then generated strings) and must agree exactly.
"""

from __future__ import annotations

import json
import shutil
import subprocess

from helpers import unavailable

from geo.core.urls import safe_url
from geo.render.assets import PAGE_SCRIPTS, read_asset

CASES = [
    "https://example.org/a?b=1#c", "http://x", "HTTPS://EXAMPLE.ORG", "  https://a.b/  ",
    "\thttps://a.b\n", "https://", "https:///path", "https://?q", "https://#f", "//a.b/c",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\nscript:alert(1)", "data:text/html,x",
    "vbscript:x", "ftp://a.b", "mailto:a@b.c", "https://user:pw@host/x", "https://a b",
    "https://a.b/\u202eevil", "https://a.b/\u200f", "https://a.b/\u00a0", "https://a.b/\u2028",
    "https://a.b/\x7f", "https://a\\b", "https://a.b/" + "x" * 1990, "https://a.b/" + "x" * 1995,
    "httpſ://a.b", "\u212aa", "https://exämple.org/ü", "https://例え.jp/パス", "https:\\\\a.b",
    "http:/a.b", "https:a.b", "", " ", "\u3000https://a.b", "https://a.b\u3000",
    "https://a.b/\ufeff", "https://[::1]:8080/x", "https://a.b:99999/",
]


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        unavailable("node is needed to run the page's safeUrl (apt-get install nodejs)")
    return node


def js_safe_url(urls: list[str]) -> list[str | None]:
    """safeUrl from the page's shipped scripts (geo-base.js), run by Node on each of `urls`."""
    script = ("global.window = {};\n" + "\n".join(read_asset(name) for name in PAGE_SCRIPTS) + "\n"
              "const urls = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n"
              "process.stdout.write(JSON.stringify(urls.map(window.geoMapApi.safeUrl)));\n")
    done = subprocess.run([_node(), "-e", script], input=json.dumps(urls), capture_output=True,
                          text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_python_and_javascript_agree_on_every_case():
    assert js_safe_url(CASES) == [safe_url(u) for u in CASES]


def test_the_rule_keeps_web_links_and_drops_the_rest():
    assert safe_url("  https://example.org/a  ") == "https://example.org/a"
    kept = [u for u in CASES if safe_url(u)]
    assert all(u.strip().lower().startswith(("http://", "https://")) for u in kept)
    for bad in ("javascript:alert(1)", "data:text/html,x", "//a.b/c", "https://a.b/\u202eevil",
                "https://", "httpſ://a.b", "https://a.b/" + "x" * 1995):
        assert safe_url(bad) is None, bad


def _generated(n: int, seed: int = 7) -> list[str]:
    """Seeded strings built from the characters that matter to the rule."""
    import random

    rng = random.Random(seed)
    pieces = ["http", "https", "HTTPS", "://", ":", "/", "//", "?", "#", "a", "b.c", " ", "\t", "\n",
              "\\", "@", "\u202e", "\u00a0", "\u2028", "\ufeff", "ſ", "é", "javascript:", "x" * 50]
    out = []
    for _ in range(n):
        start = rng.choice(["https://", "http://", "", " "])
        out.append(start + "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))))
    return out


def test_python_and_javascript_agree_on_generated_strings():
    urls = _generated(3000)
    assert js_safe_url(urls) == [safe_url(u) for u in urls]
