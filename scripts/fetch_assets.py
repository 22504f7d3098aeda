#!/usr/bin/env python3
"""Vendor Leaflet's distribution files into ``geo/assets/leaflet/``, reproducibly.

Steps:

1. ``npm pack leaflet@<version>`` into a temporary folder (only the npm registry is used);
2. check the tarball's Subresource-Integrity hash against the sha512 pinned below
   (and, unless ``--offline-check-only``, against ``npm view leaflet@<version> dist.integrity``);
3. extract ``dist/leaflet.js``, ``dist/leaflet.css``, ``dist/images/*.png`` and ``LICENSE``
   into ``geo/assets/leaflet/`` (images as files under ``images/``);
4. write ``geo/assets/PROVENANCE.md``.

Run from anywhere:  ``python scripts/fetch_assets.py``  (needs ``npm`` on PATH).
Use ``--check`` to verify that the vendored files match the pinned tarball without writing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "leaflet"
VERSION = "1.9.3"
# dist.integrity of leaflet@1.9.3 on the npm registry (npm view leaflet@1.9.3 dist.integrity)
PINNED_INTEGRITY = (
    "sha512-"
    "iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ=="
)
LICENSE_ID = "BSD-2-Clause"

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "geo" / "assets"
DEST = ASSETS / "leaflet"

# member of the tarball (under "package/") -> path relative to DEST
FILES = {
    "dist/leaflet.js": "leaflet.js",
    "dist/leaflet.css": "leaflet.css",
    "LICENSE": "LICENSE",
    "dist/images/layers.png": "images/layers.png",
    "dist/images/layers-2x.png": "images/layers-2x.png",
    "dist/images/marker-icon.png": "images/marker-icon.png",
    "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
    "dist/images/marker-shadow.png": "images/marker-shadow.png",
}


def sri_sha512(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def run(cmd: list[str], cwd: Path | None = None) -> str:
    npm = shutil.which(cmd[0])
    if npm is None:
        sys.exit(f"error: {cmd[0]!r} not found on PATH (install it: apt-get install -y npm)")
    proc = subprocess.run([npm, *cmd[1:]], cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"error: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.strip()}")
    return proc.stdout


def registry_integrity() -> str:
    out = run(["npm", "view", f"{PACKAGE}@{VERSION}", "dist.integrity", "--json"])
    return json.loads(out)


def pack(tmp: Path) -> Path:
    out = run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--json", "--silent"], cwd=tmp)
    info = json.loads(out)
    return tmp / info[0]["filename"]


def read_members(tarball: Path) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if name in FILES:
                if not member.isfile():
                    sys.exit(f"error: {member.name} in the tarball is not a regular file")
                fh = tar.extractfile(member)
                assert fh is not None
                contents[name] = fh.read()
    missing = sorted(set(FILES) - set(contents))
    if missing:
        sys.exit(f"error: missing from the tarball: {', '.join(missing)}")
    return contents


def provenance(integrity: str, tar_name: str, contents: dict[str, bytes]) -> str:
    rows = "\n".join(
        f"| `leaflet/{FILES[src]}` | `package/{src}` | {len(data)} | "
        f"`{hashlib.sha256(data).hexdigest()}` |"
        for src, data in sorted(contents.items(), key=lambda kv: FILES[kv[0]])
    )
    return f"""# Provenance of vendored assets

## `leaflet/` — Leaflet {VERSION}

- Package: `{PACKAGE}` on the npm registry, version **{VERSION}** (the version folium 0.20
  loads from `https://cdn.jsdelivr.net/npm/leaflet@{VERSION}/dist/`).
- Tarball: `{tar_name}` from `npm pack {PACKAGE}@{VERSION}`.
- Integrity (npm `dist.integrity`, checked before extraction, also pinned in
  `scripts/fetch_assets.py`): `{integrity}`
- Licence: {LICENSE_ID} (full text in `leaflet/LICENSE`, shipped alongside).
- Files are copied byte for byte, unmodified:

| vendored file | tarball member | bytes | sha256 |
| --- | --- | ---: | --- |
{rows}

## How to regenerate

```sh
python scripts/fetch_assets.py          # npm pack, verify integrity, extract, rewrite this file
python scripts/fetch_assets.py --check  # verify the vendored files against the pinned tarball
```

To move to another Leaflet version, change `VERSION` and `PINNED_INTEGRITY` in
`scripts/fetch_assets.py` (take the value from `npm view leaflet@X.Y.Z dist.integrity`) and
`LEAFLET_VERSION` in `geo/assets.py`, then rerun the script.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check",
        action="store_true",
        help="only verify that the vendored files equal the pinned tarball's; write nothing",
    )
    ap.add_argument(
        "--skip-registry-check",
        action="store_true",
        help="trust the pinned sha512 alone (skip `npm view ... dist.integrity`)",
    )
    args = ap.parse_args(argv)

    if not args.skip_registry_check:
        reg = registry_integrity()
        if reg != PINNED_INTEGRITY:
            sys.exit(
                f"error: registry integrity {reg!r} differs from the pinned {PINNED_INTEGRITY!r}"
            )

    with tempfile.TemporaryDirectory(prefix="geo-fetch-assets-") as td:
        tarball = pack(Path(td))
        integrity = sri_sha512(tarball.read_bytes())
        if integrity != PINNED_INTEGRITY:
            sys.exit(
                f"error: integrity mismatch for {tarball.name}:\n"
                f"  got      {integrity}\n  expected {PINNED_INTEGRITY}"
            )
        contents = read_members(tarball)
        tar_name = tarball.name

    if args.check:
        bad = [
            rel
            for src, rel in FILES.items()
            if not (DEST / rel).is_file() or (DEST / rel).read_bytes() != contents[src]
        ]
        if bad:
            print("out of date: " + ", ".join(bad), file=sys.stderr)
            return 1
        print(f"ok: geo/assets/leaflet matches {PACKAGE}@{VERSION} ({integrity})")
        return 0

    for src, rel in FILES.items():
        out = DEST / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(contents[src])
    (ASSETS / "PROVENANCE.md").write_text(
        provenance(integrity, tar_name, contents), encoding="utf-8"
    )
    print(f"wrote {len(FILES)} files to {DEST.relative_to(ROOT)} and PROVENANCE.md ({integrity})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
