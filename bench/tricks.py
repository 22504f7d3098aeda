"""Benchmark: what each process-level trick of `geo build` gains, at 10,000 and 100,000 sites.

    python bench/tricks.py                    # N = 10k and 100k, best of 3, interleaved
    python bench/tricks.py --sizes 10000 --rounds 5

The same `geo build` (the bench fixtures, already canonical, so nothing is rewritten) is
run as a whole child process in four ways, in turn, so that the machine's drift hits all
of them alike:

* ``all``: as shipped (`geo.cli.run`);
* ``no-fork``: the data file serialised in the process itself, not in a forked child
  (`geo.core.aside.can_fork` patched to False);
* ``gc-on``: the cyclic collector left on for the command (the library's own pauses
  during bulk stages stay);
* ``teardown``: the interpreter torn down normally at the end instead of `os._exit`.

Each line gives the best wall and CPU time and peak RSS, and the gain of the trick:
(time without it − time with it) ÷ time without it. The tricks are kept only above 10 %.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import dataset, run  # noqa: E402  (bench/run.py: same fixtures, same child timing)

VARIANTS = {
    "all": "from geo.cli import run; run()",
    "no-fork": "import geo.core.aside as a; a.can_fork = lambda: False; from geo.cli import run; run()",
    "gc-on": ("import os, sys\nfrom geo.cli import main\ntry:\n    main()\nexcept SystemExit as e:\n"
              "    code = e.code or 0\nsys.stdout.flush(); sys.stderr.flush(); os._exit(code)"),
    "teardown": "import gc; gc.disable()\nfrom geo.cli import main\nmain()",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", default="/tmp/geo-bench", type=Path)
    args = parser.parse_args()
    py = sys.executable
    for n in (int(s) for s in args.sizes.split(",")):
        source = dataset(args.work, n)
        folder = args.work / f"tricks-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "data").mkdir(parents=True)
        shutil.copy(source, folder / "data" / "sites.geojson")
        run([py, "-m", "geo", "build"], cwd=folder)  # canonical from now on: nothing is rewritten
        times: dict[str, list[tuple[float, float, float]]] = {k: [] for k in VARIANTS}
        for _ in range(args.rounds):
            for name, code in VARIANTS.items():
                times[name].append(run([py, "-c", code, "build"], cwd=folder))
        best = {k: (min(t[0] for t in v), min(t[2] for t in v), max(t[1] for t in v))
                for k, v in times.items()}
        wall, cpu, rss = best["all"]
        print(f"N={n:,}: all tricks {wall:.2f} s wall, {cpu:.2f} s CPU, peak RSS {rss:.0f} MB")
        for name in ("no-fork", "gc-on", "teardown"):
            w, c, r = best[name]
            print(f"  without {name:9}: {w:6.2f} s wall ({(w - wall) / w:+.0%} gained by it), "
                  f"{c:6.2f} s CPU, peak RSS {r:.0f} MB", flush=True)


if __name__ == "__main__":
    main()
