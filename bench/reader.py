"""Reader performance: geo's published page as a reader on a slow phone gets it, against explore().

    python bench/reader.py                  # 5 cold loads of each page, medians, one table
    python bench/reader.py --runs 3 --work /tmp/geo-reader

The measurement of issue #18, as a script (not a test). Pages:

* the seed (``data/``) and 1,000 random sites (``bench/fixtures.py``, seeded), each as geo
  writes it by default (Leaflet from jsDelivr, tiles), with ``--inline-assets`` and with
  ``--offline``;
* ``GeoDataFrame.explore()`` of the same sites (``bench/baselines.py``), in the same run.

Each page is loaded cold (a new browser context, cache disabled) 5 times, pages in turn, in
Debian's Chromium driven by Playwright, with Lighthouse's mobile profile: 412×823 CSS px,
touch, device pixel ratio 1.75, CPU slowed 4× and the network slowed to 150 ms latency and
200 kB/s down (1 kB = 1,000 bytes) through the DevTools protocol. Pages come from a local HTTP server on
127.0.0.1; the CDN files they name (Leaflet, and explore()'s jQuery, Bootstrap, Font Awesome,
d3, awesome-markers) come from a local HTTPS server that Chromium reaches for the CDN host
names, serving the vendored Leaflet (``geo/assets/``) and ``npm pack`` copies of the others,
so every byte crosses the throttled network. Two of explore()'s stylesheets have no npm copy
(Bootstrap 3.0.0's glyphicons, folium's awesome-rotate from GitHub): they are answered 404,
after the same latency. Tile requests fail at once (no tile server); that costs no page
anything.

Measured from navigation start, medians of the loads:

* bytes: every response's encoded length (``Network.loadingFinished``), headers included;
* symbols drawn: the first animation frame where every symbol is in the page (geo:
  ``data-geo-drawn``; explore(): as many interactive paths as located sites);
* first tooltip: the pointer is put on a symbol as soon as it is drawn (and nudged every
  50 ms), until a tooltip is in the page;
* HTML received: the last byte of the page itself (``responseEnd``), the floor the network
  sets before the page's own scripts run.

The "done when" of issue #18 is checked at the end. One machine, shared: compare ratios.

Needs the ``[bench]`` extra (matplotlib and mapclassify for explore(), playwright), Debian's
Chromium, ``npm`` (``npm pack``, once, into the work folder) and ``openssl`` (the local
CDN's certificate).
"""

from __future__ import annotations

import argparse
import http.server
import json
import shutil
import ssl
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))

#: Lighthouse's mobile profile (a Moto G Power): the issue's 412×823, touch, 4×, 150 ms, 200 kB/s.
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True,
         "has_touch": True}
CPU_SLOWDOWN = 4
LATENCY_MS = 150
DOWN_BYTES_S = 200_000
UP_BYTES_S = 100_000

