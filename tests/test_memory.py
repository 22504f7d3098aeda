"""A command needs about the memory that reading its data file needs, and no more.

At 100,000 sites the parsed file is most of a command's memory; `geo validate` and
`geo build` used to hold, besides it, the whole data file serialised again (millions of
small strings, then one big string, then its bytes): about twice the memory. The figures
at 100,000 sites are measured in bench/run.py; here the same shape is checked on 3,000
sites, as a ratio to the peak of reading the file with `json.loads` (Python's own
allocations, traced, in one process). The forked child of `geo build` is switched off so that all the
work is traced here.
"""

from __future__ import annotations

import json
import random
import tracemalloc

import pytest

import geo
import geo.core.aside
from geo import contract

N = 3000


def features(n: int) -> list[dict]:
    """Sites already placed (nothing to geocode), with a little text each."""
    rng = random.Random(1)
    out = []
    for i in range(n):
        lat, lon = 43 + rng.random() * 6, -1 + rng.random() * 7
        place = f"{lat:.4f}, {lon:.4f}"
        out.append({"type": "Feature", "id": f"site-{i}",
                    "geometry": {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]},
                    "properties": {"name": f"Site {i}", "investor": "ACME", "place": place,
                                   "amount": f"{i % 90 + 1} millions d'euros", "notes": "n" * 100,
                                   "location": {"code": None, "context": "", "name": place,
                                                "precision": "point", "query": place,
                                                "source": "user"}}})
    return out


def peak(fn) -> tuple[float, object]:
    tracemalloc.start()
    try:
        result = fn()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module", autouse=True)
def warm(tmp_path_factory):
    """Every module loaded and every cache filled once, outside the measures."""
    folder = tmp_path_factory.mktemp("warm")
    data = folder / "sites.geojson"
    data.write_text(json.dumps({"type": "FeatureCollection", "features": features(3)}), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(geo.core.aside, "can_fork", lambda: False)  # the page rendered here
        geo.read_sites(data)
        geo.build(data, folder / "map.html")


def test_validate_and_build_need_about_what_reading_the_file_needs(tmp_path, monkeypatch):
    monkeypatch.setattr(geo.core.aside, "can_fork", lambda: False)
    data = tmp_path / "data" / "sites.geojson"
    data.parent.mkdir()
    data.write_text(json.dumps({"type": "FeatureCollection", "features": features(N)},
                               separators=(",", ":")), "utf-8")  # compact, as a script writes it
    out = tmp_path / "output" / "map.html"

    reading, _ = peak(lambda: json.loads(data.read_bytes()))
    validating, sites = peak(lambda: geo.read_sites(data))
    assert len(sites) == N and sites.needs_saving
    assert validating <= 1.25 * reading, (validating, reading)

    # The first build rewrites the file indented (bigger than it was read): its new bytes
    # are held once, in pieces, while the page is not yet rendered.
    building, result = peak(lambda: geo.build(data, out))
    assert result.data_written and result.map_written
    assert building <= 1.6 * reading, (building, reading)
    assert data.read_bytes() == contract.dumps(json.loads(data.read_bytes()))

    # A build with nothing to change: the new bytes are only hashed, never kept.
    reading, _ = peak(lambda: json.loads(data.read_bytes()))
    building, result = peak(lambda: geo.build(data, out))
    assert not result.data_written and not result.map_written
    assert building <= 1.25 * reading, (building, reading)


def test_reading_a_file_reserves_only_what_it_holds(tmp_path):
    """Reading used to ask for 200 MB at once (the size limit), whatever the file's size."""
    data = tmp_path / "sites.geojson"
    data.write_text(json.dumps({"type": "FeatureCollection", "features": features(100)}), "utf-8")
    reading, doc = peak(lambda: contract.load(data))
    assert len(doc.features) == 100
    assert reading < 20 * data.stat().st_size
