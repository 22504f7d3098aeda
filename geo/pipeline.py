"""The one-way pipeline: load → validate → geocode → enrich → render → write.

Nothing is written until every stage has succeeded, and then only files whose bytes
changed, each atomically: a failed run leaves every file as it was. Every command that
writes holds the lock of each folder it reads or writes in, from before it reads the data
file until its files are in place, so that two commands (a `geo add` and a `geo build`, ten
`geo add`s) never lose each other's work. The stages take a geocoder *factory*, so a
rebuild with nothing new to geocode never loads the gazetteer at all.

Memory: at 100,000 sites the parsed file is most of it, so the data file is serialised
piece by piece (hashed, and written to its temporary file, never held whole) and the
parsed tree is let go before the page is rendered.
"""

from __future__ import annotations

import difflib
import errno
import functools
import gc
import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import contract
from geo.contract import document
from geo.core.aside import aside
from geo.core.errors import DataError, Problem
from geo.core.files import (
    DEFAULT_LOCK_TIMEOUT,
    Staged,
    commit,
    locked,
    same_content,
    stage,
    target,
    write_all,
)
from geo.enrich import Headline, Site, enrich, to_sites
from geo.render.options import RenderOptions

if TYPE_CHECKING:
    from geo.geocoding import PlaceFinder

__all__ = ["BuildResult", "Prepared", "Reading", "add_feature", "build", "prepare",
           "prepare_document", "read", "render_file", "render_page", "serialise"]

#: A zero-argument function that returns the geocoder, called only if a place needs it.
GeocoderFactory = Callable[[], "PlaceFinder"]


@dataclass(frozen=True)
class Written:
    """The data file as geo writes it: its hash and size, and with `keep` its bytes in pieces."""

    digest: bytes
    size: int
    pieces: list[bytes] | None = None


def serialise(data: dict[str, Any], *, keep: bool = False) -> Written:
    """The canonical data file, hashed piece by piece; with `keep`, the pieces are kept too
    (about a megabyte each: never one big string, never the millions of small ones it is
    made of). Past the size limit they are no longer kept, only counted: the caller
    refuses the file with its full size (`contract.too_big_to_write`)."""
    sha, size = hashlib.sha256(), 0
    pieces: list[bytes] | None = [] if keep else None

    def write(piece: bytes) -> None:
        nonlocal size, pieces
        sha.update(piece)
        size += len(piece)
        if pieces is not None and size > document.MAX_FILE_BYTES:
            pieces = None
        if pieces is not None:
            pieces.append(piece)

    contract.dump(data, write)
    return Written(sha.digest(), size, pieces)


@dataclass
class Prepared:
    """A validated, enriched document, ready to render or to write back."""

    doc: contract.Document
    sites: list[Site]
    warnings: list[Problem]
    headline: Headline | None = None

    @property
    def data_changed(self) -> bool:
        """Whether `geo build` would rewrite the data file (new ids, amounts, places…).

        Raises DataError if the file as geo would write it is over the size limit:
        `geo build` would refuse it, so `geo validate` must say so too.
        """
        written = serialise(self.doc.data)
        if written.size > document.MAX_FILE_BYTES:
            raise contract.too_big_to_write(str(self.doc.path), written.size)
        return not self.doc.same_digest(written.digest)


@dataclass
class Reading:
    """What a data file says, once checked and enriched in memory; the parsed file itself
    is let go (at 100,000 sites it is most of the memory)."""

    path: Path
    sites: list[Site]
    settings: dict[str, Any]
    headline: Headline | None
    warnings: list[Problem]
    #: Whether `geo build` would rewrite the data file.
    needs_saving: bool


@dataclass
class BuildResult:
    """What `build` did (or, with `check`, what it would do)."""

    data_path: Path
    out_path: Path
    data_written: bool
    map_written: bool
    sites: list[Site]
    warnings: list[Problem] = field(default_factory=list)
    #: With `check`: one line per file that is out of date.
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
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with gc_paused():
            return fn(*args, **kwargs)
    return wrapper


def offline_geocoder(prefer: str | None = None) -> GeocoderFactory:
    """A factory of the offline geocoder, made on first use (it loads the gazetteer)."""
    holder: list[PlaceFinder] = []

    def get() -> PlaceFinder:
        if not holder:
            from geo.geocoding import Geocoder

            holder.append(Geocoder(prefer=prefer))
        return holder[0]

    return get


def _too_deep(file: str) -> DataError:
    """What a RecursionError past the parser means (where the parser cannot bound nesting)."""
    return DataError([Problem(file, f"the JSON is nested more than {contract.MAX_DEPTH} levels "
                              "deep, more than any sites file needs",
                              hint="a sites file nests 6 levels: look for a value that was "
                              "pasted inside itself")])


