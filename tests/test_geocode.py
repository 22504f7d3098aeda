"""User-visible behaviour of the offline geocoder (geo.geocoding)."""

from __future__ import annotations

import doctest
import importlib
import subprocess
import sys

import pytest

from geo.core.geometry import haversine_km as km
from geo.gazetteer import Gazetteer
from geo.geocoding import Geocoder, GeocodeResult, parse_coordinates
from geo.geocoding.indexes import Indexes
from geo.geocoding.tiers import Tiers, keep


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder()


def test_cambrai(geo: Geocoder) -> None:
    r = geo.geocode("Cambrai")
    assert r.place is not None and not r.ambiguous
    assert r.place.code == "59122" and r.place.precision == "commune"
    assert "Nord" in r.place.context and r.place.country == "FR"
    assert km(r.place.lat, r.place.lon, 50.1760, 3.2350) < 2


@pytest.mark.parametrize("q", ["cambrai", "CAMBRAI", "  Cambrai ", "Cambrai (Nord)",
                               "Cambrai (59)", "Cambrai, Hauts-de-France", "Cambrai, France"])
def test_cambrai_variants(geo: Geocoder, q: str) -> None:
    assert geo.geocode(q).place.code == "59122"


def test_essonne_department_inside_outline(geo: Geocoder) -> None:
    r = geo.geocode("Essonne")
    assert r.place.precision == "department" and r.place.code == "91"
    assert geo.contains(r.place, r.place.lat, r.place.lon)
    for q in ("91", "FR-91", "essonne"):
        assert geo.geocode(q).place.code == "91"


def test_saint_denis_is_ambiguous(geo: Geocoder) -> None:
    for q in ("Saint-Denis", "St-Denis", "saint denis"):
        r = geo.geocode(q)
        assert r.place is None and r.ambiguous
        codes = {c.code for c in r.candidates}
        assert {"93066", "97411"} <= codes
    msg = geo.geocode("Saint-Denis").error_message()
    assert "Saint-Denis (93)" in msg and "Saint-Denis (974)" in msg


@pytest.mark.parametrize("q,code", [
    ("Saint-Denis (93)", "93066"), ("Saint-Denis (974)", "97411"),
    ("Saint-Denis, La Réunion", "97411"), ("Saint-Denis, Seine-Saint-Denis", "93066"),
    ("Valence, Drôme", "26362"), ("Valence (26)", "26362"), ("L'Haÿ-les-Roses", "94038"),
    ("l hay les roses", "94038"), ("Cambrai, 59400", "59122"),
])
def test_qualified_communes(geo: Geocoder, q: str, code: str) -> None:
    r = geo.geocode(q)
    assert r.place is not None, r.error_message()
    assert r.place.code == code


def test_valence_alone_is_ambiguous(geo: Geocoder) -> None:
    r = geo.geocode("Valence")
    assert r.ambiguous and r.place is None and len(r.candidates) >= 2


@pytest.mark.parametrize("q", ["UAE", "AE", "ARE", "Émirats arabes unis", "emirats arabes unis",
                               "United Arab Emirates"])
def test_uae(geo: Geocoder, q: str) -> None:
    r = geo.geocode(q)
    assert r.place.precision == "country" and r.place.code == "AE"


def test_france_point_in_metropolitan_france(geo: Geocoder) -> None:
    p = geo.geocode("France").place
    assert p.code == "FR" and p.precision == "country"
    assert 43.0 < p.lat < 49.5 and -1.0 < p.lon < 7.0  # not in the Bay of Biscay
    assert geo.reverse(p.lat, p.lon).country == "FR"
    assert geo.reverse(p.lat, p.lon).precision == "commune"


def test_evry_former_name(geo: Geocoder) -> None:
    # "Évry" is also a current commune in Yonne (89, 402 inhabitants): a homonym,
    # never resolved silently; the qualifier or --prefer populous resolves it.
    r = geo.geocode("Évry")
    assert r.ambiguous and {"91228", "89162"} <= {c.code for c in r.candidates}
    r = geo.geocode("Évry (91)")
    assert r.place.name == "Évry-Courcouronnes" and r.place.code == "91228"
    assert any("old name" in n for n in r.notes)
    r = Geocoder(prefer="populous").geocode("Evry")
    assert r.place.code == "91228" and any("prefer populous" in n for n in r.notes)
    assert geo.geocode("Courcouronnes").place.code == "91228"


