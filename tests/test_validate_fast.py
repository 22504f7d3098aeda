"""The fast pre-check never lets through a feature that the JSON Schema would reject."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import contract as model
from geo.contract import checks

scalars = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False),
                    st.text(max_size=4), st.sampled_from(["FR", "fr", "FR\n", "xFRx", "Feature", "exact",
                                                           "commune", "", "a" * 501]))
keys = st.sampled_from(["url", "title", "min", "kind", "x", "note", "precision", "code"])
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=2) |
                      st.dictionaries(keys, inner, max_size=2), max_leaves=4)
valid_name = st.one_of(st.just("Data center"), values)
valid_amount = st.one_of(st.just("1 Md€"), st.just(5), values)
props = st.fixed_dictionaries(
    {"name": valid_name, "amount": valid_amount},
    optional={key: values for key in ("investor", "investor_country", "place", "date",
                                      "status", "notes", "sources", "amount_eur", "location", "custom",
                                      "part_of", "fx_rate")})
features = st.fixed_dictionaries(
    {"type": st.sampled_from(["Feature", "Feature", "feature"]), "properties": props | values},
    optional={"id": values, "geometry": values | st.just({"type": "Point", "coordinates": [2.0, 48.0]})})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(features)
def test_plainly_valid_implies_schema_valid(feature):
    if checks.plainly_valid(feature):
        validator = jsonschema.Draft202012Validator(model.schema())
        errors = list(validator.iter_errors({"type": "FeatureCollection", "features": [feature]}))
        assert errors == [], (feature, [e.message for e in errors])


def test_the_common_case_takes_the_fast_path():
    feature = {"type": "Feature", "id": "x", "geometry": {"type": "Point", "coordinates": [2.0, 48.0]},
               "properties": {"name": "n", "amount": "1 Md€", "investor_country": "FR",
                              "sources": [{"url": "https://a.b", "title": "t"}],
                              "amount_eur": {"kind": "exact", "max": 1e9, "min": 1e9, "text": "1 Md€"},
                              "location": {"precision": "commune", "name": "n", "code": "1", "context": "",
                                           "source": "insee-cog", "query": "q"}, "custom": [1, {"a": 2}]}}
    assert checks.plainly_valid(feature)


colors = st.one_of(st.sampled_from(["#0072B2", "#0072b2", "#F0E442", "#abc", "0072B2", "#0072B2\n",
                                     "#0072B2 ", "#GGGGGG", "#0072B2FF", "#ＡＢＣＤＥＦ"]), values)
settings_values = st.one_of(values, st.sampled_from(["fr", "en", "de", 0, -1, 1.5, 200, 201, True]))
settings_strategy = st.one_of(values, st.dictionaries(
    st.sampled_from(["title", "subtitle", "lang", "credit", "date", "color_by", "tiles", "offline",
                     "custom", "totals", "highlight_since"]),
    settings_values, max_size=4) | st.fixed_dictionaries(
    {}, optional={"headline_total": st.fixed_dictionaries(
                      {}, optional={"amount": valid_amount, "label": values,
                                    "source": st.dictionaries(keys, values, max_size=3) | values}),
                  "scale": st.dictionaries(st.sampled_from(["v_max", "r_max", "flannery", "x"]),
                                           settings_values, max_size=3) | values,
                  "lang": settings_values,
                  "colors": st.dictionaries(st.text(max_size=3), colors, max_size=3) | values}))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(settings_strategy)
def test_plainly_valid_settings_implies_schema_valid(value):
    if checks.plainly_valid_settings(value):
        validator = jsonschema.Draft202012Validator(model.schema())
        errors = list(validator.iter_errors({"type": "FeatureCollection", "features": [],
                                             "settings": value}))
        assert errors == [], (value, [e.message for e in errors])


def test_the_seed_settings_take_the_fast_path():
    from pathlib import Path

    seed = model.load(Path(__file__).resolve().parent.parent / "data" / "sites.geojson")
    assert checks.plainly_valid_settings(seed.data["settings"])
    assert all(checks.plainly_valid(f) for f in seed.features)


@pytest.mark.parametrize("props", [
    {"amount_eur": None}, {"location": None}, {"location": {"note": 5}},
    {"location": {"precision": "nowhere"}}, {"sources": [{"url": 1}]},
])
def test_members_the_schema_refuses_are_never_waved_through(props):
    feature = {"type": "Feature", "properties": {"name": "n", "amount": "1 Md€", **props}}
    validator = jsonschema.Draft202012Validator(model.schema())
    assert list(validator.iter_errors({"type": "FeatureCollection", "features": [feature]}))
    assert not checks.plainly_valid(feature)


def test_pinned_colours_take_the_fast_path_and_bad_ones_are_named():
    assert checks.plainly_valid_settings({"color_by": "investor", "colors": {"Mistral AI": "#cc79a7"}})
    validator = jsonschema.Draft202012Validator(model.schema())
    for bad in ({"FR": "blue"}, {"FR": "#0072B2\n"}, {"FR": None}, ["#0072B2"]):
        assert not checks.plainly_valid_settings({"colors": bad})
        assert list(validator.iter_errors({"type": "FeatureCollection", "features": [],
                                           "settings": {"colors": bad}}))
conversions = st.fixed_dictionaries(
    {}, optional={"currency": st.sampled_from(["USD", "usd", "US", "EUR", 5]),
                  "rate": st.sampled_from([1.1, 0, -1, "1.1", None]),
                  "source": st.sampled_from(["ECB", "parity", "fx_rate", "bank"]),
                  "min": values, "max": values, "rate_date": values, "for_date": values}) | values


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conversions)
def test_a_conversion_is_never_waved_through_when_the_schema_refuses_it(conv):
    feature = {"type": "Feature", "properties": {"name": "n", "amount": "5 Md$", "amount_eur": {
        "kind": "exact", "min": 4.5e9, "max": 4.5e9, "text": "5 Md$", "converted_from": conv}}}
    if checks.plainly_valid(feature):
        validator = jsonschema.Draft202012Validator(model.schema())
        assert list(validator.iter_errors({"type": "FeatureCollection", "features": [feature]})) == []


@pytest.mark.parametrize("props", [{"part_of": 3}, {"part_of": ""}, {"fx_rate": [1]}, {"fx_rate": True}])
def test_new_members_the_schema_refuses_are_never_waved_through(props):
    test_members_the_schema_refuses_are_never_waved_through(props)
