"""The real `geo` command, run in a copy of the project folder."""

from __future__ import annotations

import json
import os

import pytest
from helpers import geo, read_features


def add_raw_feature(data_path, **props):
    data = json.loads(data_path.read_text("utf-8"))
    data["features"].append({"type": "Feature", "geometry": None, "properties": props})
    data_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")


@pytest.mark.e2e
def test_build_geocodes_a_new_site_and_regenerates_the_map(seed_dir):
    data_path = seed_dir / "data" / "sites.geojson"
    geo("build", cwd=seed_dir)
    before = read_features(data_path)
    first_map = (seed_dir / "output" / "map.html").read_text("utf-8")

    add_raw_feature(data_path, name="Usine de batteries", place="Dunkerque", amount="1,5 Md€",
                    my_field={"kept": True})
    result = geo("build", cwd=seed_dir)
    assert "5 sites" in result.stdout

    after = read_features(data_path)
    for fid, feature in before.items():
        assert after[fid] == feature, f"{fid} changed although it was not edited"
    (new_id,) = set(after) - set(before)
    new = after[new_id]
    props = new["properties"]
    assert props["amount_eur"] == {"kind": "exact", "max": 1500000000, "min": 1500000000, "text": "1,5 Md€"}
    assert props["location"]["precision"] == "commune" and props["location"]["code"] == "59183"
    assert props["my_field"] == {"kept": True}
    lon, lat = new["geometry"]["coordinates"]
    assert 50.9 < lat < 51.1 and 2.2 < lon < 2.5
    new_map = (seed_dir / "output" / "map.html").read_text("utf-8")
    assert new_map != first_map and "Usine de batteries" in new_map


@pytest.mark.e2e
def test_second_build_changes_nothing_and_check_passes(seed_dir):
    geo("build", cwd=seed_dir)
    data_path, map_path = seed_dir / "data" / "sites.geojson", seed_dir / "output" / "map.html"
    snapshot = (data_path.read_bytes(), map_path.read_bytes(), data_path.stat().st_mtime_ns,
                map_path.stat().st_mtime_ns)
    result = geo("build", cwd=seed_dir)
    assert "unchanged" in result.stdout
    assert snapshot == (data_path.read_bytes(), map_path.read_bytes(), data_path.stat().st_mtime_ns,
                        map_path.stat().st_mtime_ns)
    assert geo("build", "--check", cwd=seed_dir).returncode == 0


@pytest.mark.e2e
def test_check_fails_when_the_data_is_newer_than_the_map(seed_dir):
    geo("build", cwd=seed_dir)
    data_path = seed_dir / "data" / "sites.geojson"
    add_raw_feature(data_path, name="X", place="Lille", amount="2 Md€")
    before = data_path.read_bytes()
    result = geo("build", "--check", cwd=seed_dir, check=False)
    assert result.returncode == 1
    assert "out of date" in result.stderr and "map.html" in result.stderr
    assert data_path.read_bytes() == before  # --check writes nothing


