"""geo writes only regular files (or new paths), follows symbolic links, cleans up after itself,
and never writes a file it could not read back.

Device nodes are made with `mknod` under the test's own temporary folder (CI runs as root,
where `mknod` works); no real /dev node is ever written to or replaced.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import REPO_ROOT, device, geo, run_limited
from test_concurrency import holding
from test_errors import fc, feat, folder
from test_nothing_lost import add_raw_feature, snapshot

from geo.cli import main

pytestmark = pytest.mark.e2e


def still_device(path: Path, major: int, minor: int) -> bool:
    info = os.lstat(path)
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(major, minor)


@pytest.fixture
def pending(seed_dir: Path) -> Path:
    """The seed folder after a build, with one site to geocode (both files would change)."""
    geo("build", cwd=seed_dir)
    add_raw_feature(seed_dir / "data" / "sites.geojson", name="Usine", place="Dunkerque",
                    amount="1,5 Md€")
    return seed_dir


# --- symbolic links ---------------------------------------------------------------------------


def test_symlinked_data_and_map_are_followed_and_their_targets_updated(pending, tmp_path):
    repo = tmp_path / "shared"
    (repo / "data").mkdir(parents=True)
    (repo / "www").mkdir()
    data, out = pending / "data" / "sites.geojson", pending / "output" / "map.html"
    os.replace(data, repo / "data" / "sites.geojson")
    os.replace(out, repo / "www" / "map.html")
    data.symlink_to(repo / "data" / "sites.geojson")
    out.symlink_to(os.path.relpath(repo / "www" / "map.html", out.parent))
    old_map = (repo / "www" / "map.html").read_bytes()

    result = geo("build", cwd=pending)
    assert "updated: data/sites.geojson" in result.stdout and "wrote: output/map.html" in result.stdout
    assert data.is_symlink() and out.is_symlink()
    site = json.loads((repo / "data" / "sites.geojson").read_text("utf-8"))["features"][-1]
    assert site["properties"]["location"]["name"] == "Dunkerque"
    assert (repo / "www" / "map.html").read_bytes() != old_map
    assert "Usine" in (repo / "www" / "map.html").read_text("utf-8")
    assert sorted(os.listdir(repo / "www")) == ["map.html"]  # no temporary left there
    assert geo("build", "--check", cwd=pending).returncode == 0


def test_the_target_folder_of_a_link_is_locked(pending, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    out = pending / "output" / "map.html"
    os.replace(out, www / "map.html")
    out.symlink_to(www / "map.html")
    before = snapshot(pending), (www / "map.html").read_bytes()
    with holding(www):
        result = geo("build", cwd=pending, check=False, env={"GEO_LOCK_TIMEOUT": "2"})
    assert result.returncode == 1 and "waiting for another geo command on" in result.stderr
    assert str(www) in result.stderr
    assert (snapshot(pending), (www / "map.html").read_bytes()) == before


# --- what is not a regular file ---------------------------------------------------------------


@pytest.mark.parametrize("command", ["build", "render"])
def test_a_device_at_the_output_path_is_refused_and_left_alone(pending, tmp_path, command):
    null = device(tmp_path / "null", 1, 3)  # a copy of /dev/null
    before = snapshot(pending)
    result = geo(command, "--out", str(null), cwd=pending, check=False)
    assert result.returncode == 1, result.stderr
    assert "is a character device, not a file" in result.stderr and "Traceback" not in result.stderr
    assert still_device(null, 1, 3)
    assert snapshot(pending) == before  # the data file is not rewritten either
    assert sorted(os.listdir(tmp_path)) == ["null", "work"]


@pytest.mark.parametrize("command", ["build", "render"])
def test_the_map_never_overwrites_the_data_file(pending, command):
    before = snapshot(pending)
    for out in ("data/sites.geojson", "data/../data/sites.geojson"):
        result = geo(command, "--out", out, cwd=pending, check=False)
        assert result.returncode == 1 and "are the same file" in result.stderr, result.stderr
    assert snapshot(pending) == before


def test_a_link_to_a_device_is_refused(pending, tmp_path):
    null = device(tmp_path / "null", 1, 3)
    out = pending / "output" / "map.html"
    out.unlink()
    out.symlink_to(null)
    result = geo("build", cwd=pending, check=False)
    assert result.returncode == 1 and "is a character device" in result.stderr
    assert str(null) in result.stderr  # says where the link leads
    assert out.is_symlink() and still_device(null, 1, 3)


def test_png_to_a_device_is_refused_before_chromium_starts(pending, tmp_path):
    null = device(tmp_path / "null", 1, 3)
    result = geo("render", "--offline", "--png", str(null), cwd=pending, check=False)
    assert result.returncode == 1 and "is a character device" in result.stderr
    assert still_device(null, 1, 3)


def test_a_named_pipe_or_a_folder_at_the_output_path_is_refused(pending, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = geo("build", "--out", str(fifo), cwd=pending, check=False)  # no reader: must not hang
    assert result.returncode == 1 and "is a named pipe (FIFO)" in result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    folder = tmp_path / "site"
    folder.mkdir()
    result = geo("build", "--out", str(folder), cwd=pending, check=False)
    assert result.returncode == 1 and "is a folder" in result.stderr
    assert os.listdir(folder) == []


def test_an_endless_device_at_the_output_path_is_not_read(pending, tmp_path):
    """`--out` naming a copy of /dev/zero: refused at once (it used to be read to the end of memory)."""
    zero = device(tmp_path / "zero", 1, 5)
    result = run_limited(["build", "--out", str(zero)], pending)
    assert result.returncode == 1 and "is a character device" in result.stderr, result.stderr
    assert still_device(zero, 1, 5)


def test_an_existing_map_is_read_only_if_it_may_be_the_same(pending):
    """A huge (sparse) old file at the output path is compared by its size, not read."""
    out = pending / "output" / "map.html"
    with out.open("wb") as handle:
        handle.truncate(8 * 1024 ** 3)
    result = run_limited(["build"], pending)
    assert result.returncode == 0, result.stderr
    assert "wrote: output/map.html" in result.stdout and out.stat().st_size < 10 ** 6


# --- temporaries left by a killed run ---------------------------------------------------------

KILLED_WHILE_WRITING = textwrap.dedent("""
    import os, signal, sys
    import geo.core.files as files
    from geo.cli import main
    def killed(staged):  # staged on disk, not yet renamed: as if killed right now
        os.kill(os.getpid(), signal.SIGKILL)
    files.commit = killed
    import geo.pipeline
    geo.pipeline.commit = killed
    sys.argv = ["geo", "build"]
    main()
