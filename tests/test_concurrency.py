"""Commands running at the same time lose nothing, and a command kept waiting says so.

Every command that writes (`geo build`, `geo add`, `geo render`) holds the lock of the
folders it reads and writes, re-reads the data file under it, and gives up (exit 1,
nothing changed) after `--lock-timeout` / GEO_LOCK_TIMEOUT seconds.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import REPO_ROOT, geo
from test_nothing_lost import snapshot

pytestmark = pytest.mark.e2e

#: Long enough for any number of waiting commands on a loaded machine.
PATIENT = {"GEO_LOCK_TIMEOUT": "600"}


def start(*args: str, cwd: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "geo", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})


def names(data: Path) -> list[str]:
    return [f["properties"]["name"] for f in json.loads(data.read_text("utf-8"))["features"]]


@contextlib.contextmanager
def holding(folder: Path):
    """This test process holds `folder`'s lock, as another geo command would."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def locked_by_someone(folder: Path) -> bool:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def test_ten_parallel_adds_keep_ten_sites(seed_dir):
    data = seed_dir / "data" / "sites.geojson"
    before = names(data)
    added = [f"Entrepôt {i}" for i in range(10)]
    procs = [start("add", "--name", name, "--place", "Dunkerque", "--amount", f"{i + 1} M€",
                   cwd=seed_dir, env=PATIENT) for i, name in enumerate(added)]
    outcomes = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0] * 10, outcomes
    assert all("added" in out for out, _ in outcomes)
    after = names(data)
    assert sorted(after) == sorted(before + added)
    ids = [f["id"] for f in json.loads(data.read_text("utf-8"))["features"]]
    assert len(set(ids)) == len(ids) == 14
    geo("validate", cwd=seed_dir)


def _slow_folder(root: Path, n: int = 2500) -> Path:
    """A data file whose build takes a few seconds (every site to geocode)."""
    (root / "data").mkdir(parents=True)
    places = ["Lille", "Cambrai (Nord)", "Dunkerque", "Essonne", "Marseille", "Bordeaux",
              "Toulouse", "Nantes", "Strasbourg", "Rennes", "Lyon"]
    features = [{"type": "Feature", "geometry": None,
                 "properties": {"name": f"Site {i}", "place": places[i % len(places)],
                                "amount": f"{i + 1} millions d'euros"}} for i in range(n)]
    (root / "data" / "sites.geojson").write_text(
        json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return root


def test_an_add_racing_a_build_is_kept(tmp_path):
    folder = _slow_folder(tmp_path)
    data = folder / "data" / "sites.geojson"
    build = start("build", cwd=folder, env=PATIENT)
    deadline = time.monotonic() + 120
    while not locked_by_someone(folder / "data"):  # the build has read the file, or is about to
        assert build.poll() is None and time.monotonic() < deadline, build.communicate()
        time.sleep(0.02)
    add = start("add", "--name", "Usine de batteries", "--place", "Dunkerque", "--amount", "1,5 Md€",
                cwd=folder, env=PATIENT)
    built, added = build.communicate(timeout=600), add.communicate(timeout=600)
    assert build.returncode == 0, built
    assert add.returncode == 0, added
    features = json.loads(data.read_text("utf-8"))["features"]
    assert [f["properties"]["name"] for f in features][-1] == "Usine de batteries"
    assert len(features) == 2501
    # The build's work is kept too: every site it geocoded still has its location.
    assert all(f["properties"].get("location") for f in features)


@pytest.mark.parametrize("command", [
    ("build",),
    ("add", "--name", "Usine", "--place", "Lille", "--amount", "1 Md€"),
    ("render",),
])
def test_every_writing_command_waits_says_so_and_gives_up(seed_dir, command):
    geo("build", cwd=seed_dir)
    before = snapshot(seed_dir)
    started = time.monotonic()
    with holding(seed_dir / "data"):
        result = geo(*command, cwd=seed_dir, check=False, env={"GEO_LOCK_TIMEOUT": "3"})
    waited = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert "waiting for another geo command on data/ …" in result.stderr
    assert "3 s" in result.stderr and "--lock-timeout" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited >= 3
    assert snapshot(seed_dir) == before


def test_the_option_sets_the_timeout_and_a_freed_lock_lets_the_command_run(seed_dir):
    geo("build", cwd=seed_dir)
    with holding(seed_dir / "output"):
        quick = geo("build", "--lock-timeout", "0", cwd=seed_dir, check=False)
    assert quick.returncode == 1 and "for 0 s" in quick.stderr
    assert "waiting for another" not in quick.stderr  # it gave up at once, before saying it waits

    with holding(seed_dir / "data"):
        proc = start("add", "--name", "Usine", "--place", "Lille", "--amount", "1 Md€",
                     "--lock-timeout", "120", cwd=seed_dir)
        time.sleep(2.5)
        assert proc.poll() is None  # still waiting
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "waiting for another geo command on data/ …" in err and "added" in out
    assert "Usine" in names(seed_dir / "data" / "sites.geojson")


def test_the_lock_timeout_is_in_the_help_with_its_variable():
    result = subprocess.run([sys.executable, "-m", "geo", "build", "--help"], capture_output=True,
                            text=True, cwd=REPO_ROOT, check=True)
    assert "--lock-timeout SECONDS" in result.stdout and "GEO_LOCK_TIMEOUT" in result.stdout
