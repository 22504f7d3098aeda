"""File writes that never leave a half-written file behind, and never replace what is not ours.

Maps and data files are published and committed: a crash, a full disk or a killed
process must leave the previous version intact, so every write goes to a temporary file
in the same folder and is renamed over the target. Four more rules:

* **Only regular files, or new paths.** A device, a named pipe, a socket or a folder at
  the output path is refused with a message: renaming over `/dev/null` would replace the
  system's device with an HTML file. A symbolic link is followed: its target is written
  (atomically, in the target's folder, locked there) and the link stays a link.
* **One writer at a time per folder.** Every command that writes holds an advisory
  `flock` on each folder it writes in (and on the data file's folder while it reads it),
  taken in a fixed order; it says so after a second of waiting and gives up after a
  timeout (`DEFAULT_LOCK_TIMEOUT`, `GEO_LOCK_TIMEOUT`).
* **Leftovers are cleaned up, carefully.** A temporary file is named `.NAME.XXXXXXXX.tmp`
  and locked by the process writing it; a run killed while writing leaves one behind, and
  the next run that writes NAME removes it: only names of that exact pattern, only regular
  files of this user, only while holding the folder's lock, and only if no process holds
  the temporary file's own lock.
* **Compare before writing, cheaply.** An unchanged file is not rewritten (its mtime
  stays); the existing file is read only if it is a regular file of exactly the new size.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from geo.core.errors import DataError, Problem

__all__ = ["DEFAULT_LOCK_TIMEOUT", "LockTimeout", "Staged", "commit", "folder_lock", "locked",
           "remove_stale", "same_content", "stage", "target", "write_all"]

#: Seconds a command waits for another geo command on the same folder before giving up.
DEFAULT_LOCK_TIMEOUT = 60.0
#: Seconds of waiting before saying so.
LOCK_NOTICE_AFTER = 1.0
_POLL = 0.05

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks; writes stay atomic, last writer wins
    fcntl = None  # type: ignore[assignment]


class LockTimeout(TimeoutError):
    """Another command held a folder's lock for longer than the timeout; nothing was changed."""

    def __init__(self, folder: str, timeout: float) -> None:
        self.folder, self.timeout = folder, timeout
        super().__init__(f"another geo command has been working in {folder} for {timeout:g} s; "
                         "gave up waiting for it")


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words (None for a regular file)."""
    for test, words in ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
                        (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                        (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return words
    return None if stat.S_ISREG(mode) else "not a regular file"


def target(path: Path) -> Path:
    """The file that writing `path` really replaces: `path` itself, or the end of its symlinks.

    Raises DataError, naming the path, unless that is a regular file or does not exist
    yet: geo never replaces a device, a pipe, a socket or a folder with a file.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "real.html").write_text("old")
    3
    >>> (folder / "link.html").symlink_to("real.html")
    >>> target(folder / "link.html") == (folder / "real.html").resolve()
    True
    >>> target(folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    geo.core.errors.DataError: ... is a folder, not a file: geo writes only regular files ...
    """
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return real
    except OSError as exc:
        raise DataError([Problem(str(path), f"cannot write to this path: {exc.strerror}",
                                 hint="check the path: it must lead to a file, or to where a "
                                 "new one can be made")]) from None
    kind = _kind(mode)
    if kind is None:
        return real
    via = f" (the link leads to {real})" if real != Path(os.path.abspath(path)) else ""
    raise DataError([Problem(
        str(path), f"{path} is {kind}{via}, not a file: geo writes only regular files (or new "
        "paths), so that it never replaces something else with a file",
        hint="give the path of a file to create or replace, e.g. output/map.html")])


# --- locks ------------------------------------------------------------------------------------


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _shown(folder: Path) -> str:
    """A folder as a person reads it: relative to the working folder when inside it."""
    try:
        text = os.path.relpath(folder)
    except ValueError:  # pragma: no cover - another drive (Windows)
        text = str(folder)
    if text.startswith(".."):
        text = str(folder)
    return "./" if text == "." else text.rstrip(os.sep) + os.sep


@contextlib.contextmanager
def folder_lock(directory: Path, *, timeout: float | None = None, deadline: float | None = None,
                notify: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the folder's lock: one geo command at a time writes in a folder.

    An advisory `flock` on the folder itself: no lock file is left in the user's
    repository, and a killed process releases the lock automatically. After a second of
    waiting, `notify` says so; after `timeout` seconds (or at the monotonic `deadline`),
    LockTimeout is raised. Without either, it waits as long as it takes.
    """
    if fcntl is None:  # pragma: no cover
        yield
        return
    if deadline is None and timeout is not None:
        deadline = time.monotonic() + timeout
    fd = os.open(directory, os.O_RDONLY)
    try:
        start, told = time.monotonic(), False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pass
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                raise LockTimeout(_shown(Path(directory)),
                                  timeout if timeout is not None else round(now - start))
            if not told and now - start >= LOCK_NOTICE_AFTER:
                notify(f"waiting for another geo command on {_shown(Path(directory))} …")
                told = True
            time.sleep(_POLL if deadline is None else max(0.0, min(_POLL, deadline - now)))
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextlib.contextmanager
def locked(write: Sequence[Path] = (), read: Sequence[Path] = (), *,
           timeout: float | None = DEFAULT_LOCK_TIMEOUT,
           notify: Callable[[str], None] = _say) -> Iterator[list[Path]]:
    """Lock everything a command is about to read and write; yields the files to write.

    Each path of `write` is resolved to the file it really replaces (`target`, which
    refuses devices, pipes and folders before any work is done); the folders of those
    files and of the `read` paths are locked, each once, in one fixed order (so that two
    commands never wait for each other), within one `timeout` in all. Folders that don't
    exist yet are not locked: the files written there are new. Stale temporaries of the
    files to write are removed once the locks are held.
    """
    targets = [target(p) for p in write]
    sources = [Path(os.path.realpath(p)) for p in read]
    for i, path in enumerate(targets):
        for other, given in [*zip(targets[:i], write[:i], strict=True), *zip(sources, read, strict=True)]:
            if path == other:
                raise DataError([Problem(str(write[i]), f"{write[i]} and {given} are the same file: "
                                         "one would overwrite the other",
                                         hint="write the map to its own file, e.g. output/map.html")])
    folders: dict[str, Path] = {}
    for path in [*targets, *sources]:
        if path.parent.is_dir():
            folders.setdefault(str(path.parent), path.parent)
    deadline = None if timeout is None else time.monotonic() + timeout
    with contextlib.ExitStack() as stack:
        for key in sorted(folders):
            stack.enter_context(folder_lock(folders[key], deadline=deadline, notify=notify,
                                            timeout=timeout))
        for path in targets:
            remove_stale(path)
        yield targets


# --- temporary files ----------------------------------------------------------------------------


def _temp_pattern(name: str) -> re.Pattern[str]:
    """The names `tempfile.mkstemp` gives our temporaries of `name` (8 random characters)."""
    return re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")


def remove_stale(path: Path) -> list[str]:
    """Remove the temporaries a killed run left beside `path`; returns their names.

    Only `.NAME.XXXXXXXX.tmp` regular files of this user whose lock nobody holds: a
    temporary being written by a live process is locked by it and is left alone. Call it
    with the folder's lock held, so that no geo command is between creating a temporary
    and locking it.
    """
    if fcntl is None:  # pragma: no cover
        return []
    path = Path(path)
    pattern = _temp_pattern(path.name)
    removed = []
    try:
        names = [n for n in os.listdir(path.parent) if pattern.fullmatch(n)]
    except OSError:
        return []
    for name in names:
        candidate = path.parent / name
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a live process is writing it
            now = os.stat(candidate, follow_symlinks=False)
            if (now.st_dev, now.st_ino) == (info.st_dev, info.st_ino):
                os.unlink(candidate)
                removed.append(name)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _write_fd(handle: BinaryIO, data: bytes) -> None:
    """Write one piece of a file (tests replace this to simulate a full disk)."""
    handle.write(data)


class Staged:
    """The next version of one file, being written beside it under a temporary name.

    Nothing is in place until `commit`; `discard` removes it. The temporary file is locked
    for as long as it exists here, which tells `remove_stale` that it is not stale.
    """

    def __init__(self, path: Path) -> None:
        self.target = Path(path)
        self.target.parent.mkdir(parents=True, exist_ok=True)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                        dir=self.target.parent)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                mode = os.stat(self.target).st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o644
            os.fchmod(fd, mode)
            self.handle: BinaryIO = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            os.unlink(self.tmp)
            raise
        self.size = 0

    def write(self, data: bytes) -> None:
        """Append `data`; on a failure the caller discards the whole file."""
        _write_fd(self.handle, data)
        self.size += len(data)

    def sync(self) -> None:
        """Make the written bytes durable before the rename that publishes them."""
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.tmp)
        with contextlib.suppress(OSError):
            self.handle.close()


