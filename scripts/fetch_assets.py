#!/usr/bin/env python3
"""Vendor the page's front-end libraries into ``geo/assets/``, reproducibly.

Two packages: Leaflet (``geo/assets/leaflet/``) and topojson-client (``geo/assets/topojson/``,
which decodes the offline basemap and the outlines of areas in the page). For each:

1. ``npm pack <name>@<version>`` into a temporary folder (only the npm registry is used);
2. check the tarball's Subresource-Integrity hash against the sha512 pinned below
   (and, unless ``--skip-registry-check``, against ``npm view <name>@<version> dist.integrity``);
3. extract the files listed below (unmodified) and the licence;
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
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "geo" / "assets"


class Package(NamedTuple):
    name: str
    version: str
    #: dist.integrity on the npm registry (npm view NAME@VERSION dist.integrity)
    integrity: str
    licence: str
    #: folder under geo/assets
    dest: str
    #: member of the tarball (under "package/") -> path relative to dest
    files: dict[str, str]
    why: str


PACKAGES = (
    Package("leaflet", "1.9.3",
            "sha512-"
            "iB2cR9vAkDOu5l3HAay2obcUHZ7xwUBBjph8+PGtmW/2lYhbLizWtG7nTeYht36WfOslixQF9D/uSIzhZgGMfQ==",
            "BSD-2-Clause", "leaflet",
            {"dist/leaflet.js": "leaflet.js",
             "dist/leaflet.css": "leaflet.css",
             "LICENSE": "LICENSE",
             "dist/images/layers.png": "images/layers.png",
             "dist/images/layers-2x.png": "images/layers-2x.png",
             "dist/images/marker-icon.png": "images/marker-icon.png",
             "dist/images/marker-icon-2x.png": "images/marker-icon-2x.png",
             "dist/images/marker-shadow.png": "images/marker-shadow.png"},
            "the version folium 0.20 loads from `https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/`"),
    # The same version as package.json's devDependencies (scripts/build_basemap.py writes the
    # TopoJSON that this client decodes in the page).
    Package("topojson-client", "3.1.0",
            "sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==",
            "ISC", "topojson",
            {"dist/topojson-client.min.js": "topojson-client.min.js", "LICENSE": "LICENSE"},
            "decodes the offline basemap and the outlines of areas (TopoJSON) in the page"),
)


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


def registry_integrity(pkg: Package) -> str:
    out = run(["npm", "view", f"{pkg.name}@{pkg.version}", "dist.integrity", "--json"])
    return json.loads(out)


def pack(pkg: Package, tmp: Path) -> Path:
    out = run(["npm", "pack", f"{pkg.name}@{pkg.version}", "--json", "--silent"], cwd=tmp)
    info = json.loads(out)
    return tmp / info[0]["filename"]


def read_members(pkg: Package, tarball: Path) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if name in pkg.files:
                if not member.isfile():
                    sys.exit(f"error: {member.name} in the tarball is not a regular file")
                fh = tar.extractfile(member)
                assert fh is not None
                contents[name] = fh.read()
    missing = sorted(set(pkg.files) - set(contents))
    if missing:
        sys.exit(f"error: missing from the tarball: {', '.join(missing)}")
    return contents


def section(pkg: Package, tar_name: str, contents: dict[str, bytes]) -> str:
    rows = "\n".join(
        f"| `{pkg.dest}/{pkg.files[src]}` | `package/{src}` | {len(data)} | "
        f"`{hashlib.sha256(data).hexdigest()}` |"
        for src, data in sorted(contents.items(), key=lambda kv: pkg.files[kv[0]])
    )
    return f"""## `{pkg.dest}/` — {pkg.name} {pkg.version}

- Package: `{pkg.name}` on the npm registry, version **{pkg.version}** ({pkg.why}).
- Tarball: `{tar_name}` from `npm pack {pkg.name}@{pkg.version}`.
- Integrity (npm `dist.integrity`, checked before extraction, also pinned in
  `scripts/fetch_assets.py`): `{pkg.integrity}`
- Licence: {pkg.licence} (full text in `{pkg.dest}/LICENSE`, shipped alongside).
- Files are copied byte for byte, unmodified:

| vendored file | tarball member | bytes | sha256 |
| --- | --- | ---: | --- |
{rows}
"""


def provenance(sections: list[str]) -> str:
    return "# Provenance of vendored assets\n\n" + "\n".join(sections) + """
## How to regenerate

```sh
python scripts/fetch_assets.py          # npm pack, verify integrity, extract, rewrite this file
python scripts/fetch_assets.py --check  # verify the vendored files against the pinned tarballs
```

To move to another version, change its `Package` entry in `scripts/fetch_assets.py` (take
the integrity from `npm view NAME@X.Y.Z dist.integrity`; for Leaflet also
`LEAFLET_VERSION` in `geo/render/assets.py`; for topojson-client also `package.json`), then
rerun the script.
"""


def fetch(pkg: Package) -> tuple[str, dict[str, bytes]]:
    """(tarball name, members) of one package, integrity checked."""
    with tempfile.TemporaryDirectory(prefix="geo-fetch-assets-") as td:
        tarball = pack(pkg, Path(td))
        integrity = sri_sha512(tarball.read_bytes())
        if integrity != pkg.integrity:
            sys.exit(
                f"error: integrity mismatch for {tarball.name}:\n"
                f"  got      {integrity}\n  expected {pkg.integrity}"
            )
        return tarball.name, read_members(pkg, tarball)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check",
        action="store_true",
        help="only verify that the vendored files equal the pinned tarballs'; write nothing",
    )
    ap.add_argument(
        "--skip-registry-check",
        action="store_true",
        help="trust the pinned sha512 alone (skip `npm view ... dist.integrity`)",
    )
    args = ap.parse_args(argv)

    sections, bad = [], []
    for pkg in PACKAGES:
        if not args.skip_registry_check:
            reg = registry_integrity(pkg)
            if reg != pkg.integrity:
                sys.exit(f"error: registry integrity {reg!r} of {pkg.name} differs from the "
                         f"pinned {pkg.integrity!r}")
        tar_name, contents = fetch(pkg)
        dest = ASSETS / pkg.dest
        if args.check:
            bad += [f"{pkg.dest}/{rel}" for src, rel in pkg.files.items()
                    if not (dest / rel).is_file() or (dest / rel).read_bytes() != contents[src]]
            continue
        for src, rel in pkg.files.items():
            out = dest / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(contents[src])
        sections.append(section(pkg, tar_name, contents))
        print(f"wrote {len(pkg.files)} files to {dest.relative_to(ROOT)} ({pkg.integrity})")

    if args.check:
        if bad:
            print("out of date: " + ", ".join(bad), file=sys.stderr)
            return 1
        print("ok: " + ", ".join(f"{p.name}@{p.version}" for p in PACKAGES) + " match the vendored files")
        return 0
    (ASSETS / "PROVENANCE.md").write_text(provenance(sections), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
