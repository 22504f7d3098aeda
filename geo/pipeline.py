"""The one-way pipeline: load → validate → geocode → enrich → render → write.

Nothing is written until every stage has succeeded, and then only files whose
bytes changed, each atomically: a failed run leaves every file as it was.
"""

from __future__ import annotations

import difflib
import errno
import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from geo import contract as model
from geo.aside import aside
from geo.core.errors import DataError, Problem
from geo.core.files import folder_lock, write_all
from geo.enrich import Site, enrich, to_sites


@dataclass
class Prepared:
    """A validated, enriched document, ready to render or to write back."""

    doc: model.Document
    sites: list[Site]
    warnings: list[Problem]
    headline: Headline | None = None
    _data_bytes: bytes | None = field(default=None, repr=False)

    @property
    def data_bytes(self) -> bytes:
        """The canonical data file; serialised on first use (`geo render` never needs it)."""
        if self._data_bytes is None:
            self._data_bytes = model.dumps(self.doc.data)
        return self._data_bytes

    @property
    def data_changed(self) -> bool:
        return not self.doc.same_bytes(self.data_bytes)


@dataclass
class BuildResult:
    data_path: Path
    out_path: Path
    data_written: bool
    map_written: bool
    sites: list[Site]
    warnings: list[Problem] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for one bulk stage.

    A 100,000-site file is millions of small, long-lived objects (parsed JSON,
    sites, columns) and almost no reference cycles; with the collector on, the
    allocations keep triggering full collections that walk all of them again
    (about a third of a 100k render). Reference counting still frees everything.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _bulk(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with gc_paused():
            return fn(*args, **kwargs)
    return wrapper


def _geocoder_factory(prefer: str | None) -> Callable:
    holder: list = []

    def get():
        if not holder:
            from geo.geocoding import Geocoder

            holder.append(Geocoder(prefer=prefer))
        return holder[0]

    return get


@_bulk
def prepare(data_path: Path, *, prefer: str | None = None, online: Callable | None = None) -> Prepared:
    """Load, validate and enrich; raises DataError listing every problem at once."""
    return prepare_document(model.load(data_path), prefer=prefer, online=online)


@_bulk
def prepare_document(doc: model.Document, *, prefer: str | None = None,
                     online: Callable | None = None) -> Prepared:
    """`prepare` for a document already in memory (e.g. with a site just added)."""
    problems = model.validate(doc)
    geocoder = online or _geocoder_factory(prefer)
    broken = frozenset(p.index for p in problems if p.severity == "error" and p.index is not None)
    if any(p.severity == "error" and p.index is None for p in problems):
        model.raise_for(problems)  # the file as a whole is unusable: nothing more to check
    # Malformed features are skipped, the others still get their amounts and places checked,
    # so that one run reports everything to fix.
    enriched = enrich(doc, geocoder, skip=broken)
    problems += enriched.problems
    model.raise_for(problems)
    return Prepared(doc=doc, sites=to_sites(doc, enriched.amounts), warnings=problems,
                    headline=enriched.headline)


@_bulk
def render_page(sites: list[Site], settings: dict, options, headline: Headline | None = None) -> bytes:
    """The map page's bytes. Takes the sites, not the document, so that a caller can let
    the parsed file go first (at 100,000 sites the tree is most of the memory)."""
    from geo.render.page import render_html

    return render_html(sites, settings, options, headline).encode("utf-8")


def _summary(path: Path, old: bytes | None, new: bytes) -> str:
    if old is None:
        return f"{path}: missing (would be created)"
    diff = list(difflib.unified_diff(old.decode("utf-8", "replace").splitlines(),
                                     new.decode("utf-8", "replace").splitlines(), lineterm="", n=0))
    added = sum(1 for line in diff if line.startswith("+") and not line.startswith("+++"))
    removed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    first = next((line for line in diff if line.startswith("@@")), "")
    return f"{path}: out of date (+{added} -{removed} lines, first change {first.strip('@ ')})"


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


@_bulk
def build(data_path: Path, out_path: Path, options, *, prefer: str | None = None,
          check: bool = False, online: Callable | None = None,
          write_data: bool = True) -> BuildResult:
    """Enrich the data file and render the map; with `check`, only report what would change.

    `options` may be a function of the data file's settings (the CLI's flags fall back on
    them), so that the file is read once, under the lock, rather than once more beforehand.
    """
    data_path, out_path = Path(data_path), Path(out_path)
    lock_dir = data_path.parent if data_path.parent.exists() else Path(".")
    with folder_lock(lock_dir):
        prepared = prepare(data_path, prefer=prefer, online=online)
        result = BuildResult(data_path, out_path, False, False, prepared.sites,
                             list(prepared.warnings))
        doc, headline = prepared.doc, prepared.headline
        del prepared
        if callable(options):
            options = options(doc.settings)
        # The data file is serialised on another core while this one renders the page.
        with aside(model.dumps, doc.data) as serialised:
            page = render_page(result.sites, doc.settings, options, headline)
            data_bytes = serialised()
        data_bytes = None if doc.same_bytes(data_bytes) else data_bytes
        if check:
            if data_bytes is not None:
                result.stale.append(_summary(data_path, _read(data_path), data_bytes))
            current = _read(out_path)
            if current != page:
                result.stale.append(_summary(out_path, current, page))
            return result
        files = [(out_path, page)]
        if write_data and data_bytes is not None:
            files.append((data_path, data_bytes))
        try:
            written = write_all(files)
        except OSError as exc:
            if len(files) == 1 or exc.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
                raise
            # The data folder is read-only: still publish the map, and say what wasn't saved.
            written = write_all(files[:1])
            result.warnings.append(Problem(
                str(data_path), f"could not save the enriched data ({exc.strerror}); the map "
                "was rendered from it anyway", hint="make the data folder writable so that the "
                "geocoded locations are kept and later builds stay offline", severity="warning"))
        result.map_written = out_path in written
        result.data_written = data_path in written
        return result


__all__ = ["BuildResult", "DataError", "Prepared", "build", "prepare", "render_page"]
