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

A *draft* is not a failed run: when some sites don't resolve (an unknown place, an
unreadable amount), the others are enriched and mapped, and those are kept in the data
file exactly as typed and listed on the map "to check" (`Prepared.to_check`). Only what
makes the file unusable as a whole (not JSON, not a FeatureCollection, unreadable
settings) fails a run; `strict=True` makes any problem fail it, as before drafts.
"""

from __future__ import annotations

import dataclasses
import difflib
import errno
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import contract
from geo.contract import document
from geo.contract.writer import Written, serialise
from geo.core.aside import aside
from geo.core.bulk import bulk
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
from geo.enrich import Headline, Site, Unresolved, enrich, to_sites, unresolved
from geo.render.options import RenderOptions
from geo.starter import leftover_example

if TYPE_CHECKING:
    from geo.geocoding import PlaceFinder

__all__ = ["BuildResult", "ImportResult", "Prepared", "Reading", "add_feature", "build", "export",
           "import_features", "prepare", "prepare_document", "read", "render_file", "render_page",
           "serialise"]

#: A zero-argument function that returns the geocoder, called only if a place needs it.
GeocoderFactory = Callable[[], "PlaceFinder"]


@dataclass
class Prepared:
    """A validated, enriched document, ready to render or to write back."""

    doc: contract.Document
    sites: list[Site]
    warnings: list[Problem]
    headline: Headline | None = None
    #: Sites that did not resolve (a draft), kept as typed, with what to fix.
    to_check: list[Unresolved] = field(default_factory=list)

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
    #: Sites that did not resolve (a draft), kept as typed, with what to fix.
    to_check: list[Unresolved] = field(default_factory=list)


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
    #: Sites not on the map because they did not resolve: the map is a draft.
    to_check: list[Unresolved] = field(default_factory=list)
    #: What changed in the data since its last version (see `geo.diff`), if it could be read.
    changes: Any = None

    @property
    def draft(self) -> bool:
        """True when some sites are still to check (the map says it is a draft)."""
        return bool(self.to_check)


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


@bulk
def prepare(data_path: Path, *, geocoder: GeocoderFactory | None = None,
            strict: bool = True) -> Prepared:
    """Load, validate and enrich; raises DataError listing every problem at once.

    With `strict=False`, sites that don't resolve are left as typed and returned in
    `to_check` (a draft); only whole-file problems raise.
    """
    return prepare_document(contract.load(Path(data_path)), geocoder=geocoder, strict=strict)


@bulk
def prepare_document(doc: contract.Document, *, geocoder: GeocoderFactory | None = None,
                     strict: bool = True) -> Prepared:
    """`prepare` for a document already in memory (e.g. with a site just added)."""
    try:
        problems = contract.validate(doc)
        broken = frozenset(p.index for p in problems if p.severity == "error" and p.index is not None)
        if any(p.severity == "error" and p.index is None for p in problems):
            contract.raise_for(problems)  # the file as a whole is unusable: nothing more to check
        problems += settings_problems(str(doc.path), doc.settings)
        problems += leftover_example(str(doc.path), doc.data["features"])
        # Malformed features are skipped, the others still get their amounts and places checked,
        # so that one run reports everything to fix.
        enriched = enrich(doc, geocoder or offline_geocoder(), skip=broken)
    except RecursionError:
        raise _too_deep(str(doc.path)) from None
    problems += enriched.problems
    if strict or any(p.severity == "error" and p.index is None for p in problems):
        contract.raise_for(problems)
    failed = broken | enriched.failed
    return Prepared(doc=doc, sites=to_sites(doc, enriched.amounts, skip=failed), warnings=problems,
                    headline=enriched.headline, to_check=unresolved(doc, problems, failed))


def _reading(prepared: Prepared) -> Reading:
    try:
        changed = prepared.data_changed
    except RecursionError:
        raise _too_deep(str(prepared.doc.path)) from None
    return Reading(prepared.doc.path, prepared.sites, dict(prepared.doc.settings),
                   prepared.headline, prepared.warnings, changed, prepared.to_check)


def read(data_path: Path, *, geocoder: GeocoderFactory | None = None, strict: bool = True) -> Reading:
    """Read, check and enrich a data file in memory, as `geo validate` does; nothing is written.
    With `strict=False`, sites that don't resolve are returned in `to_check` (a draft)."""
    return _reading(prepare(Path(data_path), geocoder=geocoder, strict=strict))


