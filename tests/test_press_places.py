"""The names the press actually writes (issue 13, "Measured"): each resolves as a journalist
means it, or is refused with a candidate list that holds what was meant."""

from __future__ import annotations

import base64
import json
import zlib

import pytest
from helpers import geo as run_geo

from geo.core.geometry import haversine_km as km
from geo.geocoding import Geocoder, GeocodeResult
from geo.geocoding.phrasing import peel_qualifier, readings


@pytest.fixture(scope="module")
def geo() -> Geocoder:
    return Geocoder()


def resolved(r: GeocodeResult, code: str, precision: str = "commune") -> None:
    assert r.place is not None, r.error_message()
    assert (r.place.code, r.place.precision) == (code, precision), r.place


def refused_with(r: GeocodeResult, *wanted: tuple[str, str]) -> None:
    """Refused as ambiguous, with every (precision, code or country) among the candidates."""
    assert r.place is None and r.ambiguous, r.place
    have = {(c.precision, c.code) for c in r.candidates} | {(c.precision, c.country)
                                                            for c in r.candidates}
    assert set(wanted) <= have, (wanted, [c.label for c in r.candidates])
    assert "add a qualifier" in r.error_message()


# ---------------------------------------------------------------- tiers ranked by trust
@pytest.mark.parametrize("q,code", [
    ("Saint-Étienne", "42218"),  # not Saint-Étienne-du-Rouvray's GeoNames alternate name
    ("Laval", "53130"),  # Laval-en-Belledonne's former name: less populous
    ("Clichy", "92024"), ("Trappes", "78621"), ("Tassin-la-Demi-Lune", "69244"),
    ("Loiré", "49178"),  # accents typed: not the department Loire
    ("Grenade (31)", "31232"), ("Trappes (78)", "78621"),
])
def test_official_names_win(geo: Geocoder, q: str, code: str) -> None:
    resolved(geo.geocode(q), code)


def test_former_name_may_stay_ambiguous(geo: Geocoder) -> None:
    refused_with(geo.geocode("Évry"), ("commune", "91228"), ("commune", "89162"))


@pytest.mark.parametrize("q,foreign", [
    ("Le Caire", "EG"), ("Cologne", "DE"), ("Lagos", "NG"), ("Surat", "IN"),
    ("Durban", "ZA"), ("Medan", "ID"), ("Montréal", "CA"), ("Pékin", "CN"),
])
def test_a_city_of_a_million_is_never_replaced_by_a_village(geo: Geocoder, q: str,
                                                            foreign: str) -> None:
    r = geo.geocode(q)
    refused_with(r, ("city", foreign))
    assert r.candidates[0].country == foreign  # most populous first


def test_foreign_names_the_journalist_means(geo: Geocoder) -> None:
    assert geo.geocode("Porto").place.country == "PT"  # not Bordeaux's GeoNames alternate
    refused_with(geo.geocode("Valencia"), ("city", "ES"), ("city", "VE"))
    refused_with(geo.geocode("Salvador"), ("country", "SV"), ("city", "BR"))
    refused_with(geo.geocode("Grenade"), ("country", "GD"), ("commune", "31232"))
    resolved(geo.geocode("MEL"), "200093201", "epci")
    refused_with(geo.geocode("Saint-Martin"), ("country", "MF"))


# ---------------------------------------------------------------- new kinds of place
def test_former_regions_lie_in_their_own_territory(geo: Geocoder) -> None:
    alsace = geo.geocode("Alsace").place
    assert alsace.precision == "former_region"
    assert geo._reverse.department_at(alsace.lat, alsace.lon) in ("67", "68")
    assert km(alsace.lat, alsace.lon, 48.58, 7.75) < 100  # Strasbourg (was 162 km away)
    auvergne = geo.geocode("Auvergne").place
    assert geo._reverse.department_at(auvergne.lat, auvergne.lon) in ("03", "15", "43", "63")


