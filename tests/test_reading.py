"""The data file read strictly, and refused cheaply when it is absurd (issue #17).

Duplicate keys at any level, files that would cost gigabytes to parse, nesting deep enough
to crash the tools that walk it, UTF-16 and UTF-32 files, and paths that are not readable
files: each gets a message that names the file (and the line, the feature and the field
when there is one) and says what to do, with exit code 1.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import device, geo, run_limited, unavailable
from test_errors import OK, block, fails, fc, feat, folder


def both(tmp_path: Path, content) -> tuple[str, str]:
    """`geo validate` and `geo build --strict` on CONTENT: both exit 1 and change nothing; their
    stderr. (Without --strict, a build maps what resolves and lists the rest: a draft.)"""
    validated = fails(tmp_path, content, "validate")
    built = fails(tmp_path, content, "build", "--strict")
    return validated, built


# --- duplicate keys ------------------------------------------------------------------------

SEED = json.dumps(fc(feat(**OK), feat(name="Entrepôt", place="Lyon", amount="2 Md€")), indent=1,
                  ensure_ascii=False)


@pytest.mark.e2e
def test_a_second_features_key_is_an_error_naming_its_line(tmp_path):
    text = SEED[:-2] + ',\n "features": []\n}'  # the sites, then an empty list under the same key
    for err in both(tmp_path, text):
        msg = block(err, "appears twice")
        assert 'the key "features" appears twice' in msg
        line = text[:text.rindex('"features"')].count("\n") + 1
        assert f"sites.geojson:{line}" in msg and f"(line {line})" in msg
        assert "keep one" in msg


@pytest.mark.e2e
def test_a_duplicate_key_inside_a_feature_names_the_feature_and_the_field(tmp_path):
    text = SEED.replace('"place": "Lyon"', '"place": "Lyon",\n    "place": "Paris"')
    msg = block(fails(tmp_path, text, "validate"), "appears twice")
    line = text[:text.index('"place": "Paris"')].count("\n") + 1
    assert 'feature 2 ("Entrepôt"' in msg and 'field "place"' in msg and f"line {line}" in msg


def test_duplicate_keys_at_any_depth_are_refused_and_unique_ones_parse_as_before(tmp_path):
    from geo.contract import DataError, parse_bytes

    for text in ('{"a": {"b": [{"c": 1, "c": 1}]}}', '{"type": 1, "type": 1}',
                 '[{"x": {}}, {"y": 1, "z": {"y": 2}, "y": 3}]', '{"\\u0061": 1, "a": 2}'):
        with pytest.raises(DataError, match="appears twice"):
            parse_bytes(text.encode(), tmp_path / "f.geojson")
    text = '{"a": {"a": {"a": [1, {"a": 2}]}}, "b": "a", "c": {"b": 1}}'
    assert parse_bytes(text.encode(), tmp_path / "f.geojson").data == json.loads(text)


# --- absurd files cost little to refuse ----------------------------------------------------


@pytest.mark.e2e
def test_two_hundred_megabytes_of_empty_features_are_refused_cheaply(tmp_path):
    """199 MiB of `{}` features took 5.1 GB to refuse; now a machine with 1.5 GB says why."""
    (tmp_path / "data").mkdir()
    head, tail = b'{"type": "FeatureCollection", "features": [', b"{}]}"
    count = (199 * 1024 * 1024 - len(head) - len(tail)) // 3
    with (tmp_path / "data" / "sites.geojson").open("wb") as handle:
        handle.write(head)
        for _ in range(count // 1_000_000):
            handle.write(b"{}," * 1_000_000)
        handle.write(b"{}," * (count % 1_000_000) + tail)
    for command in ("validate", "build"):
        result = run_limited([command], tmp_path)
        assert result.returncode == 1, result.stderr
        msg = block(result.stderr, "features")
        assert "more than 100,000 features; the limit is 100,000" in msg and "split" in msg
    assert not (tmp_path / "output").exists()


@pytest.mark.e2e
def test_an_object_bomb_inside_a_feature_is_refused_cheaply(tmp_path):
    bomb = b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"x": [' \
        + b"[]," * 20_000_000 + b'[]]}}]}'
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sites.geojson").write_bytes(bomb)
    result = run_limited(["validate"], tmp_path, gigabytes=1.0)
    assert result.returncode == 1 and "objects and arrays" in result.stderr, result.stderr


# --- deep nesting -----------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [490, 700, 999, 5000])
@pytest.mark.e2e
def test_deep_nesting_is_a_clean_error(tmp_path, depth):
    text = json.dumps(fc(feat(**OK)))[:-3] + ', "x": ' + "[" * depth + "]" * depth + "}]}"
    for err in both(tmp_path, text):
        assert "nested more than 100 levels deep" in err and "RecursionError" not in err


def test_the_nesting_limit_holds_in_a_process_with_threads_too():
    """There the parser cannot be bounded (the recursion limit is shared by all threads):
    the parsed tree is walked instead, with the same answer."""
    import threading

    from geo.contract import strict

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert threading.active_count() > 1
        assert strict.loads('{"a":' * 100 + "1" + "}" * 100)
        for depth in (101, 150, 999, 5000):
            with pytest.raises(strict.TooDeep):
                strict.loads('{"a":' * depth + "1" + "}" * depth)
    finally:
        stop.set()
        thread.join()


@pytest.mark.e2e
def test_nesting_up_to_the_limit_is_kept(tmp_path):
    value = json.loads('{"a": ' * 95 + "1" + "}" * 95)
    cwd = folder(tmp_path, fc(feat(**OK, extra=value)))
    geo("build", cwd=cwd)
    written = json.loads((cwd / "data" / "sites.geojson").read_text("utf-8"))
    assert written["features"][0]["properties"]["extra"] == value


# --- encodings and paths ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding, words", [
    ("utf-16", "UTF-16 (it starts with a UTF-16 byte-order mark)"),
    ("utf-16-le", "UTF-16 (every character takes two bytes)"),
    ("utf-16-be", "UTF-16 (every character takes two bytes)"),
    ("utf-32", "UTF-32 (it starts with a UTF-32 byte-order mark)"),
])
@pytest.mark.e2e
def test_utf16_and_utf32_files_are_named_as_such(tmp_path, encoding, words):
    content = json.dumps(fc(feat(**OK)), ensure_ascii=False).encode(encoding)
    msg = block(fails(tmp_path, content, "validate"), "not UTF-8")
    assert words in msg and "Latin-1" not in msg and "re-save the file as UTF-8" in msg


def _cannot_read(path: Path) -> subprocess.CompletedProcess:
    """`geo validate --data PATH` by a user who may not read PATH (root drops its override)."""
    prefix = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            unavailable("needs setpriv (util-linux) to drop root's permission override")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run([*prefix, sys.executable, "-m", "geo", "validate", "--data", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=path.parent)


@pytest.mark.e2e
def test_an_unreadable_file_a_folder_or_a_link_loop_exits_1_saying_why(tmp_path):
    locked = tmp_path / "sites.geojson"
    locked.write_text(json.dumps(fc(feat(**OK))), "utf-8")
    locked.chmod(0)
    result = _cannot_read(locked)
    assert result.returncode == 1 and "permission denied" in result.stderr, result.stderr
    assert "chmod" in result.stderr and "Usage" not in result.stderr

    (tmp_path / "folder.geojson").mkdir()
    result = geo("validate", "--data", "folder.geojson", cwd=tmp_path, check=False)
    assert result.returncode == 1 and "this is a folder" in result.stderr

    (tmp_path / "loop.geojson").symlink_to("loop.geojson")
    result = geo("build", "--data", "loop.geojson", cwd=tmp_path, check=False)
    assert result.returncode == 1 and "cannot read the file" in result.stderr
    assert "symbolic links" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.e2e
def test_a_device_as_the_data_file_is_named_for_what_it_is(tmp_path):
    zero = device(tmp_path / "zero", 1, 5)  # a copy of /dev/zero: endless
    for command in ("validate", "build", "render"):
        result = run_limited([command, "--data", str(zero)], tmp_path)
        assert result.returncode == 1, result.stderr
        assert "this is a character device, not a GeoJSON file" in result.stderr
        assert "MB" not in result.stderr
    assert stat.S_ISCHR(os.lstat(zero).st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = geo("validate", "--data", str(fifo), cwd=tmp_path, check=False)  # must not hang
    assert result.returncode == 1 and "named pipe" in result.stderr
