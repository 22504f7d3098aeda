"""Benchmark: geo against naive folium and GeoDataFrame.explore(), on the same data, in one run.

    python bench/run.py                       # N = 1k, 10k, 100k + seed + incremental + hover
    python bench/run.py --quick               # N = 1k, 10k only (a few minutes)
    python bench/run.py --sizes 1000,20000 --skip naive,explore --work /tmp/geo-bench
    python bench/run.py --sizes 100000 --skip naive,explore,browser   # memory of each command

Not part of the test suite. Each build is a separate whole process (imports included); wall
time and peak RSS come from os.wait4 on that child. Besides the comparison (geo's column is
`geo render`), each size reports every geo command's peak RSS: `geo build` (first and
with nothing to change), `geo validate` and `geo render` (goal at 100,000 sites: build and
validate under 450 MB). Fixtures are deterministic
(bench/fixtures.py, seeded) and already enriched, so nothing is geocoded except in the
incremental case. Pages are opened in headless Debian Chromium (Playwright, network blocked,
Leaflet served from geo/assets as in tests/browser.py); "draw" is the time from navigation
start to the symbols drawn (geo: data-geo-drawn; baselines: `load` plus two animation frames),
best of 3 opens up to 10,000 sites and one at 100,000;
"interactive" is when hover, click and search answer (geo's canvas path reads its text columns
after drawing; the baselines are interactive when drawn). One machine: compare the ratios, not
the seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "tests"))


def run(cmd: list[str], cwd: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MB, CPU seconds) of one child process.

    CPU time (user + system, the child's own reaped children included) does not count the
    time this shared machine's host takes the CPU away, so it varies less than wall time.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _explore_available() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) for m in ("matplotlib", "mapclassify"))


def dataset(work: Path, n: int) -> Path:
    import fixtures

    path = work / f"n{n}" / "data" / "sites.geojson"
    if not path.exists():
        fixtures.write(path, fixtures.features(n), canonical=n <= 20_000)
    return path


class Browser:
    def __init__(self) -> None:
        from browser import CHROMIUM_ARGS, find_chromium
        from playwright.sync_api import sync_playwright

        self.pw = sync_playwright().start()
        self.browser = self.pw.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS,
                                               headless=True)

    def open(self, path: Path, geo: bool, timeout_s: float = 600):
        from geo.render.screenshot import offline_route

        context = self.browser.new_context(viewport={"width": 1200, "height": 800})
        context.set_default_timeout(timeout_s * 1000)
        context.route("**/*", offline_route())
        page = context.new_page()
        page.goto(path.resolve().as_uri(), wait_until="load")
        if geo:
            page.wait_for_function("() => document.documentElement.dataset.geoReady && "
                                   "(!window.geoCanvasLayer || document.documentElement.dataset.geoDrawn)",
                                   polling=50)
        drawn = page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                              "requestAnimationFrame(() => r(performance.now()))))")
        interactive = drawn
        if geo:  # the canvas path reads its text columns after drawing: hover/click wait for them
            page.wait_for_function("() => !window.geoCanvasLayer || "
                                   "document.documentElement.dataset.geoInteractive", polling=20)
            interactive = max(drawn, page.evaluate("() => performance.now()"))
        return page, drawn / 1000, interactive / 1000

    def draw_time(self, path: Path, geo: bool) -> tuple[float, float]:
        """(drawn, interactive) seconds from navigation start."""
        page, drawn, interactive = self.open(path, geo)
        page.context.close()
        return drawn, interactive

    def hover_latency(self, path: Path) -> tuple[float, float]:
        """(median, worst) ms from a mousemove on a symbol to its tooltip in the DOM."""
        page, _, _ = self.open(path, True)
        times = page.evaluate("""() => {
          const l = window.geoCanvasLayer, box = document.getElementById('map_geo').getBoundingClientRect();
          const out = [];
          for (let k = 0; k < 60; k++) {
            const i = Math.floor((k + 0.5) * l.drawn / 60), p = l.position(i);
            const t = performance.now();
            document.getElementById('map_geo').dispatchEvent(new MouseEvent('mousemove',
              {clientX: box.left + p.x, clientY: box.top + p.y, bubbles: true}));
            if (!document.querySelector('.leaflet-tooltip [data-site]')) continue;
            out.push(performance.now() - t);
          }
          return out;
        }""")
        page.context.close()
        if not times:
            return float("nan"), float("nan")
        return statistics.median(times), max(times)

    def close(self) -> None:
        self.browser.close()
        self.pw.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--quick", action="store_true", help="N = 1k and 10k only")
    parser.add_argument("--skip", default="", help="comma list of: naive, explore, browser")
    parser.add_argument("--work", default="/tmp/geo-bench", type=Path)
    args = parser.parse_args()
    sizes = [1000, 10000] if args.quick else [int(s) for s in args.sizes.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    browser = None if "browser" in skip else Browser()
    rows = []

    floor_pass = min(run([py, "-c", "pass"])[0] for _ in range(3))
    floor_imports = min(run([py, "-c", "import folium, geopandas"])[0] for _ in range(3))
    print(f"floors: python -c pass {floor_pass:.3f} s, import folium, geopandas {floor_imports:.2f} s",
          flush=True)

    for n in sizes:
        data = dataset(work, n)
        out = data.parent.parent / "out"
        out.mkdir(exist_ok=True)
        variants = [("geo", [py, "-m", "geo", "render", "--data", str(data),
                             "--out", str(out / "geo.html")], out / "geo.html")]
        for name in ("naive", "explore"):
            if name == "explore" and not _explore_available():
                print("explore() skipped: it needs matplotlib and mapclassify "
                      "(pip install matplotlib mapclassify)", flush=True)
                skip.add("explore")
            if name not in skip:
                variants.append((name, [py, str(HERE / "baselines.py"), name, str(data),
                                        str(out / f"{name}.html")], out / f"{name}.html"))
        result = {"n": n}
        for name, cmd, html in variants:
            wall, rss, cpu = run(cmd, cwd=ROOT)
            size = html.stat().st_size
            # Best of 3 opens up to 10,000 sites (a single open varies by ±30 % on a shared
            # machine); one at 100,000, where explore() alone takes minutes to draw.
            opens = [browser.draw_time(html, name == "geo") for _ in range(3 if n <= 10_000 else 1)] \
                if browser else [(float("nan"),) * 2]
            draw, ready = min(opens)
            result[name] = {"build": wall, "cpu": cpu, "rss": rss, "bytes": size, "draw": draw,
                            "ready": ready}
            print(f"N={n:>6} {name:8} build {wall:7.2f} s (CPU {cpu:7.2f} s)  peak RSS {rss:7.0f} MB  "
                  f"HTML {size / 1e6:7.2f} MB ({size / n:6.1f} B/site)  draw {draw:7.2f} s  "
                  f"interactive {ready:7.2f} s", flush=True)
        result["commands"] = commands(work, data, n)
        if browser and n == max(sizes):
            med, worst = browser.hover_latency(out / "geo.html")
            result["hover"] = (med, worst)
            print(f"N={n:>6} hover: median {med:.2f} ms, worst {worst:.2f} ms", flush=True)
        rows.append(result)

    # The seed (4 sites): geo build against the import floor.
    seed = work / "seed"
    shutil.rmtree(seed, ignore_errors=True)
    shutil.copytree(ROOT / "data", seed / "data")
    seed_times = [run([py, "-m", "geo", "build"], cwd=seed)[0] for _ in range(3)]
    seed_build = min(seed_times)
    print(f"seed: geo build {seed_build:.2f} s (best of 3) vs import folium, geopandas "
          f"{floor_imports:.2f} s = {seed_build / floor_imports:.2f}x", flush=True)

    # Incremental: one new site added to 10,000.
    import fixtures

    inc = work / "incremental" / "data" / "sites.geojson"
    shutil.rmtree(inc.parent.parent, ignore_errors=True)
    inc.parent.mkdir(parents=True)
    shutil.copy(dataset(work, 10_000), inc)
    cwd = inc.parent.parent
    doc = json.loads(inc.read_text("utf-8"))
    before = {f["id"]: f["properties"].get("location") for f in doc["features"]}
    doc["features"].append(fixtures.new_site(1))
    edited = json.dumps(doc, ensure_ascii=False, indent=2)
    # Interleaved, best of 5 each: this machine's speed drifts by ±30 % from one minute to
    # the next, so the three commands are timed in turn rather than in three batches.
    inc_times, render_times, noop_times = [], [], []
    for _ in range(5):
        inc.write_text(edited, "utf-8")  # the edit as a user's editor would save it
        inc_times.append(run([py, "-m", "geo", "build"], cwd=cwd)[0])
        # The same sites, nothing to geocode: `geo render`, then `geo build` (which also
        # serialises the data to compare it).
        render_times.append(run([py, "-m", "geo", "render"], cwd=cwd)[0])
        noop_times.append(run([py, "-m", "geo", "build"], cwd=cwd)[0])
    inc_time, render_time, noop_time = min(inc_times), min(render_times), min(noop_times)
    after = json.loads(inc.read_text("utf-8"))["features"]
    changed = [f["id"] for f in after if before.get(f["id"], "new") != f["properties"].get("location")]
    print(f"incremental: build after adding 1 site to 10,000: {inc_time:.2f} s vs render with "
          f"nothing to geocode {render_time:.2f} s = {inc_time / render_time:.2f}x, vs build with "
          f"nothing to geocode {noop_time:.2f} s = {inc_time / noop_time:.2f}x; "
          f"locations written: {changed}", flush=True)

    if browser:
        browser.close()
    report(rows, floor_imports, seed_build, inc_time / render_time, inc_time / noop_time)


def commands(work: Path, data: Path, n: int) -> dict[str, tuple[float, float]]:
    """(wall s, peak RSS MB) of each geo command on N sites, in its own folder.

    `build` is the first build of the fixture (geo rewrites it, indented, with its own
    canonical bytes), `build again` a build with nothing to change; `validate` and `render`
    read the rewritten file. Peak RSS is the largest of the command and its forked child.
    """
    folder = work / f"commands-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    shutil.copy(data, folder / "data" / "sites.geojson")
    py, out = sys.executable, {}
    for name, args in (("build", ["build"]), ("build again", ["build"]), ("validate", ["validate"]),
                       ("render", ["render", "--out", "output/render.html"])):
        wall, rss, _ = run([py, "-m", "geo", *args], cwd=folder)
        out[name] = (wall, rss)
        print(f"N={n:>6} geo {name:12} {wall:7.2f} s  peak RSS {rss:7.0f} MB", flush=True)
    return out


def report(rows: list[dict], floor_imports: float, seed_build: float, inc_ratio: float,
           inc_noop_ratio: float) -> None:
    print("\n| N | tool | build s | build CPU s | peak RSS MB | HTML MB | B/site | draw s | "
          "interactive s | build ×naive | build ×explore | CPU ×naive | CPU ×explore | "
          "draw ×naive | draw ×explore |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        for name in ("naive", "explore", "geo"):
            if name not in r:
                continue
            m = r[name]

            def ratio(base: str, key: str, r: dict = r, m: dict = m) -> str:
                b = r.get(base)
                return f"{b[key] / m[key]:.1f}×" if b and m[key] and b[key] == b[key] else "–"

            print(f"| {r['n']:,} | {name} | {m['build']:.2f} | {m['cpu']:.2f} | {m['rss']:.0f} | "
                  f"{m['bytes'] / 1e6:.2f} | {m['bytes'] / r['n']:.1f} | {m['draw']:.2f} | "
                  f"{m['ready']:.2f} | "
                  f"{ratio('naive', 'build')} | {ratio('explore', 'build')} | "
                  f"{ratio('naive', 'cpu')} | {ratio('explore', 'cpu')} | "
                  f"{ratio('naive', 'draw')} | {ratio('explore', 'draw')} |")
    print("\n| N | command | s | peak RSS MB |")
    print("|---|---|---:|---:|")
    for r in rows:
        for name, (wall, rss) in r.get("commands", {}).items():
            print(f"| {r['n']:,} | geo {name} | {wall:.2f} | {rss:.0f} |")
    for r in rows:
        if "hover" in r:
            print(f"\nhover at N={r['n']:,}: median {r['hover'][0]:.2f} ms, worst {r['hover'][1]:.2f} ms")
    print(f"seed geo build / import folium+geopandas: {seed_build / floor_imports:.2f}× (target ≤ 1.3×)")
    print(f"incremental build / render: {inc_ratio:.2f}× (target ≤ 1.2×); "
          f"/ build with nothing to geocode: {inc_noop_ratio:.2f}×")
    geo = [(r["n"], r["geo"]["build"]) for r in rows]
    if len(geo) > 1:
        print("geo build per 1,000 sites: " + ", ".join(f"N={n:,}: {t / n * 1000:.3f} s" for n, t in geo))


if __name__ == "__main__":
    main()