def stage(path: Path, pieces: Iterable[bytes]) -> Staged:
    """A staged file holding `pieces`, in order (removed again if writing fails)."""
    item = Staged(path)
    try:
        for piece in pieces:
            item.write(piece)
    except BaseException:
        item.discard()
        raise
    return item


def _sync_dir(directory: Path) -> None:
    """Make renames durable (best effort: not every platform can fsync a folder)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit(staged: Iterable[Staged]) -> None:
    """Put every staged file in place: all made durable first, then the renames.

    Renames within a folder need no space, so this phase doesn't fail half-way for a full
    disk; whatever happens, no temporary file is left behind.
    """
    staged = list(staged)
    done = 0
    try:
        for item in staged:
            item.sync()
        for item in staged:
            os.replace(item.tmp, item.target)
            done += 1
    finally:
        for item in staged[done:]:  # only if something failed: never leave temp files behind
            item.discard()
        for item in staged[:done]:
            with contextlib.suppress(OSError):
                item.handle.close()
    for directory in {item.target.parent for item in staged}:
        _sync_dir(directory)


def same_content(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file holding exactly `data` (read only if the sizes match)."""
    try:
        with open(path, "rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            view, position = memoryview(data), 0
            while chunk := handle.read(1 << 20):
                if view[position:position + len(chunk)] != chunk:
                    return False
                position += len(chunk)
            return position == len(data)
    except OSError:
        return False


def write_all(files: list[tuple[Path, bytes]], *, skip_unchanged: bool = True) -> list[Path]:
    """Write several files as one step: all temp files first, then the renames.

    Running out of disk space (or any error) while staging leaves every target
    untouched and no temporary file behind. Files whose bytes are unchanged are not
    touched (their mtime stays). Each path goes through `target` (symlinks followed,
    anything but a regular file refused). Returns the given paths that changed.
    """
    staged: list[Staged] = []
    changed: list[Path] = []
    try:
        for path, data in files:
            real = target(path)
            if skip_unchanged and same_content(real, data):
                continue
            staged.append(stage(real, [data]))
            changed.append(Path(path))
    except BaseException:
        for item in staged:
            item.discard()
        raise
    commit(staged)
    return changed
