"""Fuzzing the inputs users control: the loader, the place parser, the canonical writer.

Bounded (see tests/hypothesis_profiles.py): a few seconds each in the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import hypothesis_profiles  # noqa: F401 - registers and loads the "ci" profile
from canonical_reference import reference_dumps
from hypothesis import given
from hypothesis import strategies as st

from geo import contract as model
from geo.core.errors import DataError, Problem

PATH = Path("data/sites.geojson")

scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**80), max_value=2**80),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=20)


def check_loader(raw: bytes) -> None:
    try:
        doc = model.parse_bytes(raw, PATH)
    except DataError as exc:
        assert exc.problems and all(isinstance(p, Problem) for p in exc.problems)
        assert all(str(p).startswith(str(PATH)) for p in exc.problems)
        return
    problems = model.validate(doc)
    assert all(isinstance(p, Problem) and p.severity in ("error", "warning") for p in problems)
    for p in problems:
        str(p)


@given(json_values)
def test_loader_on_arbitrary_json(value):
    check_loader(json.dumps(value).encode())


feature_like = st.fixed_dictionaries({"type": st.sampled_from(["Feature", "feature", 1])},
                                     optional={"properties": json_values, "geometry": json_values,
                                               "id": json_values})


@given(st.lists(st.one_of(feature_like, json_values), max_size=4), json_values)
def test_loader_on_feature_collection_shaped_json(features, extra):
    check_loader(json.dumps({"type": "FeatureCollection", "features": features, "x": extra}).encode())


@given(st.binary(max_size=200))
def test_loader_on_arbitrary_bytes(raw):
    check_loader(raw)


@given(st.text(max_size=60))
def test_loader_on_arbitrary_text(text):
    check_loader(text.encode("utf-8"))


_geocoder = []


def geocoder():
    if not _geocoder:
        from geo.geocoding import Geocoder

        _geocoder.append(Geocoder())
    return _geocoder[0]


place_text = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A-?[0-9]{1,3}([.,][0-9]{0,8})?\s*[,; ]\s*-?[0-9]{1,3}([.,][0-9]{0,8})?\Z"),
    st.builds(lambda a, b: f"{a} ({b})", st.sampled_from(["Saint-Denis", "Valence", "Lille", "Paris",
                                                          "Évry", "x"]), st.text(max_size=6)),
)


@given(place_text)
def test_geocode_answers_a_place_or_says_what_to_type(text):
    """Whatever is typed: either one place, inside the world and of a known precision, or
    no place and a message that quotes the query and offers a way out (never a crash)."""
    from geo.core.vocab import PRECISIONS

    result = geocoder().geocode(text)
    if result.place is not None:
        place = result.place
        assert place.precision in PRECISIONS and not result.ambiguous
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180
        assert place in result.candidates
        return
    message = result.error_message()
    if result.ambiguous:
        assert len(result.candidates) >= 2 and "add a qualifier" in message
    elif text.strip():
        assert "coordinates" in message or "out of range" in message, message


@given(place_text)
def test_parse_coordinates_raises_only_value_error(text):
    from geo.geocoding import parse_coordinates

    try:
        coords = parse_coordinates(text)
    except ValueError:
        return
    if coords is not None:
        lat, lon = coords
        assert -90 <= lat <= 90 and -180 <= lon <= 180


keys = st.text(min_size=1, max_size=8)
unknown = st.dictionaries(keys.filter(lambda k: k not in ("type", "features", "settings", "id",
                                                          "geometry", "properties")),
                          json_values, max_size=3)
coords = st.tuples(st.floats(-180, 180), st.floats(-90, 90)).map(list)
valid_feature = st.builds(
    lambda props, extra, geometry, fid: {"type": "Feature", **({"id": fid} if fid else {}),
                                         "geometry": geometry, **extra, "properties": props},
    st.builds(lambda name, rest: {**rest, "name": name, "amount": "1 Md€", "place": "Lille"},
              st.text(min_size=1, max_size=10), unknown),
    unknown,
    st.one_of(st.none(), st.builds(lambda c: {"type": "Point", "coordinates": c}, coords)),
    st.one_of(st.none(), st.text(min_size=1, max_size=6)))
collections = st.builds(lambda features, extra: {**extra, "type": "FeatureCollection",
                                                 "features": features},
                        st.lists(valid_feature, max_size=4), unknown)


@given(collections)
def test_canonical_writer_round_trips(data):
    first = model.dumps(data)
    loaded = model.parse_bytes(first, PATH).data
    assert model.dumps(loaded) == first  # dumps is idempotent
    assert model.parse_bytes(model.dumps(loaded), PATH).data == loaded  # load∘dumps is the identity
    # Nothing the user wrote is lost: every unknown member survives with its value.
    for key, value in data.items():
        if key != "features":
            assert loaded[key] == value
    for before, after in zip(data["features"], loaded["features"], strict=True):
        assert after["properties"] == before["properties"]
        assert {k: v for k, v in after.items() if k != "geometry"} == \
            {k: v for k, v in before.items() if k != "geometry"}


# Documents of any shape, with the tool's names where the writer treats them specially:
# geometry with or without coordinates, tool properties holding lists and nested objects,
# features that are not objects, and members named like the tool's in unexpected places.
tool_names = st.sampled_from(["type", "id", "geometry", "properties", "coordinates", "features",
                              "settings", "amount_eur", "location", "name", "place"])
any_names = st.one_of(tool_names, st.text(max_size=6))
shaped_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(any_names, inner, max_size=5)), max_leaves=25)
shaped_properties = st.dictionaries(any_names, shaped_values, max_size=8)
shaped_geometry = st.one_of(
    shaped_values,
    st.fixed_dictionaries({"coordinates": shaped_values}, optional={"type": shaped_values,
                                                                     "bbox": shaped_values}))
shaped_feature = st.one_of(
    shaped_values,
    st.fixed_dictionaries({}, optional={"type": shaped_values, "id": shaped_values,
                                        "geometry": shaped_geometry, "properties": shaped_properties,
                                        "extra": shaped_values}))
shaped_documents = st.builds(
    lambda rest, features: {**rest, **({} if features is None else {"features": features})},
    st.dictionaries(any_names.filter(lambda k: k != "features"), shaped_values, max_size=4),
    st.one_of(st.none(), shaped_values, st.lists(shaped_feature, max_size=4)))


@given(shaped_documents)
def test_fast_writer_matches_the_reference_byte_for_byte(data):
    """The fused writer must write exactly what ordering first and indenting after writes."""
    assert model.dumps(data) == reference_dumps(data)