def test_evry_error_message_leads_with_the_merged_commune(geo: Geocoder) -> None:
    # Ambiguous, never silent; but the message says "Évry" is the former name of
    # Évry-Courcouronnes and offers the qualifier that resolves it, "Évry (91)", first.
    for q in ("Évry", "evry", "EVRY"):
        r = geo.geocode(q)
        assert r.place is None and r.ambiguous
        lines = r.error_message().splitlines()
        assert '"Évry (91)"' in lines[1] and "former name of Évry-Courcouronnes" in lines[1]
        assert "merged commune" in lines[1]
        assert '"Évry (89)"' in lines[2] and "former name" not in lines[2]
    assert geo.geocode("Évry (91)").place.code == "91228"
    assert geo.geocode("Évry (89)").place.code == "89162"
    # the JSON output is unchanged by the wording
    assert "former_names" not in geo.geocode("Évry").to_json()


def test_postal_code(geo: Geocoder) -> None:
    # 59400 is shared by Cambrai and 11 neighbouring villages: listed, Cambrai first.
    r = geo.geocode("59400")
    assert r.candidates[0].code == "59122"
    assert r.ambiguous and len(r.candidates) > 1
    assert Geocoder(prefer="populous").geocode("59400").place.code == "59122"
    # a postal code of a single commune resolves directly
    assert geo.geocode("91000").place.code == "91228"


def test_former_region(geo: Geocoder) -> None:
    # A region merged in 2016 is a place of its own: the union of its departments, with a
    # point inside it (not the point of today's region, which may lie in another department).
    r = geo.geocode("Nord-Pas-de-Calais")
    assert r.place.name == "Nord-Pas-de-Calais" and r.place.precision == "former_region"
    assert any("former region" in n and "Hauts-de-France" in n for n in r.notes)
    alsace = geo.geocode("Alsace").place
    assert alsace.precision == "former_region" and alsace.code == "42"
    assert geo.contains(alsace, 48.58, 7.75) and geo.contains(alsace, 47.75, 7.34)  # Strasbourg, Mulhouse
    assert geo.reverse(alsace.lat, alsace.lon).context.split(",")[0] in ("Bas-Rhin", "Haut-Rhin")
    assert km(alsace.lat, alsace.lon, 48.58, 7.75) < 120
    auvergne = geo.geocode("Auvergne").place
    assert geo.reverse(auvergne.lat, auvergne.lon).context.split(",")[0] in (
        "Allier", "Cantal", "Haute-Loire", "Puy-de-Dôme")
    centre = geo.geocode("Centre")  # only renamed: the same territory as today's region
    assert centre.place.code == "24" and centre.place.precision == "region"
    assert geo.geocode("PACA").place.code == "93"
    assert geo.geocode("IDF").place.code == "11"
    for q in ("ILE DE FRANCE", "Ile-de-France", "île-de-france", "FR-IDF"):
        assert geo.geocode(q).place.code == "11"


def test_exonyms(geo: Geocoder) -> None:
    london = geo.geocode("Londres").place
    assert london.name == "London" and london.country == "GB"
    assert geo.geocode("Dunkirk").place.code == "59183"
    assert geo.geocode("Abou Dabi").place.country == "AE"


def test_unknown_suggests(geo: Geocoder) -> None:
    r = geo.geocode("Cambrau")
    assert r.place is None and not r.candidates
    assert "Cambrai (59)" in r.suggestions
    msg = r.error_message()
    assert "Cambrai" in msg and "48.59, 2.19" in msg


def test_paris(geo: Geocoder) -> None:
    for q in ("Paris", "FR-75C", "paris"):
        r = geo.geocode(q)
        assert r.place.code == "75056" and r.place.precision == "commune"
        assert any("75" in n for n in r.notes)
    assert geo.geocode("75").place.precision == "department"


def test_department_over_commune_precedence(geo: Geocoder) -> None:
    assert geo.geocode("Nord").place.code == "59"
    # Vienne: a department of 439k, a commune of 32k (not 100x smaller) and, in French,
    # Vienna (a city of a million): refused, with all three to choose from.
    v = geo.geocode("Vienne")
    assert v.place is None and v.ambiguous
    assert {"86", "38544"} <= {c.code for c in v.candidates}
    assert any(c.country == "AT" for c in v.candidates)
    assert geo.geocode("Vienne (commune)").place.code == "38544"
    assert geo.geocode("Vienne (département)").place.code == "86"
    assert geo.geocode("Vienne, Austria").place.country == "AT"
    # Bretagne: the region has 10,000x the population of the communes of that name
    b = geo.geocode("Bretagne")
    assert b.place.precision == "region" and any("Bretagne (36)" in n for n in b.notes)
    # Doubs, the commune, lies in Doubs, the department: no rival
    assert geo.geocode("Doubs").place.precision == "department"