""")

HOLDER = textwrap.dedent("""
    import fcntl, os, sys, time
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("held", flush=True)
    time.sleep(120)
""")


def test_a_killed_run_leaves_temporaries_that_the_next_run_removes(pending):
    before = snapshot(pending)
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_WRITING], cwd=pending,
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)})
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = set(snapshot(pending)) - set(before)
    assert {Path(p).parent.name for p in left} == {"data", "output"}  # the killed run's temporaries
    assert all(Path(p).name.endswith(".tmp") for p in left)
    # Besides them: one being written by a live process, and files that only look alike.
    live = pending / "data" / ".sites.geojson.l1ve0000.tmp"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(live)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        lookalikes = [pending / "data" / ".sites.geojson.backup.tmp",        # not 8 characters
                      pending / "data" / ".other.geojson.abcd1234.tmp",      # another file's
                      pending / "data" / "sites.geojson.abcd1234.tmp"]       # not hidden
        for path in lookalikes:
            path.write_text("not geo's", "utf-8")
        (pending / "data" / ".sites.geojson.dir00000.tmp").mkdir()           # not a file

        result = geo("build", cwd=pending)
        assert "updated: data/sites.geojson" in result.stdout
        after = snapshot(pending)
        assert not left & set(after), "the killed run's temporaries are still there"
        assert live.exists() and all(p.exists() for p in lookalikes)
        assert (pending / "data" / ".sites.geojson.dir00000.tmp").is_dir()
    finally:
        holder.kill()
        holder.wait()


def test_temporaries_of_a_symlinked_file_are_removed_in_the_target_folder(pending, tmp_path):
    www = tmp_path / "www"
    www.mkdir()
    out = pending / "output" / "map.html"
    os.replace(out, www / "map.html")
    out.symlink_to(www / "map.html")
    stale = www / ".map.html.k1lled00.tmp"
    stale.write_bytes(b"<!doctype html> half a page")
    geo("build", cwd=pending)
    assert sorted(os.listdir(www)) == ["map.html"]


# --- what geo writes, it can read back -----------------------------------------------------


@pytest.mark.e2e
def test_a_file_geo_would_write_over_the_limit_is_refused_before_writing(tmp_path, monkeypatch):
    """A minified file under the limit that would come out over it once indented and enriched
    (the limit is lowered here so that a small file shows it)."""
    from geo.contract import document

    sites = [feat(name=f"Site {i}", place="48.59, 2.19", amount=f"{i + 1} M€") for i in range(40)]
    minified = json.dumps(fc(*sites), separators=(",", ":"), ensure_ascii=False).encode()
    monkeypatch.setattr(document, "MAX_FILE_BYTES", len(minified) + 100)
    cwd = folder(tmp_path, minified)
    monkeypatch.chdir(cwd)
    for command in ("validate", "build", "add"):
        extra = ["--name", "X", "--place", "Lille", "--amount", "1 M€"] if command == "add" else []
        result = CliRunner().invoke(main, [command, *extra])
        assert result.exit_code == 1, (command, result.output)
        assert "as geo writes it" in result.output and "nothing was written" in result.output
        assert "split" in result.output
        assert (cwd / "data" / "sites.geojson").read_bytes() == minified
        assert not (cwd / "output").exists()
    assert sorted(os.listdir(cwd / "data")) == ["sites.geojson"]