#: CDN URL prefix -> (npm package@version, folder in its tarball); None: geo's vendored Leaflet.
CDN = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/": None,
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/": ("bootstrap@5.2.2", ""),
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/":
        ("@fortawesome/fontawesome-free@6.2.0", ""),
    "https://code.jquery.com/jquery-3.7.1.min.js": ("jquery@3.7.1", "dist/jquery.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js": ("d3@3.5.5", "d3.min.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.js":
        ("drmonty-leaflet-awesome-markers@2.0.2", "js/leaflet.awesome-markers.js"),
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/leaflet.awesome-markers.css":
        ("drmonty-leaflet-awesome-markers@2.0.2", "css/leaflet.awesome-markers.css"),
}
CDN_HOSTS = ("cdn.jsdelivr.net", "code.jquery.com", "cdnjs.cloudflare.com", "netdna.bootstrapcdn.com")
TYPES = {".js": "application/javascript", ".css": "text/css", ".png": "image/png",
         ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".svg": "image/svg+xml",
         ".html": "text/html; charset=utf-8"}

#: Runs in every page from its first byte: notes the frame where the symbols are all drawn and
#: the one where a tooltip first shows (performance.now() is from navigation start).
PROBE = """(() => {
  const expected = %d, geo = %s, out = window.__reader = {};
  function drawn() {
    if (geo) return document.documentElement.dataset.geoDrawn === "1";
    return document.querySelectorAll('.leaflet-overlay-pane .leaflet-interactive').length >= expected;
  }
  function frame(t) {
    if (!out.drawn && drawn()) out.drawn = performance.now();
    if (!out.tooltip && document.querySelector('.leaflet-tooltip')) out.tooltip = performance.now();
    if (!out.tooltip) requestAnimationFrame(frame);
  }
  requestAnimationFrame(frame);
})();"""

#: A point on a symbol that the pointer really reaches (the element there is the symbol).
TARGET = """(geo) => {
  const nodes = geo ? [...document.querySelectorAll('.geo-symbol circle, .geo-symbol text')]
                    : [...document.querySelectorAll('.leaflet-overlay-pane .leaflet-interactive')];
  for (const node of nodes.reverse()) {
    const b = node.getBoundingClientRect(), x = b.x + b.width / 2, y = b.y + b.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    const same = hit === node || (geo && hit && hit.closest('.geo-symbol') === node.closest('.geo-symbol'));
    if (same) return [x, y];
  }
  return null;
}"""


# ----------------------------------------------------------------------------- the pages
def render_pages(work: Path) -> list[dict]:
    """Every page of the comparison, written under `work`: [{name, data, path, geo, n}]."""
    import fixtures

    py = sys.executable
    env = {"PYTHONPATH": str(ROOT)}
    seed = work / "seed"
    shutil.rmtree(seed, ignore_errors=True)
    shutil.copytree(ROOT / "data", seed / "data")
    big = work / "n1000"
    if not (big / "data" / "sites.geojson").exists():
        fixtures.write(big / "data" / "sites.geojson", fixtures.features(1000))
    pages = []
    for data, folder in (("seed", seed), ("1,000 sites", big)):
        sites = folder / "data" / "sites.geojson"
        located = sum(1 for f in json.loads(sites.read_text("utf-8"))["features"] if f.get("geometry"))
        for mode, flags in (("default", []), ("--inline-assets", ["--inline-assets"]),
                            ("--offline", ["--offline"])):
            out = folder / f"geo{flags[0] if flags else ''}.html"
            subprocess.run([py, "-m", "geo", "render", *flags, "--out", str(out)], cwd=folder, check=True,
                           capture_output=True, env={**_environ(), **env})
            pages.append({"data": data, "mode": mode, "path": out, "geo": True, "n": located})
        out = folder / "explore.html"
        subprocess.run([py, str(HERE / "baselines.py"), "explore", str(sites), str(out)], check=True,
                       capture_output=True, env={**_environ(), **env})
        pages.append({"data": data, "mode": "explore()", "path": out, "geo": False, "n": located})
    return pages


def _environ() -> dict:
    import os

    return dict(os.environ)


# ----------------------------------------------------------------------------- the servers
def npm_files(work: Path) -> dict[str, Path]:
    """Unpacked npm copies of the CDN files: {package@version: folder}."""
    out = {}
    for spec in sorted({v[0] for v in CDN.values() if v}):
        folder = work / "npm" / spec.replace("/", "+")
        if not (folder / "package").is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            proc = subprocess.run(["npm", "pack", spec, "--json", "--silent"], cwd=folder,
                                  capture_output=True, text=True, check=True)
            with tarfile.open(folder / json.loads(proc.stdout)[0]["filename"]) as tar:
                tar.extractall(folder, filter="data")
        out[spec] = folder / "package"
    return out


def cdn_body(url: str, npm: dict[str, Path]) -> bytes | None:
    from geo.render.screenshot import local_asset_for

    for prefix, source in CDN.items():
        if not url.startswith(prefix):
            continue
        if source is None:
            found = local_asset_for(url)
            return found[0] if found else None
        spec, inside = source
        path = npm[spec] / (inside + url[len(prefix):].split("?")[0])
        return path.read_bytes() if path.is_file() else None
    return None


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a CDN or a web server would

    def __init__(self, *args, root: Path, npm: dict | None, **kwargs) -> None:
        self.root, self.npm = root, npm
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        if self.npm is not None:
            body = cdn_body(f"https://{self.headers['Host']}{self.path}", self.npm)
        else:
            path = (self.root / self.path.split("?")[0].lstrip("/")).resolve()
            body = path.read_bytes() if path.is_file() and self.root in path.parents else None
        suffix = Path(self.path.split("?")[0]).suffix
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Type", TYPES.get(suffix, "application/octet-stream"))
        self.send_header("Access-Control-Allow-Origin", "*")  # Subresource Integrity asks CORS
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args) -> None:
        pass