@pytest.mark.parametrize("q,code,precision", [
    ("Paris 13e", "75113", "arrondissement"), ("13e arrondissement de Paris", "75113",
                                                "arrondissement"),
    ("75013", "75113", "arrondissement"), ("Marseille 2e", "13202", "arrondissement"),
    ("Métropole de Lyon", "200046977", "epci"), ("Grand Lyon", "200046977", "epci"),
    ("Métropole européenne de Lille", "200093201", "epci"),
    ("Plaine Commune", "200057867", "epci"),
    ("Alsace", "42", "former_region"), ("Nord-Pas-de-Calais", "31", "former_region"),
    ("Sophia Antipolis", "sophia-antipolis", "zone"), ("Paris-Saclay", "paris-saclay", "zone"),
    ("La Défense", "la-defense", "zone"), ("Marne-la-Vallée", "marne-la-vallee", "zone"),
    ("Euroméditerranée", "euromediterranee", "zone"), ("port de Dunkerque", "port-dunkerque",
                                                         "zone"),
    ("CDG", "CDG", "airport"), ("LFPG", "CDG", "airport"), ("Roissy-CDG", "CDG", "airport"),
    ("Roissy", "CDG", "airport"), ("aéroport de Nantes", "NTE", "airport"),
])
def test_new_kinds_of_place(geo: Geocoder, q: str, code: str, precision: str) -> None:
    resolved(geo.geocode(q), code, precision)


def test_new_areas_contain_their_members(geo: Geocoder) -> None:
    lyon = geo.geocode("Métropole de Lyon").place
    assert geo.contains(lyon, 45.76, 4.84) and not geo.contains(lyon, 45.19, 5.72)  # Grenoble
    sophia = geo.geocode("Sophia Antipolis").place
    assert geo.contains(sophia, sophia.lat, sophia.lon) and geo.contains(sophia, 43.62, 7.05)
    roissy = geo.geocode("Roissy")
    assert any("Roissy-en-Brie" in n for n in roissy.notes)  # named, not silent


@pytest.mark.parametrize("q", ["Côte d'Azur", "Provence"])
def test_informal_areas_are_refused_with_what_to_choose(geo: Geocoder, q: str) -> None:
    r = geo.geocode(q)
    refused_with(r, ("region", "93"))
    assert "not an administrative area" in " ".join(r.notes)


# ---------------------------------------------------------------- phrasing
@pytest.mark.parametrize("q,code,precision", [
    ("dans l'Essonne", "91", "department"), ("en Seine-et-Marne", "77", "department"),
    ("à Dunkerque", "59183", "commune"), ("aux Pennes-Mirabeau", "13071", "commune"),
    ("site de Harnes", "62413", "commune"), ("Bruyères-le-Châtel en Essonne", "91115", "commune"),
    ("région Grand Est", "44", "region"), ("secteur de La Hague dans la Manche", "50041", "commune"),
    ("Harnes (dans le Nord de la France)", "62413", "commune"),
    ("usine du Havre", "76351", "commune"), ("its Cambrai site", "59122", "commune"),
    ("département de l'Essonne", "91", "department"),
])
def test_press_phrasing_is_read_and_recorded(geo: Geocoder, q: str, code: str,
                                             precision: str) -> None:
    r = geo.geocode(q)
    resolved(r, code, precision)
    assert r.notes, "what was read off is recorded in the notes"


@pytest.mark.parametrize("q,inside,precision", [
    ("près de Valenciennes (Nord)", "59606", "epci"),
    ("zone métropolitaine de Caen", "14118", "epci"),
    ("région lyonnaise", "69123", "epci"),
    ("au nord de Lyon", "69123", "department"),
])
def test_relative_places_resolve_to_the_wider_area(geo: Geocoder, q: str, inside: str,
                                                   precision: str) -> None:
    r = geo.geocode(q)
    assert r.place is not None and r.place.precision == precision, r.error_message()
    commune = geo.commune_place(inside)
    assert geo.contains(r.place, commune.lat, commune.lon)
    assert any("not in it" in n for n in r.notes)  # never a crisp point at the commune


@pytest.mark.parametrize("q,area,places", [
    ("La Maxe et Richemont (Moselle)", "57", ["57452", "57582"]),
    ("à Obernai et à Bischwiller", "67", ["67348", "67046"]),
    ("in the towns of Obernai and Bischwiller", "67", ["67348", "67046"]),
])
def test_several_places_give_the_smallest_area(geo: Geocoder, q: str, area: str,
                                               places: list[str]) -> None:
    r = geo.geocode(q)
    resolved(r, area, "department")
    assert [p.code for p in r.parts] == places
    assert [p["code"] for p in r.to_json()["places"]] == places


