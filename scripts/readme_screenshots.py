#!/usr/bin/env python3
"""Regenerate the README's screenshots of the seed map, at 1280 and 360 px, with the real CLI.

    python scripts/readme_screenshots.py [--out docs]

Each image is what `geo render --offline --png FILE --width W --height H` makes of the
seed data (``data/sites.geojson``): the page in its print mode, in headless Chromium, with
no network. tests/test_readme.py runs this script into a temporary folder, so the command
behind every README image keeps working.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: file name -> (width, height) in CSS pixels: a laptop, and a phone with the whole page.
SHOTS = {"seed-map-1280.png": (1280, 800), "seed-map-360.png": (360, 1600)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs",
                        help="folder of the images (default docs/)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="geo-readme-") as tmp:
        page = Path(tmp) / "seed.html"
        for name, (width, height) in SHOTS.items():
            subprocess.run([sys.executable, "-m", "geo", "render", "--offline", "--out", str(page),
                            "--png", str(args.out.resolve() / name), "--width", str(width),
                            "--height", str(height)], cwd=ROOT, check=True)
            print(f"wrote {args.out / name} ({width}x{height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
