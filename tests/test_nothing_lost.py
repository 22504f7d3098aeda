"""Nothing lost: a failed, crashed or killed run leaves every file as it was; a good run keeps
every byte of meaning the user put in (unknown members, unicode, big numbers, order)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import geo

from geo.cli import main
from geo.core import files as geo_io

FIXTURES = Path(__file__).parent / "fixtures"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under data/ and output/ (hidden temp files included), by relative path."""
    files = {}
    for sub in ("data", "output"):
        base = root / sub
        if base.exists():
            for path in sorted(base.rglob("*")):
                if path.is_file():
                    files[str(path.relative_to(root))] = path.read_bytes()
    return files


def add_raw_feature(data_path: Path, **props) -> None:
    data = json.loads(data_path.read_text("utf-8"))
    data["features"].append({"type": "Feature", "geometry": None, "properties": props})
    data_path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")


@pytest.fixture
def built(seed_dir: Path) -> Path:
    """The seed folder after one build, with one new site pending (so both files would change)."""
    geo("build", cwd=seed_dir)
    add_raw_feature(seed_dir / "data" / "sites.geojson", name="Usine", place="Dunkerque",
                    amount="1,5 Md€")
    return seed_dir


def run_in_process(folder: Path, monkeypatch, *args: str):
    monkeypatch.chdir(folder)
    return CliRunner().invoke(main, list(args or ["build"]), catch_exceptions=False)


@pytest.mark.e2e
def test_data_error_with_strict_leaves_everything_as_it_was(built):
    add_raw_feature(built / "data" / "sites.geojson", name="Bad", place="Lille", amount="beaucoup")
    before = snapshot(built)
    result = geo("build", "--strict", cwd=built, check=False)
    assert result.returncode == 1
    assert snapshot(built) == before


@pytest.mark.e2e
def test_a_draft_loses_nothing_the_site_to_check_is_kept_byte_for_byte(built):
    """Without --strict, a site that does not resolve makes a draft: the others are mapped and
    saved, and that one is kept in the data file exactly as typed (issue 14)."""
    data_path = built / "data" / "sites.geojson"
    add_raw_feature(data_path, name="Bad", place="Lille", amount="beaucoup", mine=[1, {"x": None}])
    add_raw_feature(data_path, name="Good", place="Lille", amount="1 Md€")
    typed = json.loads(data_path.read_text("utf-8"))["features"][-2]
    result = geo("build", cwd=built, check=False)
    assert result.returncode == 1 and "DRAFT" in result.stdout
    features = json.loads(data_path.read_text("utf-8"))["features"]
    assert features[-2] == typed  # no id, no amount_eur, no location, no geometry: as typed
    assert features[-1]["properties"]["location"]["name"] == "Lille" and features[-1]["id"]
    page = (built / "output" / "map.html").read_text("utf-8")
    assert 'class="geo-draft"' in page and "beaucoup" in page


@pytest.mark.e2e
def test_exception_while_rendering_leaves_everything_as_it_was(built, monkeypatch):
    import geo.render.page

    def boom(*args, **kwargs):
        raise RuntimeError("simulated bug in the renderer")

    monkeypatch.setattr(geo.render.page, "render_html", boom)
    before = snapshot(built)
    result = run_in_process(built, monkeypatch)
    assert result.exit_code == 1
    assert "simulated bug in the renderer" in result.output and "nothing was written" in result.output
    assert snapshot(built) == before