def serve(handler, tls: Path | None = None) -> tuple[http.server.ThreadingHTTPServer, int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(tls / "cert.pem", tls / "key.pem")
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


def certificate(folder: Path) -> Path:
    """A throwaway self-signed certificate for the local CDN (the browser context ignores
    certificate errors)."""
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=local-cdn", "-keyout", str(folder / "key.pem"),
                    "-out", str(folder / "cert.pem")], check=True, capture_output=True)
    return folder


# ----------------------------------------------------------------------------- one load
class Phone:
    def __init__(self, cdn_port: int) -> None:
        from browser import CHROMIUM_ARGS, find_chromium
        from playwright.sync_api import sync_playwright

        rules = ", ".join([*(f"MAP {host} 127.0.0.1:{cdn_port}" for host in CDN_HOSTS),
                           "MAP * ~NOTFOUND", "EXCLUDE 127.0.0.1"])
        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path=find_chromium(), headless=True,
                                               args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"])

    def load(self, url: str, page_info: dict, timeout_s: float = 120) -> dict:
        """One cold load: bytes, symbols drawn and first tooltip (seconds from navigation start)."""
        context = self.browser.new_context(**PHONE, ignore_https_errors=True, service_workers="block")
        context.set_default_timeout(timeout_s * 1000)
        geo = page_info["geo"]
        context.add_init_script(PROBE % (page_info["n"], "true" if geo else "false"))
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        received: dict[str, float] = {}
        cdp.on("Network.loadingFinished",
               lambda e: received.__setitem__(e["requestId"], e["encodedDataLength"]))
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": LATENCY_MS,
                                                      "downloadThroughput": DOWN_BYTES_S,
                                                      "uploadThroughput": UP_BYTES_S})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        try:
            page.goto(url, wait_until="commit")
            page.wait_for_function("() => window.__reader && window.__reader.drawn", polling=20)
            target = None
            deadline = time.monotonic() + timeout_s
            while target is None and time.monotonic() < deadline:
                target = page.evaluate(TARGET, geo)
            nudge = 0
            while not page.evaluate("() => window.__reader.tooltip") and time.monotonic() < deadline:
                page.mouse.move(target[0] + nudge, target[1])
                nudge = 1 - nudge
                page.wait_for_timeout(50)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)  # late responses (fonts, a decoded part) are counted too
            probe = page.evaluate("() => window.__reader")
            nav = page.evaluate("""() => { const n = performance.getEntriesByType('navigation')[0];
              return {page_received: n.responseEnd / 1000, parsed: n.domInteractive / 1000}; }""")
            return {"bytes": sum(received.values()), "drawn": probe["drawn"] / 1000,
                    "tooltip": probe["tooltip"] / 1000, **nav}
        finally:
            context.close()

    def close(self) -> None:
        self.browser.close()
        self.pw.stop()


# ----------------------------------------------------------------------------- the report
def fmt_ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}×" if base else "–"