def settings_problems(file: str, settings: dict[str, Any]) -> list[Problem]:
    """What in the file's settings would make `geo build` fail once it renders (tiles)."""
    tiles = settings.get("tiles")
    if not isinstance(tiles, str):
        return []  # absent, or not text: the schema says so
    from geo.render.tiles import TileError, resolve

    try:
        resolve(tiles)
    except TileError as exc:
        return [Problem(file, str(exc), field="settings.tiles", hint=exc.hint)]
    return []


@_bulk
def prepare(data_path: Path, *, geocoder: GeocoderFactory | None = None) -> Prepared:
    """Load, validate and enrich; raises DataError listing every problem at once."""
    return prepare_document(contract.load(Path(data_path)), geocoder=geocoder)


@_bulk
def prepare_document(doc: contract.Document, *, geocoder: GeocoderFactory | None = None) -> Prepared:
    """`prepare` for a document already in memory (e.g. with a site just added)."""
    try:
        problems = contract.validate(doc)
        broken = frozenset(p.index for p in problems if p.severity == "error" and p.index is not None)
        if any(p.severity == "error" and p.index is None for p in problems):
            contract.raise_for(problems)  # the file as a whole is unusable: nothing more to check
        problems += settings_problems(str(doc.path), doc.settings)
        # Malformed features are skipped, the others still get their amounts and places checked,
        # so that one run reports everything to fix.
        enriched = enrich(doc, geocoder or offline_geocoder(), skip=broken)
    except RecursionError:
        raise _too_deep(str(doc.path)) from None
    problems += enriched.problems
    contract.raise_for(problems)
    return Prepared(doc=doc, sites=to_sites(doc, enriched.amounts), warnings=problems,
                    headline=enriched.headline)


def _reading(prepared: Prepared) -> Reading:
    try:
        changed = prepared.data_changed
    except RecursionError:
        raise _too_deep(str(prepared.doc.path)) from None
    return Reading(prepared.doc.path, prepared.sites, dict(prepared.doc.settings),
                   prepared.headline, prepared.warnings, changed)


def read(data_path: Path, *, geocoder: GeocoderFactory | None = None) -> Reading:
    """Read, check and enrich a data file in memory, as `geo validate` does; nothing is written."""
    return _reading(prepare(Path(data_path), geocoder=geocoder))


@_bulk
def render_page(sites: list[Site], settings: dict, options: RenderOptions,
                headline: Headline | None = None) -> bytes:
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
    """A regular file's bytes (`target` has refused anything else), None if it is missing."""
    try:
        return target(path).read_bytes()
    except FileNotFoundError:
        return None


@_bulk
def render_file(data_path: Path, out_path: Path, *, geocoder: GeocoderFactory | None = None,
                png: Path | None = None, width: int = 1200, height: int = 800,
                lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
                **render: Any) -> tuple[Reading, bool]:
    """`geo render`: the page (and with `png` a screenshot) from the data file, which is
    read under its folder's lock and never rewritten. Returns what was read, and whether
    the page's bytes changed."""
    data_path, out_path = Path(data_path), Path(out_path)
    outputs = [out_path] + ([Path(png)] if png is not None else [])
    with locked(outputs, read=[data_path], timeout=lock_timeout):
        reading = read(data_path, geocoder=geocoder)
        options = RenderOptions.resolve(reading.settings, **render)
        page = render_page(reading.sites, reading.settings, options, reading.headline)
        written = bool(write_all([(out_path, page)]))
        if png is not None:
            from geo.render.screenshot import screenshot

            screenshot(out_path, Path(png), width=width, height=height)
        return reading, written


def _render_apart(work: tuple) -> bytes:
    """The page, rendered in `aside`'s child: the child first lets go of the parsed file it
    was forked with (the parent still serialises it), then renders from the sites."""
    box, sites, settings, options, headline = work
    box.clear()
    return render_page(sites, settings, options, headline)


def _serialise_data(doc: contract.Document, file: str) -> Written | None:
    """The data file's new bytes, or None if they are the file's own (nothing to write)."""
    try:
        written = serialise(doc.data, keep=True)
    except RecursionError:
        raise _too_deep(file) from None
    if written.size > document.MAX_FILE_BYTES:
        raise contract.too_big_to_write(file, written.size)
    return None if doc.same_digest(written.digest) else written