def test_french_place_beats_foreign_city(geo: Geocoder) -> None:
    assert geo.geocode("Cambrai").place.country == "FR"
    r = geo.geocode("Portland, United States")
    assert all(c.country == "US" for c in r.candidates) and r.candidates


def test_prefer_populous_requires_10x(geo: Geocoder) -> None:
    r = Geocoder(prefer="populous").geocode("Saint-Denis")  # 155k vs 149k
    assert r.place is None and r.ambiguous


def test_coordinates() -> None:
    assert parse_coordinates("48.59, 2.19") == (48.59, 2.19)
    assert parse_coordinates("48,59; 2,19") == (48.59, 2.19)
    assert parse_coordinates("Cambrai") is None
    with pytest.raises(ValueError):
        parse_coordinates("148.59, 2.19")


def test_coordinates_query_and_reverse(geo: Geocoder) -> None:
    r = geo.geocode("50.176, 3.235")
    assert r.place.precision == "point" and "Cambrai" in r.place.context
    assert geo.reverse(50.176, 3.235).code == "59122"
    assert geo.reverse(50.85, 4.35).code == "BE"  # Brussels
    assert geo.contains(geo.geocode("Nord").place, 50.176, 3.235)
    assert not geo.contains(geo.geocode("Essonne").place, 50.176, 3.235)
    assert geo.contains(geo.geocode("France").place, 48.85, 2.35)


@pytest.mark.parametrize("q,lat,lon", [
    ("Denmark", 55.6761, 12.5683),  # Copenhagen: on the coast, cut off by the simplification
    ("Lebanon", 33.8938, 35.5018),  # Beirut
    ("Monaco", 43.7384, 7.4246),    # tiny: the bounding box counts
])
def test_country_contains_coastal_capitals(geo: Geocoder, q: str, lat: float, lon: float) -> None:
    assert geo.contains(geo.geocode(q).place, lat, lon)


def test_country_contains_is_still_strict_far_away(geo: Geocoder) -> None:
    assert not geo.contains(geo.geocode("Denmark").place, 52.52, 13.40)  # Berlin
    assert not geo.contains(geo.geocode("Lebanon").place, 33.51, 36.29)  # Damascus
    assert not geo.contains(geo.geocode("Belgium").place, 48.85, 2.35)  # Paris


def test_json_shape(geo: Geocoder) -> None:
    keys = ["query", "lat", "lon", "precision", "name", "code", "context", "source", "score",
            "candidates", "ambiguous", "notes", "suggestions"]
    ok = geo.geocode("Cambrai").to_json()
    assert list(ok) == keys and ok["code"] == "59122" and ok["candidates"][0]["population"]
    bad = geo.geocode("Saint-Denis").to_json()
    assert bad["lat"] is None and bad["name"] is None and bad["ambiguous"] is True
    assert isinstance(geo.geocode("x"), GeocodeResult)


def test_each_tier_rule_alone() -> None:
    """The precedence rules of geo.geocoding.tiers, one at a time (see its docstring)."""
    tiers = Tiers(Indexes(Gazetteer()))
    codes: list = []
    tiers.codes("59400", "59400", codes)  # 1. a postal code wins over the same INSEE code
    assert codes[0].ranked[0].code == "59122" and "postal code preferred" in codes[0].notes[1]
    assert [p.code for p in tiers.division("Vienne", "vienne").places] == ["86"]  # 2.
    martinique = tiers.division("Martinique", "martinique")
    assert [p.precision for p in martinique.places] == ["department"]
    assert martinique.notes == ("Martinique is both a department and a region with the same "
                                "territory: department used",)
    assert tiers.division("Paris", "paris").places[0].code == "75056"
    assert tiers.country("AE").places[0].code == "AE"  # 3.
    assert [p.code for p in tiers.named("alsace").places] == ["42"]  # 2. named areas
    assert tiers.named("paris 13e").places[0].precision == "arrondissement"
    assert tiers.airport_code("CDG").places[0].code == "CDG"  # 4.
    evry = tiers.commune("Évry", "evry")  # 5. homonyms together, by current name
    assert {p.code for p in evry.places} == {"89162"}
    evry_former = tiers.former("Évry", "evry")  # 5b. former names, noted
    assert evry_former.former == (("91228", "Évry"),) and "old name" in evry_former.notes[0]
    assert tiers.country_code("ae", "ae").places[0].code == "AE"  # 6.
    assert tiers.country_code("AE", "ae") is None  # capitals are tier 1's
    london = tiers.city("Londres", "londres")  # 7.
    assert london.places[0].name == "London" and london.score == 0.9
    assert [m.kind for m in tiers.collect("Vienne", "vienne", True)] == \
        ["named", "commune", "alias"]
    vienna = keep(tiers.collect("Vienne", "vienne", True), lambda p: p.country == "AT")
    assert [p.name for t in vienna for p in t.places] == ["Vienna"]
    assert tiers.finish("Évry", evry, [evry_former]).ambiguous  # more populous former name
    populous = Tiers(tiers.ix, prefer="populous").finish("Évry", evry, [evry_former])
    assert populous.place.code == "91228" and "prefer populous picked" in populous.notes[-1]
    laval = tiers.commune("Laval", "laval")  # less populous former name: no rival
    assert tiers.finish("Laval", laval, [tiers.former("Laval", "laval")]).place.code == "53130"


