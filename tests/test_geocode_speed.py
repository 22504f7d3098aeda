"""The geocoder's shortcuts give the same answers as the general paths they bypass.

The fast paths (qualified queries split without regexes, keys composed from their
parts, text searched before any dict is built, a reverse scan that stops after one
grid cell) are only worth having if they never change an answer; each test below
pins one of them against the straightforward computation.
"""

from __future__ import annotations

import math
import random

import hypothesis_profiles  # noqa: F401 - registers and loads the "ci" profile
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.core.geometry import band_edges, crossings_odd, in_ring, point_in_geometry, rings
from geo.core.text import name_key as normalize
from geo.gazetteer import Gazetteer
from geo.gazetteer.tables import GzLines, find_line, load_shipped, read_bytes
from geo.geocoding import Geocoder
from geo.geocoding.indexes import Indexes
from geo.geocoding.query import one_qualifier, split
from geo.geocoding.reverse import Reverse

# Text without the characters the shortcuts split on, any script, accents and marks.
_PART = st.text(st.characters(blacklist_characters="(),", blacklist_categories=("Cs",)),
                max_size=12)
_QUERY_BITS = st.sampled_from(["Saint-Denis", "St Denis", "Évry", " Nord ", "91", "(", ")", ",",
                               " ", "Drôme", "ÎLE", "x", "(93)", ", France", "Œ", "ß"])


@given(_PART, _PART)
def test_key_of_a_qualified_query_is_the_keys_of_its_parts(a: str, b: str) -> None:
    """What lets Resolver.resolve skip normalising the whole text of "Name (qualifier)"."""
    joined = f"{normalize(a)} {normalize(b)}".strip()
    assert normalize(f"{a}({b})") == joined
    assert normalize(f"{a},{b}") == joined


@given(st.lists(_QUERY_BITS, max_size=8).map("".join))
def test_one_qualifier_agrees_with_split(text: str) -> None:
    text = text.strip()
    if not text:
        return
    one = one_qualifier(text)
    if one is not None:
        main, qual = one
        assert split(text) == (main, [qual])


@pytest.mark.parametrize("name", ["communes.tsv.gz", "commune_names.tsv.gz", "city_names.tsv.gz"])
def test_text_search_agrees_with_the_dict(name: str) -> None:
    """Cold lookups search the (partly inflated) text; warm ones use a dict of its lines."""
    text = load_shipped(name)
    lines = {line.partition("\t")[0]: line for line in text.split("\n") if line}
    keys = list(lines)
    rng = random.Random(name)
    probes = keys[:3] + keys[-3:] + rng.sample(keys, 60) + ["zzz", "", keys[0][:2], "x y"]
    for key in probes:
        want = lines.get(key) if key else None
        assert find_line(text, key) == want, key
        assert GzLines(read_bytes(name)).find_line(key) == want, key
    inflating = GzLines(read_bytes(name))  # several searches in one object
    for key in rng.sample(keys, 20):
        assert inflating.find_line(key) == lines[key]
    assert inflating.full() == text


def test_cold_geocoder_answers_like_a_warm_one() -> None:
    """The first lookups of a Geocoder run on text search, later ones on dicts."""
    queries = ["Cambrai", "Évry", "Saint-Denis (93)", "Valence, Drôme", "59400", "Paris",
               "Londres", "Abou Dabi", "Portland, United States", "FR-91", "Nord", "PACA",
               "Vienne (commune)", "ae", "Cambrau", "L'Haÿ-les-Roses", "Ajaccio"]
    warm = Geocoder()
    for _ in range(3):
        for q in queries:
            warm.cache_clear()
            warm.geocode(q)
    for q in queries:
        assert Geocoder().geocode(q).to_json() == warm.geocode(q).to_json(), q