def test_several_places_across_regions_ask_for_one_feature_each(geo: Geocoder) -> None:
    r = geo.geocode("Obernai et Lyon")
    assert r.place is None and "one feature per place" in r.error_message()


def test_cambray_suggests_cambrai_first(geo: Geocoder) -> None:
    assert geo.geocode("Cambray").suggestions[0] == "Cambrai (59)"
    assert geo.geocode("usine Acme de Cambrai-Nord").suggestions[0] == "Cambrai (59)"


def test_readings_of_a_phrase() -> None:
    assert [r.text for r in readings("aux Pennes-Mirabeau")][0] == "Les Pennes-Mirabeau"
    assert readings("près de Valenciennes (Nord)")[0].relation == "near"
    assert readings("La Maxe et Richemont (Moselle)")[0].parts == ("La Maxe (Moselle)",
                                                                   "Richemont (Moselle)")
    assert readings("aéroport de Nantes")[0].airport
    assert peel_qualifier("dans le Nord de la France") == "France"


# ---------------------------------------------------------------- the map
@pytest.mark.e2e
def test_the_map_draws_the_new_areas_as_outlines(tmp_path) -> None:
    places = ["Paris 13e", "Métropole de Lyon", "Alsace", "Sophia Antipolis", "CDG",
              "dans l'Essonne", "à Obernai et à Bischwiller"]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sites.geojson").write_text(json.dumps({
        "type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": None,
             "properties": {"name": f"Site {i}", "place": p, "amount": "1 Md€"}}
            for i, p in enumerate(places)]}), "utf-8")
    run_geo("build", cwd=tmp_path)
    data = json.loads((tmp_path / "data" / "sites.geojson").read_text("utf-8"))
    precisions = [f["properties"]["location"]["precision"] for f in data["features"]]
    assert precisions == ["arrondissement", "epci", "former_region", "zone", "airport",
                          "department", "department"]
    assert [p["name"] for p in data["features"][-1]["properties"]["location"]["places"]] == \
        ["Obernai", "Bischwiller"]
    html = (tmp_path / "output" / "map.html").read_text("utf-8")
    payload = json.loads(html.split('id="geo-data">', 1)[1].split("</script>", 1)[0])
    outlines = {(g["properties"]["kind"], g["properties"]["code"])
                for packed in payload["areas"]
                for g in json.loads(zlib.decompress(base64.b64decode(packed), -15))
                ["objects"]["areas"]["geometries"]}
    for kind, code in (("arrondissement", "75113"), ("epci", "200046977"),
                       ("former_region", "42"), ("zone", "sophia-antipolis")):
        assert (kind, code) in outlines, kind
    assert "quelque part dans la métropole de Lyon" in html
    assert "Obernai, Bischwiller" in html  # the popup names every place


def test_containment_rules_alone(geo: Geocoder) -> None:
    """geo.geocoding.areas: the one containment rule behind rivals, relations and several places."""
    areas = geo._areas
    lyon, villeurbanne = geo.commune_place("69123"), geo.commune_place("69266")
    metropole = geo._ix.area_place("epci", "200046977")
    assert areas.within(lyon, metropole) and not areas.within(metropole, lyon)
    assert areas.common([lyon, villeurbanne]) is metropole  # the same intercommunality
    rhone = geo.department_place("69")
    assert areas.wider(lyon, "near") is metropole and areas.wider(lyon, "towards") is rhone
    assert areas.wider(rhone, "near").precision == "region"
    paris13 = geo._ix.area_place("arrondissement", "75113")
    assert areas.within(paris13, geo.commune_place("75056"))
    martinique = geo.department_place("972")
    assert areas.within(martinique, geo.country_place("MQ"))  # an ISO country too
    assert not areas.within(geo.commune_place("38544"), geo.department_place("86"))  # Vienne


def test_a_list_after_a_comma_is_several_places_not_a_qualifier(geo: Geocoder) -> None:
    r = geo.geocode("Lille, Roubaix et Tourcoing")  # not "Lille" with a qualifier ignored
    resolved(r, "200093201", "epci")
    assert [p.name for p in r.parts] == ["Lille", "Roubaix", "Tourcoing"]