def test_memoised_results_equal_fresh_lookups(geo: Geocoder) -> None:
    """The result cache is a shortcut: a memoised answer equals the lookup it bypasses."""
    qs = ["Cambrai", "Essonne", "Saint-Denis (93)", "Valence, Drôme", "UAE", "France",
          "Saint-Denis", "Cambrau", "50.176, 3.235", "", "148, 2"]
    memoised = [geo.geocode(q) for q in qs]
    assert all(geo.geocode(q) is r for q, r in zip(qs, memoised, strict=True))  # served from the cache
    fresh = Geocoder()
    for q, r in zip(qs, memoised, strict=True):
        f = fresh.geocode(q)
        assert f.to_json() == r.to_json() and f.error_message() == r.error_message(), q
    geo.cache_clear()
    assert [geo.geocode(q).to_json() for q in qs] == [r.to_json() for r in memoised]


@pytest.mark.parametrize("module", [
    "geo.core.geometry", "geo.core.text", "geo.gazetteer.tables", "geo.geocoding",
    "geo.geocoding.geocoder", "geo.geocoding.indexes", "geo.geocoding.places",
    "geo.geocoding.query", "geo.geocoding.reverse", "geo.geocoding.tiers",
    "geo.geocoding.rivals", "geo.geocoding.phrasing", "geo.geocoding.suggest"])
def test_docstring_examples(module: str) -> None:
    """The examples in the docstrings are true (also run by pytest --doctest-modules)."""
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, result


@pytest.mark.e2e
def test_no_heavy_imports() -> None:
    """A name lookup imports nothing heavy, nor what only coordinates and misses need."""
    later = ("folium", "geopandas", "shapely", "pandas", "difflib", "rapidfuzz",
             "geo.geocoding.reverse", "geo.geocoding.suggest", "geo.geocoding.phrasing",
             "geo.gazetteer.outlines", "geo.core.geometry")
    code = ("import sys; import geo.geocoding as g; g.Geocoder().geocode('Cambrai'); "
            f"bad = [m for m in {later!r} if m in sys.modules];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


@pytest.mark.parametrize("q", ["Congo", "Saint-Martin", "Corée", "Guinée"])
def test_every_country_offered_for_an_ambiguous_name_is_typed_back_to_it(geo: Geocoder, q: str) -> None:
    """"Congo" is two countries and "Saint Martin (French part)" would read as a place and a
    qualifier: what the message offers to type must give that country, with no note saying a
    part of it was ignored."""
    r = geo.geocode(q)
    if r.place is not None:  # one country alone by that name: nothing to choose
        return
    offered = dict(zip([c.code for c in r.candidates], r.typed, strict=False))
    message = r.error_message()
    for c in r.candidates:
        if c.precision != "country":
            continue
        typed = offered[c.code]
        assert f'"{typed}"' in message
        back = geo.geocode(typed)
        assert back.place is not None and back.place.code == c.code, typed
        assert not any("not understood" in n for n in back.notes), back.notes


def test_no_country_label_reads_as_a_place_and_its_qualifier(geo: Geocoder) -> None:
    """A country's label (in suggestions and notes) typed back gives that country, or, for a
    name two countries share ("Congo (country)"), both, with a form to type for each."""
    for c in geo.gaz.countries.values():
        label = geo.country_place(c.alpha2).label
        back = geo.geocode(label)
        if back.place is None:
            assert c.alpha2 in [x.code for x in back.candidates], label
            typed = back.typed[[x.code for x in back.candidates].index(c.alpha2)]
            assert geo.geocode(typed).place.code == c.alpha2, (label, typed)
            continue
        assert back.place.code == c.alpha2, label
        assert not any("not understood" in n for n in back.notes), (label, back.notes)