def _nearest_reference(rev: Reverse, lat: float, lon: float, max_km: float,
                       department: str | None = None) -> tuple[str, float] | None:
    """The ring scan without its shortcuts (every commune of rings 0..3 until one is close)."""
    gy, gx = math.floor(lat * 10), math.floor(lon * 10)
    best: tuple[str, float] | None = None
    best_a = math.inf
    p1 = math.radians(lat)
    cos1 = math.cos(p1)
    for ring, offsets in enumerate(rev.grid_rings):
        for dy, dx in offsets:
            for code, dep, clon, p2, cos2 in rev.grid_points.get((gy + dy, gx + dx), ()):
                if department and dep != department:
                    continue
                a = (math.sin((p2 - p1) / 2) ** 2
                     + cos1 * cos2 * math.sin(math.radians(clon - lon) / 2) ** 2)
                if a < best_a:
                    d = 12742.0 * math.asin(min(1.0, math.sqrt(a)))
                    if best is None or d < best[1]:
                        best, best_a = (code, d), a
        if best and best[1] <= ring * 5.5:
            break
    return best if best and best[1] <= max_km else None


def test_nearest_commune_shortcuts_change_nothing() -> None:
    rev = Reverse(Indexes(Gazetteer()))
    rng = random.Random(7)
    for i in range(1500):
        lat, lon = rng.uniform(41.3, 51.1), rng.uniform(-5.2, 9.6)
        if i % 3 == 0:  # close to a grid line, where the one-cell shortcut is tightest
            lat = round(lat, 1) + rng.uniform(-1e-3, 1e-3)
        if i % 5 == 0:
            lon = round(lon, 1) + rng.uniform(-1e-3, 1e-3)
        assert rev.nearest_commune(lat, lon, 25.0) == _nearest_reference(rev, lat, lon, 25.0)
    for code in list(rev.gaz.communes)[::97]:  # exactly on a commune, and by department
        c = rev.gaz.communes[code]
        assert rev.nearest_commune(c.lat, c.lon, 25.0, c.department) == \
            _nearest_reference(rev, c.lat, c.lon, 25.0, c.department)


def _in_ring_reference(x: float, y: float, ring: list[list[float]]) -> bool:
    """The textbook even-odd test over every edge (vertex i and the one before it)."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        (xi, yi), (xj, yj) = ring[i], ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def test_ray_casting_shortcuts_change_nothing() -> None:
    """in_ring (edges of the point's zero-height band) and the outline index (edges of a grid
    band, cells inside tested not at all) answer like testing every edge of every outline."""
    gaz = Gazetteer()
    outlines = gaz.outlines("department")
    rng = random.Random(11)
    index = gaz.outline_index("department")
    outer = [poly[0] for geom in outlines.values() for poly in rings(geom)]
    for i in range(300):
        lat, lon = rng.uniform(41.3, 51.1), rng.uniform(-5.2, 9.6)
        if i % 4 == 0:  # on a vertex's latitude, where the parity rule is tightest
            ring = rng.choice(outer)
            lon, lat = ring[rng.randrange(len(ring))]
            lon += rng.uniform(-0.02, 0.02)
        for ring in outer[i % 15::15]:
            assert in_ring(lon, lat, ring) == _in_ring_reference(lon, lat, ring)
            y0, y1 = math.floor(lat * 10) / 10, math.floor(lat * 10 + 1) / 10
            assert crossings_odd(lon, lat, band_edges(ring, y0, y1)) == \
                _in_ring_reference(lon, lat, ring)
        scan = next((code for code, geom in outlines.items()
                     if point_in_geometry(lon, lat, geom)), None)
        assert index.find(lon, lat) == scan, (lat, lon)


def test_indexes_make_each_place_once() -> None:
    """Ranking compares places by identity: a code must always give the same object."""
    ix = Indexes(Gazetteer())
    assert ix.commune_place("59122") is ix.commune_place("59122")
    assert ix.division_place("department", "59") is ix.department_place("59")
    assert ix.alone(ix.country_place("FR")) is ix.alone(ix.country_place("FR"))
    geo = Geocoder(ix.gaz)
    assert geo.geocode("Cambrai").place == ix.commune_place("59122")