def report(pages: list[dict]) -> list[str]:
    lines = ["| page | bytes | HTML received | symbols drawn | first tooltip | bytes ÷ explore() "
             "| drawn ÷ explore() | tooltip ÷ explore() | drawn ÷ geo default |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for p in pages:
        base = next(q for q in pages if q["data"] == p["data"] and q["mode"] == "explore()")
        default = next(q for q in pages if q["data"] == p["data"] and q["mode"] == "default")
        lines.append(f"| {p['data']}, {p['mode']} | {p['bytes'] / 1000:,.0f} kB | "
                     f"{p['page_received']:.2f} s | {p['drawn']:.2f} s | "
                     f"{p['tooltip']:.2f} s | {fmt_ratio(p['bytes'], base['bytes'])} | "
                     f"{fmt_ratio(p['drawn'], base['drawn'])} | {fmt_ratio(p['tooltip'], base['tooltip'])} | "
                     f"{fmt_ratio(p['drawn'], default['drawn'])} |")
    return lines


def done_when(pages: list[dict]) -> list[str]:
    """The issue's "done when", each line PASS or FAIL."""
    def get(data: str, mode: str) -> dict:
        return next(p for p in pages if p["data"] == data and p["mode"] == mode)

    checks = [(f"seed --inline-assets symbols drawn {get('seed', '--inline-assets')['drawn']:.2f} s ≤ 1.5 s",
               get("seed", "--inline-assets")["drawn"] <= 1.5),
              (f"seed --offline symbols drawn {get('seed', '--offline')['drawn']:.2f} s ≤ 2.5 s",
               get("seed", "--offline")["drawn"] <= 2.5),
              (f"seed --offline page {get('seed', '--offline')['size'] / 1000:.0f} kB ≤ 350 kB before "
               "compression", get("seed", "--offline")["size"] <= 350_000)]
    for p in pages:
        if not p["geo"]:
            continue
        base = get(p["data"], "explore()")
        checks.append((f"{p['data']}, {p['mode']}: bytes {p['bytes'] / 1000:,.0f} < "
                       f"{base['bytes'] / 1000:,.0f} kB and first tooltip {p['tooltip']:.2f} < "
                       f"{base['tooltip']:.2f} s (explore())",
                       p["bytes"] < base["bytes"] and p["tooltip"] < base["tooltip"]))
    return [f"{'PASS' if ok else 'FAIL'}  {text}" for text, ok in checks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads of each page (default 5)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "geo-reader-bench")
    args = parser.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    pages = render_pages(work)
    npm = npm_files(work)
    cert = certificate(Path(tempfile.mkdtemp(prefix="geo-reader-cert-")))
    site, site_port = serve(partial(Handler, root=work.resolve(), npm=None))
    cdn, cdn_port = serve(partial(Handler, root=work, npm=npm), tls=cert)
    phone = Phone(cdn_port)
    loads: dict[int, list[dict]] = {i: [] for i in range(len(pages))}
    try:
        # One load not counted: the browser's own first start (TLS, caches of the process).
        phone.load(f"http://127.0.0.1:{site_port}/{pages[-1]['path'].resolve().relative_to(work.resolve())}",
                   pages[-1])
        for run in range(args.runs):  # pages in turn: a slow spell of the machine hits them all
            for i, p in enumerate(pages):
                url = f"http://127.0.0.1:{site_port}/{p['path'].resolve().relative_to(work.resolve())}"
                loads[i].append(phone.load(url, p))
                m = loads[i][-1]
                print(f"run {run + 1}: {p['data']:>11}, {p['mode']:<15} {m['bytes'] / 1000:8,.0f} kB  "
                      f"drawn {m['drawn']:6.2f} s  tooltip {m['tooltip']:6.2f} s", flush=True)
    finally:
        phone.close()
        site.shutdown()
        cdn.shutdown()
        shutil.rmtree(cert, ignore_errors=True)
    for i, p in enumerate(pages):
        for key in ("bytes", "drawn", "tooltip", "page_received", "parsed"):
            p[key] = statistics.median(m[key] for m in loads[i])
        p["size"] = p["path"].stat().st_size
    print(f"\nPhone profile: {PHONE['viewport']['width']}×{PHONE['viewport']['height']}, touch, "
          f"CPU {CPU_SLOWDOWN}× slower, {LATENCY_MS} ms, {DOWN_BYTES_S // 1000} kB/s down; "
          f"medians of {args.runs} cold loads from navigation start.\n")
    print("\n".join(report(pages)))
    print("\n".join(["", *done_when(pages)]))
    (work / "reader.json").write_text(json.dumps(
        [{k: (str(v) if isinstance(v, Path) else v) for k, v in p.items()} | {"loads": loads[i]}
         for i, p in enumerate(pages)], indent=1), "utf-8")


if __name__ == "__main__":
    main()
