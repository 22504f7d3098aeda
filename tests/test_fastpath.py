"""The columnar blob of the canvas fast path (geo/fastpath.py)."""

from __future__ import annotations

import json
import random

import fastpath_reader as reader

from geo.amount import Amount
from geo.enrich import Site
from geo.render import fastpath
from geo.render.payload import site_payload
from geo.render.symbology import make_scale


def make_sites(n: int, seed: int = 3) -> list[Site]:
    rng = random.Random(seed)
    kinds = ["exact", "exact", "exact", "range", "at_least", "up_to", "undisclosed"]
    sites = []
    for i in range(n):
        kind = kinds[i % len(kinds)]
        v = rng.choice([1, 2, 5, 7.5]) * 10 ** rng.randint(6, 9)
        amount = {"exact": Amount(v, v, "exact", "x"), "range": Amount(v, 2 * v, "range", "x"),
                  "at_least": Amount(v, None, "at_least", "x"), "up_to": Amount(None, v, "up_to", "x"),
                  "undisclosed": Amount(None, None, "undisclosed", "x")}[kind]
        sites.append(Site(index=i, id=f"s{i}", name=f"Site {i}", amount=amount,
                          precision="department" if i % 11 == 0 else "commune",
                          lat=rng.uniform(42.5, 50.9), lon=rng.uniform(-4.5, 7.9),
                          place="Lyon", location_name="Lyon", location_code="69123",
                          context="Rhône, France", investor=rng.choice(["A", "B", "C"]),
                          investor_country=rng.choice(["FR", "US", "AE"]), category="FR"))
    return sites


def test_coordinates_round_trip_within_1e5_degree():
    sites = make_sites(500)
    scale = make_scale(s.amount for s in sites)
    cols = reader.decode(fastpath.fast_payload(sites, scale, {"FR": "#0072B2"}, "fr"))
    assert cols["n"] == 500
    for site, (lat, lon) in zip(sites, reader.coordinates(cols), strict=True):
        assert abs(lat - site.lat) <= 0.5e-5 + 1e-12 and abs(lon - site.lon) <= 0.5e-5 + 1e-12


def test_every_site_field_matches_the_persite_payload():
    """Radii are SizeScale.radius (via the same rules as the SVG path), and so is every label."""
    sites = make_sites(200)
    scale = make_scale(s.amount for s in sites)
    colors = {"FR": "#0072B2"}
    cols = fastpath.columns(sites, scale, colors, "fr")
    for i, site in enumerate(sites):
        expected = site_payload(site, scale, colors, "fr")
        got = reader.site(cols, i)
        for key, value in got.items():
            assert value == expected[key], (site.id, key)
        if site.amount.kind == "exact":
            assert got["r"] == scale.radius(site.amount.low)
        if site.amount.kind == "range":
            assert (got["r"], got["r2"]) == (scale.radius(site.amount.low), scale.radius(site.amount.high))


def test_size_is_linear_and_under_45_bytes_a_site():
    sizes = {}
    for n in (5000, 20000):
        sites = make_sites(n)
        scale = make_scale(s.amount for s in sites)
        blob = fastpath.fast_payload(sites, scale, {"FR": "#0072B2"}, "fr")
        sizes[n] = len(json.dumps(blob))
    assert sizes[20000] / 20000 <= 45, sizes
    marginal = (sizes[20000] - sizes[5000]) / 15000
    assert marginal <= 45, sizes


def test_blob_is_deterministic():
    sites = make_sites(300)
    scale = make_scale(s.amount for s in sites)
    one = fastpath.fast_payload(sites, scale, {}, "en")
    two = fastpath.fast_payload(list(sites), scale, {}, "en")
    assert one == two


def test_small_maps_carry_their_sites_as_columns_under_120_bytes_a_site():
    """Every map, not only the canvas ones, carries its sites as columns (issue #18: 500 bytes
    a site at 1,000 sites before), the dashed outlines of department-level sites included."""
    from dataclasses import replace

    from geo.gazetteer import Gazetteer
    from geo.render.options import RenderOptions
    from geo.render.payload import CANVAS_THRESHOLD, build_payload

    departments = sorted(code for code in Gazetteer().departments if not code.startswith("97"))
    sites = [replace(s, location_code=departments[i % len(departments)]) if s.precision == "department"
             else s for i, s in enumerate(make_sites(1000))]
    payload = build_payload(sites, {}, RenderOptions())
    assert not payload["canvas"] and 1000 <= CANVAS_THRESHOLD
    assert len(payload["areas"]) == 1  # one topology for the departments
    size = len(json.dumps([payload["sites"], payload["areas"]], separators=(",", ":")))
    assert size / 1000 <= 120, size
    cols = reader.decode(payload["sites"])
    assert cols["n"] == 1000 and sorted(cols["id"]) == sorted(s.id for s in sites)