@bulk
def render_page(sites: list[Site], settings: dict, options: RenderOptions,
                headline: Headline | None = None, to_check: list[Unresolved] | None = None) -> bytes:
    """The map page's bytes. Takes the sites, not the document, so that a caller can let
    the parsed file go first (at 100,000 sites the tree is most of the memory)."""
    from geo.render.page import render_html

    return render_html(sites, settings, options, headline, to_check=to_check).encode("utf-8")


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


@bulk
def render_file(data_path: Path, out_path: Path, *, geocoder: GeocoderFactory | None = None,
                strict: bool = False, captures: Sequence[Path] = (),
                capture: Callable[[Reading], None] | None = None,
                lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
                **render: Any) -> tuple[Reading, bool]:
    """`geo render`: the page from the data file, which is read under its folder's lock and
    never rewritten. `capture` (a screenshot, a PDF) runs once the page is in place, the
    lock of its files `captures` held too. Returns what was read, and whether the page's
    bytes changed. Sites that don't resolve make a draft page, unless `strict`."""
    data_path, out_path = Path(data_path), Path(out_path)
    with locked([out_path, *map(Path, captures)], read=[data_path], timeout=lock_timeout):
        reading = read(data_path, geocoder=geocoder, strict=strict)
        options = RenderOptions.resolve(reading.settings, **render)
        page = render_page(reading.sites, reading.settings, options, reading.headline,
                           reading.to_check)
        written = bool(write_all([(out_path, page)]))
        if capture is not None:
            capture(reading)
        return reading, written


def _render_apart(work: tuple) -> bytes:
    """The page, rendered in `aside`'s child: the child first lets go of the parsed file it
    was forked with (the parent still serialises it), then renders from the sites."""
    box, sites, settings, options, headline, to_check = work
    box.clear()
    return render_page(sites, settings, options, headline, to_check)


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


@bulk
def build(data_path: Path, out_path: Path, *, geocoder: GeocoderFactory | None = None,
          check: bool = False, write_data: bool = True, strict: bool = False,
          changes: bool = True, lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT,
          **render: Any) -> BuildResult:
    """Enrich the data file and render the map; with `check`, only report what would change.

    `render` are `RenderOptions.resolve`'s keywords (lang, offline, inline_assets, tiles,
    title): they are combined with the file's settings once it is read, under the lock.
    The data file is read, and both files written, with the lock of their folders held.
    Sites that don't resolve make a draft (`BuildResult.to_check`) unless `strict`, which
    writes nothing when anything is wrong. With `changes`, the result says what changed since
    the data file's last version (`geo.diff.last_version`).
    """
    data_path, out_path = Path(data_path), Path(out_path)
    if check:
        return _check(data_path, out_path, geocoder, render, strict)
    document.check_source(data_path)
    with locked([out_path, data_path], timeout=lock_timeout) as (out_file, data_file):
        doc = contract.load(data_path)
        before = None
        if changes:
            from geo import diff

            before = diff.last_version(data_path, doc)
        prepared = prepare_document(doc, geocoder=geocoder, strict=strict)
        del doc
        result = BuildResult(data_path, out_path, False, False, prepared.sites,
                             list(prepared.warnings), to_check=prepared.to_check)
        box, headline = [prepared.doc], prepared.headline
        if before is not None:
            result.changes = diff.compare(before, diff.snapshot(box[0].data))
            before = None  # the last version's snapshot is let go before the page is rendered
        settings = dict(box[0].settings)
        del prepared
        options = RenderOptions.resolve(settings, **render)
        # The page is rendered on another core (a forked child, which lets go of the parsed
        # file at once) while this one serialises the data file; then the parsed file is let
        # go here too. Without fork, the same steps run one after the other.
        with aside(_render_apart, (box, result.sites, settings, options, headline,
                                   result.to_check)) as page_of:
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
           render: dict[str, Any], strict: bool) -> BuildResult:
    """`build --check`: what would change, with nothing written (and so no lock taken)."""
    prepared = prepare(data_path, geocoder=geocoder, strict=strict)
    result = BuildResult(data_path, out_path, False, False, prepared.sites, list(prepared.warnings),
                         to_check=prepared.to_check)
    doc, headline = prepared.doc, prepared.headline
    del prepared
    settings = dict(doc.settings)
    written = _serialise_data(doc, str(data_path))
    if written is not None:
        result.stale.append(_summary(data_path, _read(data_path), b"".join(written.pieces or [])))
    del doc, written
    options = RenderOptions.resolve(settings, **render)
    page = render_page(result.sites, settings, options, headline, result.to_check)
    if not same_content(target(out_path), page):
        result.stale.append(_summary(out_path, _read(out_path), page))
    return result