@pytest.mark.parametrize("fail_on_call", [1, 2])
@pytest.mark.e2e
def test_full_disk_leaves_everything_as_it_was(built, monkeypatch, fail_on_call):
    """The disk fills up half-way through writing the map (1) or the data file (2)."""
    calls = []

    def full_disk(handle, data):
        calls.append(len(data))
        if len(calls) == fail_on_call:
            handle.write(data[: len(data) // 2])
            handle.flush()
            raise OSError(errno.ENOSPC, "No space left on device")
        handle.write(data)
        handle.flush()

    monkeypatch.setattr(geo_io, "_write_fd", full_disk)
    before = snapshot(built)
    result = run_in_process(built, monkeypatch)
    assert result.exit_code == 1
    assert "disk is full" in result.output and "Traceback" not in result.output
    assert len(calls) == fail_on_call
    assert snapshot(built) == before  # no half file, no leftover temp file


def _big_folder(root: Path, n: int = 1500) -> Path:
    (root / "data").mkdir(parents=True)
    places = ["Lille", "Cambrai (Nord)", "Dunkerque", "Essonne", "Marseille", "Bordeaux",
              "Toulouse", "Nantes", "Strasbourg", "Rennes", "France", "Lyon"]
    features = [{"type": "Feature", "geometry": None,
                 "properties": {"name": f"Site {i}", "place": places[i % len(places)],
                                "amount": f"{i + 1} millions d'euros", "notes": "n" * 200}}
                for i in range(n)]
    (root / "data" / "sites.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    (root / "output").mkdir()
    (root / "output" / "map.html").write_text("<!doctype html><p>previous map</p>", "utf-8")
    return root


@pytest.mark.e2e
def test_killed_process_leaves_every_file_whole(tmp_path):
    reference = _big_folder(tmp_path / "reference")
    old = snapshot(reference)
    started = time.monotonic()
    geo("build", cwd=reference)
    duration = time.monotonic() - started
    new = snapshot(reference)
    assert new != old
    killed_before_the_end = 0
    for i, fraction in enumerate((0.15, 0.35, 0.55, 0.75)):
        folder = _big_folder(tmp_path / f"run{i}")
        proc = subprocess.Popen([sys.executable, "-m", "geo", "build"], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * fraction)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_before_the_end += 1
        proc.wait(timeout=60)
        after = snapshot(folder)
        assert set(after) == set(old), f"leftover files after kill at {fraction:.0%}: {set(after) - set(old)}"
        for name, data in after.items():  # each file is the old one or the new one, whole
            assert data in (old[name], new[name]), f"{name} is half-written after kill at {fraction:.0%}"
        if fraction <= 0.55:
            assert after == old, f"files changed although the run was killed at {fraction:.0%}"
    assert killed_before_the_end >= 2


def _strip_tool(props: dict) -> dict:
    return {k: v for k, v in props.items() if k not in ("amount_eur", "location")}


@pytest.mark.e2e
def test_round_trip_keeps_every_unknown_member_in_order(tmp_path):
    (tmp_path / "data").mkdir()
    source = FIXTURES / "roundtrip.geojson"
    shutil.copy(source, tmp_path / "data" / "sites.geojson")
    geo("build", cwd=tmp_path)
    original = json.loads(source.read_text("utf-8"))
    written_text = (tmp_path / "data" / "sites.geojson").read_text("utf-8")
    written = json.loads(written_text)

    # Top level: every member kept with its value; the user's members keep their relative order.
    assert {k: v for k, v in written.items() if k != "features"} == \
        {k: v for k, v in original.items() if k != "features"}
    user_order = [k for k in original if k not in ("type", "settings", "features")]
    assert [k for k in written if k in user_order] == user_order
    assert list(written["settings"]) == list(original["settings"])
    assert written["x-provenance"]["big"] == 340282366920938463463374607431768211457 > 2**64

    for before, after in zip(original["features"], written["features"], strict=True):
        extra = [k for k in before if k not in ("type", "id", "geometry", "properties")]
        assert [k for k in after if k in extra] == extra
        assert all(after[k] == before[k] for k in extra)
        props_before, props_after = before["properties"], _strip_tool(after["properties"])
        assert props_after == props_before  # every value, unicode and big ints included
        unknown = [k for k in props_before if k not in ("name", "investor", "place", "amount",
                                                        "sources", "notes")]
        assert [k for k in props_after if k in unknown] == unknown
        assert "amount_eur" in after["properties"] and after["geometry"]["type"] == "Point"
    first = written["features"][0]["properties"]
    assert first["big_int"] == 123456789012345678901234567890
    assert first["neg_big"] == -(2**64) - 1
    assert first["rtl"] == "\u202eelif.exe\u202c שלום עולם"
    assert first["combining"] == "Cafe\u0301 n\u0303 Z\u0327\u0301"  # not normalised to NFC
    assert first["exp"] == 1e300 and first["float"] == 0.1
    assert "🚀" in written_text and "\\ud83d" not in written_text  # readable UTF-8, not escapes

    # A second build is a no-op: the canonical form is a fixed point.
    data_before = (tmp_path / "data" / "sites.geojson").read_bytes()
    geo("build", cwd=tmp_path)
    assert (tmp_path / "data" / "sites.geojson").read_bytes() == data_before


@pytest.mark.e2e
def test_concurrent_builds_give_the_single_run_result(seed_dir, tmp_path):
    single = tmp_path / "single"
    shutil.copytree(seed_dir, single)
    add_raw_feature(single / "data" / "sites.geojson", name="Usine", place="Dunkerque", amount="1 Md€")
    pristine = snapshot(single)
    geo("build", cwd=single)
    expected = snapshot(single)
    for attempt in range(3):
        folder = tmp_path / f"concurrent{attempt}"
        shutil.copytree(seed_dir, folder)
        for name, data in pristine.items():
            (folder / name).write_bytes(data)
        procs = [subprocess.Popen([sys.executable, "-m", "geo", "build"], cwd=folder,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outcomes = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outcomes
        assert snapshot(folder) == expected, f"attempt {attempt}: differs from a single run"
        json.loads((folder / "data" / "sites.geojson").read_text("utf-8"))


@pytest.mark.e2e
def test_folder_lock_serialises(tmp_path):
    """Two holders of the lock never overlap (the lock is what keeps concurrent builds apart)."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from geo.core.files import folder_lock\n"
        "with folder_lock(Path(sys.argv[1])):\n"
        "    log = Path(sys.argv[2])\n"
        "    with log.open('a') as f: f.write('in\\n')\n"
        "    time.sleep(0.3)\n"
        "    with log.open('a') as f: f.write('out\\n')\n")
    log = tmp_path / "log.txt"
    procs = [subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(log)],
                              cwd=Path(__file__).resolve().parent.parent) for _ in range(3)]
    for p in procs:
        assert p.wait(timeout=60) == 0
    assert log.read_text().split() == ["in", "out"] * 3
    assert sorted(os.listdir(tmp_path)) == ["log.txt"]  # no lock file left behind
