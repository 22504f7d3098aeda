"""File writes that never leave a half-written file behind.

Maps and data files are published and committed: a crash, a full disk or a
killed process must leave the previous version intact, so every write goes to
a temporary file in the same folder and is renamed over the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _write_fd(handle, data: bytes) -> None:
    """Write all of `data` and make it durable (tests replace this to simulate a full disk)."""
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())


def _stage(path: Path, data: bytes) -> str:
    """Write `data` to a new temporary file next to `path`; returns its name.

    On any failure (a full disk half-way through, a permission error) the
    temporary file is removed before the error propagates.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_fd(handle, data)
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _sync_dir(directory: Path) -> None:
    """Make renames durable (best effort: not every platform can fsync a folder)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_all(files: list[tuple[Path, bytes]], *, skip_unchanged: bool = True) -> list[Path]:
    """Write several files as one step: all temp files first, then the renames.

    Running out of disk space (or any error) while staging leaves every target
    untouched and no temporary file behind; renames within a folder don't need
    space, so the commit phase doesn't fail half-way for that reason. Files
    whose bytes are unchanged are not touched (their mtime stays). Returns the
    paths that changed.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, data in files:
            path = Path(path)
            if skip_unchanged:
                try:
                    if path.read_bytes() == data:
                        continue
                except FileNotFoundError:
                    pass
            staged.append((_stage(path, data), path))
    except BaseException:
        for tmp, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    done = 0
    try:
        for tmp, path in staged:
            os.replace(tmp, path)
            done += 1
    finally:
        for tmp, _ in staged[done:]:  # only if a rename failed: never leave temp files behind
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    for directory in {path.parent for _, path in staged}:
        _sync_dir(directory)
    return [path for _, path in staged]


@contextlib.contextmanager
def folder_lock(directory: Path) -> Iterator[None]:
    """Serialise concurrent builds on one folder (cron + a human, two CI jobs).

    An advisory `flock` on the folder itself: no lock file is left in the
    user's repository, and a killed process releases the lock automatically.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: last writer wins, writes stay atomic
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
