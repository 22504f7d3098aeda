"""Running the real `geo` command in a folder, as a user would."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
_SOURCE = Path("shared") / "sources" / "ai-investments-france-2025-02.txt"
#: The seed article (published press text: kept in shared/, beside the repository, never copied
#: into it). A worktree may sit one level deeper than the clone, so the parents are searched.
ARTICLE = next((p / _SOURCE for p in REPO_ROOT.parents if (p / _SOURCE).is_file()),
               REPO_ROOT.parent / _SOURCE)


def unavailable(reason: str) -> NoReturn:
    """A test that cannot run here (no git, no Node, not root…): skipped on a developer's
    machine, failed on CI (CI=true), where a skipped test is a test that did not run."""
    if os.environ.get("CI"):
        pytest.fail(f"cannot run on CI: {reason}", pytrace=False)
    pytest.skip(reason)


def geo(*args: str, cwd: Path, check: bool = True, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `python -m geo ARGS` in `cwd`; with `check`, fail the test on a non-zero exit."""
    result = subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True,
                            text=True, env={**os.environ, **(env or {})}, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"geo {' '.join(args)} exited {result.returncode}\n"
                             f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
    return result


def read_features(path: Path) -> dict[str, dict]:
    data = json.loads(path.read_text("utf-8"))
    return {f["id"]: f for f in data["features"]}


def run_limited(args: list[str], cwd: Path, gigabytes: float = 1.5) -> subprocess.CompletedProcess:
    """`python -m geo ARGS` on a machine with `gigabytes` of memory (its address space limited)."""
    limit = int(gigabytes * 1024 ** 3)
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120,
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))


def device(path: Path, major: int, minor: int) -> Path:
    """A character device node like /dev/null (1, 3) or /dev/zero (1, 5), made at `path` (a
    test's temporary folder: no real /dev node is ever touched). Needs root, as on CI."""
    if os.geteuid() != 0:
        unavailable("mknod needs root (CI runs as root)")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    return path