def add_feature(data_path: Path, feature: dict[str, Any], *,
                geocoder: GeocoderFactory | None = None,
                lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT) -> tuple[Site, list[Problem]]:
    """Append `feature` to the data file (created if missing), enriched, if it checks out.

    The whole file is validated and the new site geocoded before anything is written; the
    file is read, merged and written with its folder's lock held, so that a concurrent
    command's changes (another `geo add`, a `geo build`) are never overwritten. Other sites
    still to check (a draft) don't stop it: they are kept as typed and reported as warnings.
    """
    finder = geocoder or offline_geocoder()
    finder()  # the gazetteer is loaded before the lock is taken: other commands wait less

    def append(doc: contract.Document) -> tuple[Site, list[Problem]]:
        doc.data["features"].append(feature)
        new = len(doc.data["features"]) - 1
        prepared = prepare_document(doc, geocoder=finder, strict=False)
        mine = [p for p in prepared.warnings if p.index == new]
        contract.raise_for(mine + [p for p in prepared.warnings if p.index is None])
        others = [p if p.severity != "error" or p.index == new else
                  dataclasses.replace(p, severity="warning", message="still to check: " + p.message)
                  for p in prepared.warnings]
        return prepared.sites[-1], others

    return _rewrite(Path(data_path), append, lock_timeout)[0]


def _rewrite(data_path: Path, change: Callable[[contract.Document], Any],
             lock_timeout: float | None) -> Any:
    """Read the data file (or start a new one) under its folder's lock, `change` it in
    memory, and write it back if its bytes changed, the lock still held: what another
    command wrote before the lock was ours is read, never overwritten."""
    document.check_source(data_path)
    target(data_path).parent.mkdir(parents=True, exist_ok=True)  # so that its lock exists
    with locked([data_path], timeout=lock_timeout) as (data_file,):
        if data_file.exists():
            doc = contract.load(data_path)
        else:
            doc = contract.Document(path=data_path, data={"type": "FeatureCollection", "features": []})
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get("features"), list):
            raise contract.DataError([Problem(str(data_path), "the file is not a FeatureCollection",
                                              hint="fix it first (geo validate says how)")])
        outcome = change(doc)
        written = _serialise_data(doc, str(data_path))
        del doc
        if written is not None:
            commit([stage(data_file, written.pieces or [])])
        return outcome, written is not None


@dataclass
class ImportResult:
    """What `import_features` did: the merge report and the state of the data file after it."""

    data_path: Path
    report: Any
    data_written: bool
    sites: list[Site]
    to_check: list[Unresolved]
    warnings: list[Problem]


def import_features(data_path: Path, features: list[dict[str, Any]], labels: list[str] | None = None,
                    *, geocoder: GeocoderFactory | None = None, source: str = "",
                    key: Callable[[dict[str, Any]], Any] | None = None, update: bool = True,
                    lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT) -> ImportResult:
    """Merge `features` into the data file (created if missing) and save it, enriched.

    Under the folder's lock and in one atomic write: the merge (`geo.merge`) never
    duplicates a site and never loses a value; sites that don't resolve are kept as given
    and listed in `to_check` (a draft, as in `build`). A file unusable as a whole, or two
    features describing the same site, raise DataError and change nothing. `key` and
    `update` are `merge_features`'s.
    """
    from geo.merge import merge_features

    data_path = Path(data_path)

    def merge(doc: contract.Document) -> tuple[Any, Prepared]:
        report = merge_features(doc.data, features, labels, file=source or str(data_path), key=key,
                                update=update)
        return report, prepare_document(doc, geocoder=geocoder, strict=False)

    (report, prepared), written = _rewrite(data_path, merge, lock_timeout)
    return ImportResult(data_path, report, written, prepared.sites, prepared.to_check,
                        prepared.warnings)


def export(data_path: Path, out_path: Path, fmt: str, *, geocoder: GeocoderFactory | None = None,
           lock_timeout: float | None = DEFAULT_LOCK_TIMEOUT) -> tuple[Reading, bool]:
    """Write the enriched sites to `out_path` in `fmt` (`geo.export.FORMATS`); the data file
    is read under its folder's lock and not changed. Returns what was read and whether the
    export's bytes changed (an unchanged file is not rewritten)."""
    from geo.export import export_bytes, sites_frame

    data_path, out_path = Path(data_path), Path(out_path)
    with locked([out_path], read=[data_path], timeout=lock_timeout):
        prepared = prepare(data_path, geocoder=geocoder, strict=False)
        frame = sites_frame(prepared.doc.features, prepared.sites, prepared.to_check)
        written = write_all([(out_path, export_bytes(frame, fmt, out_path.parent))])
        return _reading(prepared), out_path in written