@pytest.mark.e2e
def test_data_errors_exit_1_list_every_problem_and_write_nothing(seed_dir):
    geo("build", cwd=seed_dir)
    data_path = seed_dir / "data" / "sites.geojson"
    map_before = (seed_dir / "output" / "map.html").read_bytes()
    add_raw_feature(data_path, name="Bad amount", place="Lille", amount="beaucoup")
    add_raw_feature(data_path, name="Bad place", place="Saint-Denis", amount="1 Md€")
    data_before = data_path.read_bytes()
    result = geo("build", "--strict", cwd=seed_dir, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "feature 5" in result.stderr and '"amount"' in result.stderr
    assert "feature 6" in result.stderr and '"place"' in result.stderr
    assert "Saint-Denis (93)" in result.stderr  # the qualifier to add
    assert data_path.read_bytes() == data_before
    assert (seed_dir / "output" / "map.html").read_bytes() == map_before


@pytest.mark.e2e
def test_add_command(seed_dir):
    result = geo("add", "--name", "Campus", "--place", "Saint-Denis (93)", "--amount", "EUR 450 million",
                 "--investor", "Acme", "--country", "US", "--source-url", "https://example.org/a",
                 cwd=seed_dir)
    assert "added" in result.stdout
    features = read_features(seed_dir / "data" / "sites.geojson")
    new = next(f for f in features.values() if f["properties"]["name"] == "Campus")
    assert new["properties"]["location"]["code"] == "93066"
    assert new["properties"]["amount_eur"]["min"] == 450e6


@pytest.mark.e2e
def test_geocode_json(seed_dir):
    result = geo("geocode", "Cambrai", "--json", cwd=seed_dir)
    answer = json.loads(result.stdout)
    assert answer["code"] == "59122" and answer["precision"] == "commune" and answer["ambiguous"] is False
    for key in ("query", "lat", "lon", "name", "source", "candidates"):
        assert key in answer
    ambiguous = geo("geocode", "Saint-Denis", "--json", cwd=seed_dir, check=False)
    assert ambiguous.returncode == 1
    assert json.loads(ambiguous.stdout)["ambiguous"] is True


@pytest.mark.e2e
def test_usage_error_exits_2(seed_dir):
    assert geo("build", "--no-such-flag", cwd=seed_dir, check=False).returncode == 2
    assert geo("build", "--lang", "de", cwd=seed_dir, check=False).returncode == 2


@pytest.mark.e2e
def test_validate_writes_nothing(seed_dir):
    data_path = seed_dir / "data" / "sites.geojson"
    add_raw_feature(data_path, name="Y", place="Lille", amount="2 Md€")
    before = data_path.read_bytes()
    result = geo("validate", cwd=seed_dir)
    assert "ok: 5 sites" in result.stdout and "would be updated" in result.stdout
    assert data_path.read_bytes() == before
    assert not (seed_dir / "output").exists()


def test_read_only_data_folder_still_renders(seed_dir, monkeypatch):
    """Simulated in-process: the suite runs as root in CI, and root ignores permissions."""
    import errno
    import tempfile

    import geo
    from geo.core.files import tempfile as io_tempfile

    data_dir = seed_dir / "data"
    real_mkstemp = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and os.path.samefile(dir, data_dir):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(io_tempfile, "mkstemp", mkstemp)
    data_path = data_dir / "sites.geojson"
    add_raw_feature(data_path, name="Y", place="Lille", amount="2 Md€")
    before = data_path.read_bytes()
    out = seed_dir / "out" / "map.html"
    result = geo.build(data_path, out)
    assert out.exists() and result.map_written
    assert data_path.read_bytes() == before
    assert any("could not save" in w.message for w in result.warnings)


@pytest.mark.e2e
def test_python_m_geo_and_help(seed_dir):
    result = geo("--help", cwd=seed_dir)
    for name in ("build", "validate", "geocode", "render", "add", "embed"):
        assert name in result.stdout


@pytest.mark.e2e
def test_editing_a_place_geocodes_it_again(seed_dir):
    data_path = seed_dir / "data" / "sites.geojson"
    data = json.loads(data_path.read_text("utf-8"))
    brookfield = next(f for f in data["features"] if f["id"].startswith("brookfield"))
    brookfield["properties"]["place"] = "Lille"
    data_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    geo("build", cwd=seed_dir)
    moved = read_features(data_path)[brookfield["id"]]
    assert moved["properties"]["location"]["code"] == "59350"
    lon, lat = moved["geometry"]["coordinates"]
    assert 50.5 < lat < 50.75 and 2.9 < lon < 3.2  # Lille, not Cambrai any more


@pytest.mark.e2e
def test_user_coordinates_are_kept_and_checked_against_the_place(seed_dir):
    data_path = seed_dir / "data" / "sites.geojson"
    data = json.loads(data_path.read_text("utf-8"))
    # A point in Essonne given as [lat, lon] by mistake, for a place in Essonne.
    data["features"].append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [48.59, 2.19]},
                             "properties": {"name": "Swapped", "place": "Essonne", "amount": "1 Md€"}})
    data["features"].append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [2.19, 48.59]},
                             "properties": {"name": "Right", "place": "Essonne", "amount": "1 Md€"}})
    data_path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    result = geo("build", cwd=seed_dir)
    assert "feature 5" in result.stderr and "outside Essonne" in result.stderr
    assert "feature 6" not in result.stderr
    features = list(read_features(data_path).values())
    right = features[5]
    assert right["geometry"]["coordinates"] == [2.19, 48.59]
    assert right["properties"]["location"]["precision"] == "point"
    assert "Essonne" in right["properties"]["location"]["context"]


@pytest.mark.e2e
def test_shape_errors_and_amount_errors_are_reported_in_one_run(seed_dir):
    data_path = seed_dir / "data" / "sites.geojson"
    add_raw_feature(data_path, place="Lille", amount="1 Md€")  # no name: a shape error
    add_raw_feature(data_path, name="Bad amount", place="Lille", amount="beaucoup")
    result = geo("validate", cwd=seed_dir, check=False)
    assert result.returncode == 1
    assert "feature 5" in result.stderr and '"name"' in result.stderr
    assert "feature 6" in result.stderr and '"amount"' in result.stderr
    assert "lille" not in result.stderr.lower().split("feature 6")[1].split("\n")[0]  # no invented id


@pytest.mark.parametrize("args", [("validate",), ("geocode", "Cambrai")])
@pytest.mark.e2e
def test_validate_and_geocode_stay_light(seed_dir, args):
    """They run in editors' save hooks and scripts: no folium, geopandas or shapely import."""
    result = geo("--debug", *args, cwd=seed_dir, env={"PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert imported and not imported & {"folium", "geopandas", "shapely", "pandas", "branca"}
