"""Every kind of bad input, through the real `geo` command: a clear message, exit 1, no traceback.

Each message must let a journalist fix the file without help: the file name,
"feature #N" (and the line where it starts), the field, what is wrong, and a
hint ("→ ...") saying what to do.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import geo


def folder(tmp_path: Path, content: str | bytes | dict) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False, indent=2)
    if isinstance(content, str):
        content = content.encode("utf-8")
    (tmp_path / "data" / "sites.geojson").write_bytes(content)
    return tmp_path


def feat(geometry=None, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


OK = {"name": "Usine", "place": "Lille", "amount": "1 Md€"}


def fails(tmp_path: Path, content, *args: str) -> str:
    """Run `geo build --strict` (or ARGS) on CONTENT; assert a clean data error; return stderr.

    (Without --strict a build maps the sites that resolve and lists the others as a draft:
    tests/test_drafts.py.)
    """
    cwd = folder(tmp_path, content)
    before = (cwd / "data" / "sites.geojson").read_bytes()
    result = geo(*(args or ("build", "--strict")), cwd=cwd, check=False)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "sites.geojson" in result.stderr
    assert (cwd / "data" / "sites.geojson").read_bytes() == before
    assert not (cwd / "output").exists()
    return result.stderr


def block(stderr: str, needle: str) -> str:
    """The message (with its hint line) that contains NEEDLE."""
    blocks = re.split(r"\n(?=(?:error|warning): )", stderr)
    found = [b for b in blocks if needle in b]
    assert found, f"{needle!r} not in:\n{stderr}"
    return found[0]


# --- the JSON itself ---------------------------------------------------------------------


@pytest.mark.e2e
def test_trailing_comma(tmp_path):
    err = fails(tmp_path, '{"type": "FeatureCollection",\n "features": [\n  {"a": 1},\n ],\n}')
    msg = block(err, "invalid JSON")
    assert "sites.geojson:4" in msg and "line 4" in msg and "trailing comma" in msg and "→" in msg


@pytest.mark.e2e
def test_truncated_file(tmp_path):
    err = fails(tmp_path, '{"type": "FeatureCollection", "features": [{"type": "Feature", "prop')
    msg = block(err, "invalid JSON")
    assert "truncated" in msg


@pytest.mark.e2e
def test_bom_is_read_with_a_warning_and_not_written_back(tmp_path):
    cwd = folder(tmp_path, b"\xef\xbb\xbf" + json.dumps(fc(feat(**OK))).encode())
    result = geo("build", cwd=cwd)
    assert "byte-order mark" in block(result.stderr, "warning")
    assert not (cwd / "data" / "sites.geojson").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.e2e
def test_latin1_file(tmp_path):
    text = json.dumps(fc(feat(name="Usine", place="Orléans", amount="1 milliard")), ensure_ascii=False)
    err = fails(tmp_path, text.encode("latin-1"))
    msg = block(err, "not UTF-8")
    assert "0xe9" in msg and "re-save the file as UTF-8" in msg


@pytest.mark.e2e
def test_empty_file(tmp_path):
    msg = block(fails(tmp_path, ""), "empty")
    assert '"FeatureCollection"' in msg  # the hint shows a starting point


@pytest.mark.parametrize("content", ["[1, 2]", '"hello"', "42", "null",
                                     '{"type": "Feature", "properties": {}}'])
@pytest.mark.e2e
def test_valid_json_but_not_a_feature_collection(tmp_path, content):
    msg = block(fails(tmp_path, content), "FeatureCollection")
    assert 'field "type"' in msg and "→" in msg


@pytest.mark.e2e
def test_features_is_not_a_list(tmp_path):
    msg = block(fails(tmp_path, '{"type": "FeatureCollection", "features": {}}'), "features")
    assert 'field "features"' in msg


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.e2e
def test_non_finite_json_numbers(tmp_path, literal):
    text = '{"type": "FeatureCollection", "features": [\n' \
           '{"type": "Feature", "geometry": null, "properties": {"name": "a", "place": "Lille",\n' \
           f'"amount": {literal}}}}}]}}'
    msg = block(fails(tmp_path, text), "invalid JSON")
    assert "sites.geojson:3" in msg and literal.lstrip("-") in msg


# --- the features -------------------------------------------------------------------------


@pytest.mark.e2e
def test_feature_without_properties(tmp_path):
    err = fails(tmp_path, fc(feat(**OK), {"type": "Feature", "geometry": None},
                             {"type": "Feature", "geometry": None, "properties": None}))
    first = block(err, "feature 2")
    assert 'field "properties"' in first and "missing" in first and "→" in first
    second = block(err, "feature 3")
    assert 'field "properties"' in second and "expected object" in second


@pytest.mark.e2e
def test_duplicate_ids(tmp_path):
    a = {**feat(**OK), "id": "usine"}
    b = {**feat(**{**OK, "name": "Autre"}), "id": "usine"}
    msg = block(fails(tmp_path, fc(a, b)), "duplicate")
    assert 'feature 2 ("Autre", id "usine"' in msg and "feature 1" in msg and "field \"id\"" in msg
    assert "unique" in msg


@pytest.mark.parametrize("missing", ["name", "amount"])
@pytest.mark.e2e
def test_missing_required_field(tmp_path, missing):
    props = {k: v for k, v in OK.items() if k != missing}
    msg = block(fails(tmp_path, fc(feat(**OK), feat(**props))), f'field "{missing}"')
    assert "feature 2" in msg and "missing" in msg and "→" in msg


@pytest.mark.e2e
def test_missing_place_and_geometry(tmp_path):
    msg = block(fails(tmp_path, fc(feat(name="x", amount="1 Md€"))), 'field "place"')
    assert "feature 1" in msg and "cannot be located" in msg and "48.59, 2.19" in msg


@pytest.mark.parametrize(("amount", "words"), [
    ("-5 milliards", "negative"),
    (-3, "negative"),
    ("0", "zero"),
    (0, "zero"),
    ("NaN", "not a finite number"),
    ("Infinity", "not a finite number"),
    ("beaucoup d'argent", "cannot read"),
    ("entre 50 et 30 milliards d'euros", "smaller bound first"),
])
@pytest.mark.e2e
def test_bad_amounts(tmp_path, amount, words):
    err = fails(tmp_path, fc(feat(**OK), feat(**{**OK, "amount": amount})))
    msg = block(err, 'field "amount"')
    assert "feature 2" in msg and words in msg and "non communiqué" in msg


@pytest.mark.e2e
def test_every_problem_of_a_file_in_one_run_in_file_order_with_lines(tmp_path):
    content = fc(feat(**{**OK, "amount": "beaucoup"}), feat(**OK),
                 feat(**{**OK, "place": "Saint-Denis"}), feat(**{**OK, "amount": "-1"}))
    text = json.dumps(content, indent=2)
    err = fails(tmp_path, text)
    lines = text.splitlines()
    starts = [i + 1 for i, line in enumerate(lines) if line == "    {"]
    assert len(starts) == 4
    assert re.search(rf'sites\.geojson, feature 1 \([^)]*line {starts[0]}\).*field "amount"', err)
    assert f"line {starts[2]}), field" in err and "Saint-Denis (93)" in err
    assert f"line {starts[3]})" in err
    assert err.index("feature 1") < err.index("feature 3") < err.index("feature 4")
    assert "3 problems to fix; nothing was written." in err


@pytest.mark.e2e
def test_coordinates_out_of_range(tmp_path):
    point = {"type": "Point", "coordinates": [200.0, 100.0]}
    msg = block(fails(tmp_path, fc(feat(point, **OK))), "out of range")
    assert 'field "geometry.coordinates"' in msg and "[longitude, latitude]" in msg
    assert "did you mean" not in msg
    swapped = {"type": "Point", "coordinates": [2.35, 148.85]}  # latitude can't be 148.85
    msg = block(fails(tmp_path, fc(feat(swapped, **OK))), "out of range")
    assert "did you mean [148.85, 2.35]" in msg


@pytest.mark.e2e
def test_swapped_coordinates_for_a_french_place_warn(tmp_path):
    # Marseille given as [lat, lon]: in range, but far from the place named.
    point = {"type": "Point", "coordinates": [43.2965, 5.3698]}
    cwd = folder(tmp_path, fc(feat(point, name="Port", place="Marseille", amount="1 Md€")))
    result = geo("build", cwd=cwd)
    msg = block(result.stderr, "outside Marseille")
    assert msg.startswith("warning") and "feature 1" in msg and 'field "geometry"' in msg
    assert "swapped" in msg


@pytest.mark.e2e
def test_place_contradicting_the_geometry_warns(tmp_path):
    lille = {"type": "Point", "coordinates": [3.06, 50.63]}
    cwd = folder(tmp_path, fc(feat(lille, name="Usine", place="Bordeaux", amount="1 Md€")))
    result = geo("build", cwd=cwd)
    msg = block(result.stderr, "outside Bordeaux")
    assert "near Lille" in msg and "feature 1" in msg


@pytest.mark.parametrize("kind", ["LineString", "Polygon", "MultiPoint"])
@pytest.mark.e2e
def test_non_point_geometry(tmp_path, kind):
    coords = {"LineString": [[0, 0], [1, 1]], "Polygon": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
              "MultiPoint": [[0, 0]]}[kind]
    msg = block(fails(tmp_path, fc(feat({"type": kind, "coordinates": coords}, **OK))), kind)
    assert 'field "geometry"' in msg and "Point" in msg and "→" in msg


@pytest.mark.e2e
def test_unknown_place(tmp_path):
    msg = block(fails(tmp_path, fc(feat(**{**OK, "place": "Xyzzyville-sur-Mer"}))), 'field "place"')
    assert "feature 1" in msg and "Xyzzyville" in msg and "coordinates" in msg


@pytest.mark.e2e
def test_ambiguous_place_lists_the_qualifiers(tmp_path):
    msg = block(fails(tmp_path, fc(feat(**{**OK, "place": "Valence"}))), 'field "place"')
    assert "Valence (26)" in msg and "Drôme" in msg and "qualifier" in msg


@pytest.mark.e2e
def test_validate_reports_like_build(tmp_path):
    err = fails(tmp_path, fc(feat(name="x", place="Lille")), "validate")
    assert "feature 1" in block(err, 'field "amount"')


@pytest.mark.e2e
def test_dropped_link_is_a_warning(tmp_path):
    cwd = folder(tmp_path, fc(feat(**OK, sources=[{"url": "https://ok.example/a"},
                                                  {"url": "javascript:alert(1)"}])))
    result = geo("build", cwd=cwd)
    msg = block(result.stderr, "sources[1].url")
    assert msg.startswith("warning") and "javascript:alert(1)" in msg and "https://" in msg
    assert "sources[0]" not in result.stderr


@pytest.mark.e2e
def test_control_characters_from_the_data_do_not_reach_the_terminal(tmp_path):
    place = "Lille\x1b[2J\u202e"
    err = fails(tmp_path, fc(feat(**{**OK, "place": place})))
    assert "\x1b" not in err and "\u202e" not in err
    assert "\\x1b" in err


# --- files with nothing, or too much --------------------------------------------------------


@pytest.mark.e2e
def test_zero_features_gives_a_valid_map_saying_so(tmp_path, open_map):
    cwd = folder(tmp_path, fc())
    result = geo("build", cwd=cwd)
    assert "0 sites" in result.stdout
    page_path = cwd / "output" / "map.html"
    html = page_path.read_text("utf-8")
    assert "Aucun site dans le fichier de données" in html  # the label, in the data blob
    page, report = open_map(page_path)
    page.wait_for_selector("html[data-geo-ready='1']")
    empty = page.locator(".geo-empty")
    assert empty.count() == 1 and empty.is_visible()
    assert "Aucun site dans le fichier de données pour l'instant." in empty.inner_text()
    assert report.page_errors == []


@pytest.mark.e2e
def test_missing_file(tmp_path):
    (tmp_path / "data").mkdir()
    result = geo("build", cwd=tmp_path, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "file not found" in result.stderr and "--data" in result.stderr


# --- --debug --------------------------------------------------------------------------------


@pytest.mark.e2e
def test_debug_shows_a_traceback_the_default_does_not(tmp_path):
    cwd = folder(tmp_path, "{,}")
    plain = geo("build", cwd=cwd, check=False)
    debug = geo("--debug", "build", cwd=cwd, check=False)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "invalid JSON" in plain.stderr
    assert debug.returncode != 0 and "Traceback" in debug.stderr and "DataError" in debug.stderr
    assert "invalid JSON" in debug.stderr


# --- limits ---------------------------------------------------------------------------------


@pytest.mark.e2e
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    """A sparse 250 MB file: nothing written to disk, and nothing big read into memory."""
    import tracemalloc

    from geo import contract as model
    from geo.core.errors import DataError

    path = tmp_path / "sites.geojson"
    with path.open("wb") as handle:
        handle.truncate(250 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as info:
            model.load(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024
    (problem,) = info.value.problems
    assert "250.0 MB" in problem.message and "200.0 MB" in problem.message and "split" in problem.hint
    # And through the real CLI.
    (tmp_path / "data").mkdir()
    path.rename(tmp_path / "data" / "sites.geojson")
    result = geo("build", cwd=tmp_path, check=False)
    assert result.returncode == 1 and "limit is 200.0 MB" in result.stderr
    assert "Traceback" not in result.stderr


def test_limits_can_be_lowered_and_are_checked(tmp_path, monkeypatch):
    from geo.contract import document as model

    monkeypatch.setattr(model, "MAX_FILE_BYTES", 100)
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(fc(feat(**OK))), "utf-8")
    with pytest.raises(model.DataError, match="the limit is 100 bytes"):
        model.load(path)


def test_more_than_100k_features_is_refused(tmp_path):
    from geo import contract as model

    doc = model.Document(path=tmp_path / "sites.geojson",
                         data=fc(*[{"type": "Feature"}] * (model.MAX_FEATURES + 1)))
    (problem,) = model.validate(doc)
    assert "100,001 features; the limit is 100,000" in problem.message
    assert problem.field == "features" and "split" in problem.hint