def _stage_data(data_file: Path, written: Written, result: BuildResult) -> Staged | None:
    """The new data file, staged beside the old one; a read-only data folder still gets its
    map, with a warning that the geocoded places were not saved."""
    try:
        return stage(data_file, written.pieces or [])
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EROFS, errno.EPERM):
            raise
        result.warnings.append(Problem(
            str(result.data_path), f"could not save the enriched data ({exc.strerror}); the map "
            "was rendered from it anyway", hint="make the data folder writable so that the "
            "geocoded locations are kept and later builds stay offline", severity="warning"))
        return None


@_bulk
def build(data_path: Path, out_path: Path, *, geocoder: GeocoderFactory | None = None,
          check: bool = False, write_data: bool = True,
          lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT, **render: Any) -> BuildResult:
    """Enrich the data file and render the map; with `check`, only report what would change.

    `render` are `RenderOptions.resolve`'s keywords (lang, offline, inline_assets, tiles,
    title): they are combined with the file's settings once it is read, under the lock.
    The data file is read, and both files written, with the lock of their folders held.
    """
    data_path, out_path = Path(data_path), Path(out_path)
    if check:
        return _check(data_path, out_path, geocoder, render)
    document.check_source(data_path)
    with locked([out_path, data_path], timeout=lock_timeout) as (out_file, data_file):
        prepared = prepare(data_path, geocoder=geocoder)
        result = BuildResult(data_path, out_path, False, False, prepared.sites,
                             list(prepared.warnings))
        box, headline = [prepared.doc], prepared.headline
        settings = dict(box[0].settings)
        del prepared
        options = RenderOptions.resolve(settings, **render)
        # The page is rendered on another core (a forked child, which lets go of the parsed
        # file at once) while this one serialises the data file; then the parsed file is let
        # go here too. Without fork, the same steps run one after the other.
        with aside(_render_apart, (box, result.sites, settings, options, headline)) as page_of:
            written = _serialise_data(box[0], str(data_path)) if write_data else None
            box.clear()
            page = page_of()
        staged: list[Staged] = []
        try:
            if not same_content(out_file, page):
                staged.append(stage(out_file, [page]))
            del page
            if written is not None:
                data_stage = _stage_data(data_file, written, result)
                del written
                if data_stage is not None:
                    staged.append(data_stage)
        except BaseException:
            for item in staged:
                item.discard()
            raise
        commit(staged)
        result.map_written = any(item.target == out_file for item in staged)
        result.data_written = any(item.target == data_file for item in staged)
        return result


def _check(data_path: Path, out_path: Path, geocoder: GeocoderFactory | None,
           render: dict[str, Any]) -> BuildResult:
    """`build --check`: what would change, with nothing written (and so no lock taken)."""
    prepared = prepare(data_path, geocoder=geocoder)
    result = BuildResult(data_path, out_path, False, False, prepared.sites, list(prepared.warnings))
    doc, headline = prepared.doc, prepared.headline
    del prepared
    settings = dict(doc.settings)
    written = _serialise_data(doc, str(data_path))
    if written is not None:
        result.stale.append(_summary(data_path, _read(data_path), b"".join(written.pieces or [])))
    del doc, written
    options = RenderOptions.resolve(settings, **render)
    page = render_page(result.sites, settings, options, headline)
    if not same_content(target(out_path), page):
        result.stale.append(_summary(out_path, _read(out_path), page))
    return result


def add_feature(data_path: Path, feature: dict[str, Any], *,
                geocoder: GeocoderFactory | None = None,
                lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT) -> tuple[Site, list[Problem]]:
    """Append `feature` to the data file (created if missing), enriched, if everything checks out.

    The whole file is validated and the new site geocoded before anything is written; the
    file is read, merged and written with its folder's lock held, so that a concurrent
    command's changes (another `geo add`, a `geo build`) are never overwritten.
    """
    data_path = Path(data_path)
    document.check_source(data_path)
    finder = geocoder or offline_geocoder()
    finder()  # the gazetteer is loaded before the lock is taken: other commands wait less
    target(data_path).parent.mkdir(parents=True, exist_ok=True)  # so that its lock exists
    with locked([data_path], timeout=lock_timeout) as (data_file,):
        if data_file.exists():
            doc = contract.load(data_path)
        else:
            doc = contract.Document(path=data_path, data={"type": "FeatureCollection", "features": []})
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise contract.DataError([Problem(str(data_path), "the file is not a FeatureCollection",
                                              hint="fix it first (geo validate says how)")])
        data["features"].append(feature)
        prepared = prepare_document(doc, geocoder=finder)
        written = _serialise_data(doc, str(data_path))
        del doc, data
        if written is not None:
            commit([stage(data_file, written.pieces or [])])
        return prepared.sites[-1], prepared.warnings
