"""The library pieces behind issue 14, in process: header matching, decoding, the merge, the
totals of programmes, the "new" badge and the diff of two versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import geo
from geo.amount import parse_amount
from geo.core.errors import DataError
from geo.diff import compare, snapshot
from geo.enrich import Site
from geo.merge import merge_features
from geo.render.newsroom import counted, is_new
from geo.sheets import match_columns
from geo.sheets.read import decode


def site(sid: str, amount: str, part_of: str | None = None, date: str | None = None) -> Site:
    return Site(0, sid, sid, parse_amount(amount), "commune", 50.0, 3.0, "", "", None, "",
                date=date, part_of=part_of)


@pytest.mark.parametrize("header,field", [
    ("Nom", "name"), ("NOM DU SITE", "name"), ("Investisseur", "investor"),
    ("Pays de l’investisseur", "investor_country"), ("investor_country", "investor_country"),
    ("Lieu", "place"), ("Commune", "place"), ("Montant (en €)", "amount"), ("montant annoncé", "amount"),
    ("Source", "source_url"), ("Lien", "source_url"), ("Média", "source_publisher"),
    ("Date de l'annonce", "date"), ("Fait partie de", "part_of"), ("Taux de change", "fx_rate"),
    ("Identifiant", "id"), ("Latitude", "lat"), ("lng", "lon"), ("Statut", "status"),
    ("Commentaires", "notes"),
])
def test_french_and_english_headers(header, field):
    assert match_columns([header]).targets == [field]


def test_unmatched_columns_are_kept_and_overrides_win():
    cols = match_columns(["Nom", "Ville", "Emplois", "amount_kind", "Nom"], {"ville": "place"})
    assert cols.targets == ["name", "place", "property:Emplois", None, "property:Nom"]
    assert cols.unmatched == ["Emplois"] and cols.skipped == ["amount_kind"]
    assert "already read" in cols.warnings[0]
    with pytest.raises(ValueError, match="does not have"):
        match_columns(["Nom"], {"Ville": "place"})


def test_decoding_never_guesses_wrong_on_french_text():
    text = "Lieu;Montant\nÉvry-Courcouronnes;près de 4 milliards d’euros\n"
    assert decode(text.encode("utf-8")) == (text, "UTF-8")
    assert decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == (text, "UTF-8 (with BOM)")
    assert decode(text.replace("’", "'").encode("cp1252"))[1] == "Windows-1252"
    assert decode(text.encode("utf-16")) == (text, "UTF-16")


def test_merge_updates_completes_sources_and_never_erases():
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "evroc-mougins", "geometry": {"type": "Point", "coordinates": [7, 43.6]},
         "properties": {"name": "Data center", "investor": "Evroc", "place": "Mougins",
                        "amount": "4 milliards d'euros", "notes": "typed in the file",
                        "location": {"precision": "commune"},
                        "sources": [{"url": "https://a.example/1"}]}}]}
    report = merge_features(data, [
        {"properties": {"name": "DATA CENTER", "investor": "évroc", "place": "mougins", "notes": "",
                        "sources": [{"url": "https://a.example/1", "publisher": "JDN"},
                                    {"url": "https://b.example/2"}]}},
        {"id": "evroc-mougins", "geometry": {"type": "Point", "coordinates": [7.01, 43.6]},
         "properties": {}},
    ], labels=["row 2", "row 3"])
    props = data["features"][0]["properties"]
    assert report.summary() == "0 added, 2 updated, 0 unchanged"
    assert props["notes"] == "typed in the file"  # an empty cell says nothing
    assert props["sources"] == [{"url": "https://a.example/1", "publisher": "JDN"},
                                {"url": "https://b.example/2"}]
    assert "location" not in props  # the point moved: worked out again by the next build
    with pytest.raises(DataError, match="row 2 has the id 'x' as row 1"):
        merge_features(data, [{"id": "x", "properties": {}}, {"id": "x", "properties": {}}],
                       labels=["row 1", "row 2"])


def test_programmes_count_once_at_every_level():
    programme = site("brookfield", "20 milliards d'euros")
    cambrai = site("cambrai", "10 milliards d'euros", part_of="brookfield")
    escaudain = site("escaudain", "5 milliards d'euros", part_of="brookfield")
    hall = site("hall", "1 milliard", part_of="cambrai")
    everything = [programme, cambrai, escaudain, hall]
    assert [s.id for s in counted(everything)] == ["brookfield"]
    # On the map (the programme is not): both sites count, the hall is inside Cambrai.
    assert [s.id for s in counted([cambrai, escaudain, hall], everything)] == ["cambrai", "escaudain"]


@pytest.mark.parametrize("date,since,new", [
    ("2025-05-19", "2025-05-01", True), ("2025-05-01", "2025-05-01", True),
    ("2025-04-30", "2025-05-01", False), ("2025-05", "2025-05-01", True),
    ("2025-05", "2025-05-15", False), (None, "2025-05-01", False), ("2025-05-19", "mai 2025", False),
])
def test_new_since_a_day(date, since, new):
    assert is_new(site("s", "1 Md€", date=date), since) is new


def test_a_since_that_is_not_a_day_is_a_warning(tmp_path):
    data = json.loads((Path(__file__).parent.parent / "data" / "sites.geojson").read_text("utf-8"))
    data["settings"]["highlight_since"] = "mai 2025"
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (warning,) = [w for w in geo.read_sites(path).warnings if w.field == "settings.highlight_since"]
    assert warning.severity == "warning" and "2025-05-01" in warning.hint


def test_diff_matches_by_id_then_by_name_investor_and_place():
    old = snapshot({"features": [
        {"properties": {"name": "A", "investor": "X", "place": "Lille", "amount": "1 Md€"}},
        {"id": "b", "properties": {"name": "B", "place": "Lyon", "amount": "2 Md€"}}]})
    new = snapshot({"features": [
        {"id": "x-lille", "properties": {"name": "a", "investor": "x", "place": "LILLE", "amount": "1 Md€"}},
        {"id": "b", "properties": {"name": "B", "place": "Lyon (69)", "amount": "2 Md€", "notes": "n"}}]})
    changes = compare(old, new)
    assert [(c.kind, c.id, c.fields) for c in changes.items] == [
        ("changed", "x-lille", ("place", "name", "investor")),  # matched, and its case edited
        ("changed", "b", ("place", "notes"))]
    assert changes.count("place") == 2 and changes.count("added") == 0
