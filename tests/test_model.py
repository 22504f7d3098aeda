"""The data file: strict reading with precise errors, canonical and lossless writing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from canonical_reference import canonical, reference_dumps

from geo import contract as model
from geo.core.errors import DataError


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "sites.geojson"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def fc(*features: dict, **top) -> dict:
    return {"type": "FeatureCollection", **top, "features": list(features)}


def feature(**props) -> dict:
    return {"type": "Feature", "geometry": None, "properties": props}


def problems_of(path: Path) -> list:
    try:
        doc = model.load(path)
    except DataError as exc:
        return exc.problems
    return model.validate(doc)


def test_trailing_comma_names_file_and_line(tmp_path):
    path = write(tmp_path, '{"type": "FeatureCollection",\n "features": [],\n}')
    (problem,) = problems_of(path)
    assert problem.file == str(path)
    assert problem.line == 3
    assert "trailing comma" in problem.hint


def test_truncated_file(tmp_path):
    path = write(tmp_path, '{"type": "FeatureCollection", "features": [{"type": "Fea')
    (problem,) = problems_of(path)
    assert "invalid JSON" in problem.message and problem.line == 1


def test_latin1_file_says_to_resave_as_utf8(tmp_path):
    path = write(tmp_path, '{"type": "FeatureCollection", "features": [], "x": "Été"}'.encode("latin-1"))
    (problem,) = problems_of(path)
    assert "not UTF-8" in problem.message and "UTF-8" in problem.hint


def test_bom_is_tolerated_with_a_warning(tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + json.dumps(fc()).encode())
    problems = problems_of(path)
    assert [p.severity for p in problems] == ["warning"]
    assert b"\xef\xbb\xbf" not in model.dumps(model.load(path).data)


@pytest.mark.parametrize("text", ["", "   \n"])
def test_empty_file(tmp_path, text):
    (problem,) = problems_of(write(tmp_path, text))
    assert "empty" in problem.message


def test_not_a_feature_collection(tmp_path):
    (problem,) = problems_of(write(tmp_path, "[1, 2]"))
    assert "FeatureCollection" in problem.message


def test_nan_and_infinity_literals_are_refused(tmp_path):
    path = write(tmp_path, '{"type": "FeatureCollection", "features": [], "x": NaN}')
    (problem,) = problems_of(path)
    assert "NaN" in problem.message


def test_every_problem_is_reported_at_once_with_feature_and_field(tmp_path):
    data = fc(
        feature(name="ok", place="Cambrai", amount="1 Md€"),
        {"type": "Feature", "geometry": None},
        feature(place="Cambrai", amount="1 Md€"),
        feature(name="x", place="Cambrai"),
        feature(name="y", amount="1 Md€", investor_country="France"),
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"name": "z", "amount": "1 Md€"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [40.0, 95.0]},
         "properties": {"name": "w", "amount": "1 Md€"}},
    )
    problems = problems_of(write(tmp_path, json.dumps(data)))
    found = {(p.index, p.field) for p in problems if p.severity == "error"}
    assert (1, "properties") in found or (1, None) in found
    assert (2, "name") in found
    assert (3, "amount") in found
    assert (4, "investor_country") in found
    assert (4, "place") in found
    assert (5, "geometry") in found
    assert (6, "geometry.coordinates") in found
    swapped = next(p for p in problems if p.index == 6)
    assert "did you mean" in swapped.hint
    assert all(p.file.endswith("sites.geojson") for p in problems)


def test_duplicate_ids(tmp_path):
    a = {**feature(name="a", place="Cambrai", amount="1 Md€"), "id": "same"}
    b = {**feature(name="b", place="Cambrai", amount="1 Md€"), "id": "same"}
    problems = problems_of(write(tmp_path, json.dumps(fc(a, b))))
    (dup,) = [p for p in problems if p.field == "id"]
    assert dup.index == 1 and "feature 1" in dup.message


def test_error_text_names_file_feature_and_field(tmp_path):
    problems = problems_of(write(tmp_path, json.dumps(fc({**feature(name="x", place="Lille"), "id": "x1"}))))
    text = str(problems[0])
    assert "sites.geojson" in text and "feature 1" in text and '"x1"' in text and '"amount"' in text


def test_assign_ids_is_stable_and_unique():
    features = [feature(investor="Brookfield", place="Cambrai (Nord)"),
                feature(investor="Brookfield", place="Cambrai (Nord)"),
                {**feature(investor="X"), "id": "kept"}]
    assert model.assign_ids(features) == 2
    assert [f["id"] for f in features] == ["brookfield-cambrai-nord", "brookfield-cambrai-nord-2", "kept"]


def test_canonical_writer_keeps_unknown_members_in_order(tmp_path):
    data = {
        "zeta": 1, "type": "FeatureCollection", "features": [
            {"properties": {"zz_custom": "ünïcode ✓", "amount": "1 Md€", "name": "n",
                            "big": 123456789012345678901234567890, "nested": {"b": 1, "a": [1, 2]}},
             "type": "Feature", "geometry": {"coordinates": [2.123456789, 48.1], "type": "Point"},
             "extra": True}],
        "alpha": {"keep": "order"},
    }
    text = model.dumps(data).decode()
    assert text.endswith("}\n")
    back = json.loads(text)
    assert list(back) == ["type", "zeta", "alpha", "features"]
    props = back["features"][0]["properties"]
    assert list(props) == ["name", "amount", "zz_custom", "big", "nested"]
    assert props["big"] == 123456789012345678901234567890
    assert props["nested"] == {"b": 1, "a": [1, 2]}
    assert back["features"][0]["geometry"]["coordinates"] == [2.123457, 48.1]
    assert '"coordinates": [2.123457, 48.1]' in text
    assert model.dumps(back) == model.dumps(data)  # idempotent


def test_writer_never_alters_text_that_looks_like_an_array():
    data = fc(feature(name="n", amount="1 Md€", notes="voir [  1,  2  ] et [\t3, 4 ]"))
    back = json.loads(model.dumps(data))
    assert back["features"][0]["properties"]["notes"] == "voir [  1,  2  ] et [\t3, 4 ]"


def test_writer_matches_json_module_except_short_number_arrays():
    data = fc(feature(name="n", amount=5, nested={"a": [1, "x"], "b": [], "c": {}, "d": [1.5, -2, 3e-07]}))
    text = model.dumps(data).decode()
    assert '"d": [1.5, -2, 3e-07]' in text
    assert json.loads(text) == canonical(data)
    assert text.encode() == reference_dumps(data)
