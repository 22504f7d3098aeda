"""`geo validate` catches everything `geo build` would fail on, with a message that says what is
wrong, where, and what to type instead (issue #17).

Invalid Point geometries and blank places (they used to be mapped at a made-up place or
moved beside the map without a word), over-long text, a degenerate scale, and tiles that
cannot work (unknown, needing an API key, or served over plain http).
"""

from __future__ import annotations

import json

import pytest
from helpers import geo
from test_errors import OK, block, fails, fc, feat
from test_reading import both

# --- invalid Points, blank places ----------------------------------------------------------


@pytest.mark.parametrize("coordinates, words", [
    (["2.19", "48.59"], 'coordinates must be numbers, not ["2.19", "48.59"]'),
    ([True, 48.59], "coordinates must be numbers, not [true, 48.59]"),
    ([2.19], "two coordinates [longitude, latitude], not [2.19]"),
    ([], "two coordinates [longitude, latitude], not []"),
    (None, "a Point needs coordinates"),
])
@pytest.mark.e2e
def test_invalid_points_are_errors_naming_the_feature_and_the_field(tmp_path, coordinates, words):
    geometry = {"type": "Point"} if coordinates is None else {"type": "Point", "coordinates": coordinates}
    content = fc(feat(**OK), feat(geometry, name="Entrepôt", amount="2 Md€"))
    for err in both(tmp_path, content):
        msg = block(err, "feature 2")
        assert 'feature 2 ("Entrepôt"' in msg and 'field "geometry.coordinates"' in msg
        assert words in msg and "[2.19, 48.59]" in msg  # what to type instead


@pytest.mark.e2e
def test_a_place_of_spaces_only_is_an_error(tmp_path):
    for err in both(tmp_path, fc(feat(**OK), feat(name="Entrepôt", place="   ", amount="2 Md€"))):
        msg = block(err, "feature 2")
        assert 'field "place"' in msg and "only spaces" in msg and "→" in msg


@pytest.mark.e2e
def test_removing_the_place_of_a_geocoded_site_is_an_error_not_a_silent_move(seed_dir):
    geo("build", cwd=seed_dir)
    data = seed_dir / "data" / "sites.geojson"
    doc = json.loads(data.read_text("utf-8"))
    doc["features"][1]["properties"]["place"] = ""  # Cambrai, geocoded by the build
    data.write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    result = geo("build", cwd=seed_dir, check=False)
    assert result.returncode == 1
    msg = block(result.stderr, "feature 2")
    assert 'field "place"' in msg and "cannot be located" in msg


# --- messages that say what and where -----------------------------------------------------


@pytest.mark.e2e
def test_text_over_its_limit_says_too_long_and_the_limit(tmp_path):
    content = fc(feat(**{**OK, "name": "Usine " + "x" * 600, "status": "s" * 300}))
    err = fails(tmp_path, content, "validate")
    assert 'field "name": too long: 606 characters; the limit is 500' in err
    assert 'field "status": too long: 300 characters; the limit is 200' in err
    assert "x" * 100 not in err  # the value itself is not dumped


@pytest.mark.e2e
def test_a_degenerate_scale_is_a_data_error(tmp_path):
    content = {**fc(feat(**OK)), "settings": {"scale": {"v_max": 1e-300}}}
    for err in both(tmp_path, content):
        msg = block(err, "v_max")
        assert 'field "settings.scale.v_max"' in msg and "at least 1" in msg and "ValueError" not in err


@pytest.mark.parametrize("tiles, words", [
    ("Nope.Nothing", 'unknown tiles "Nope.Nothing"'),
    ("OpenStreetMap.Mapnk", "did you mean OpenStreetMap.Mapnik"),
    ("Thunderforest.OpenCycleMap", "need an API key"),
    ("TopPlusOpen.Color", "served over plain http"),
    ("MtbMap", "served over plain http"),
])
@pytest.mark.e2e
def test_tiles_that_cannot_work_are_caught_by_validate(tmp_path, tiles, words):
    content = {**fc(feat(**OK)), "settings": {"tiles": tiles}}
    for err in both(tmp_path, content):
        msg = block(err, "settings.tiles")
        assert words in msg and "→" in msg and "build_url" not in err


@pytest.mark.parametrize("tiles, words", [("Stamen.Nothing", "unknown tiles"),
                                          ("Esri.ArcticImagery", "plain http")])
@pytest.mark.e2e
def test_tiles_given_on_the_command_line_are_checked_before_any_work(seed_dir, tiles, words):
    result = geo("build", "--tiles", tiles, cwd=seed_dir, check=False)
    assert result.returncode == 2 and words in result.stderr and "Traceback" not in result.stderr
    assert not (seed_dir / "output").exists()


@pytest.mark.e2e
def test_https_tiles_get_exactly_their_origin_in_the_page(seed_dir):
    from urllib.parse import urlsplit

    from geo.render.tiles import resolve

    geo("build", "--tiles", "OpenStreetMap.France", cwd=seed_dir)
    page = (seed_dir / "output" / "map.html").read_text("utf-8")
    csp = page.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    img = csp.split("img-src ", 1)[1].split(";", 1)[0].split()
    url = urlsplit(resolve("OpenStreetMap.France").url)
    assert url.scheme == "https" and url.netloc.endswith("tile.openstreetmap.fr")
    assert img == ["data:", f"https://{url.netloc}"]
