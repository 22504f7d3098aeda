"""The one-way pipeline: load → validate → geocode → enrich → render → write.

Nothing is written until every stage has succeeded, and then only files whose bytes
changed, each atomically, under the folder's lock: a failed run leaves every file as it
was. The stages take a geocoder *factory*, so a rebuild with nothing new to geocode never
loads the gazetteer at all.

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
import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo import contract
from geo.core.aside import aside
from geo.core.errors import Problem
from geo.core.files import folder_lock, write_all
from geo.enrich import Headline, Site, Unresolved, enrich, to_sites, unresolved
from geo.render.options import RenderOptions

if TYPE_CHECKING:
    from geo.geocoding import PlaceFinder

__all__ = ["BuildResult", "ImportResult", "Prepared", "add_feature", "build", "export",
           "import_features", "prepare", "prepare_document", "render_page"]

#: A zero-argument function that returns the geocoder, called only if a place needs it.
GeocoderFactory = Callable[[], "PlaceFinder"]


@dataclass
class Prepared:
    """A validated, enriched document, ready to render or to write back."""

    doc: contract.Document
    sites: list[Site]
    warnings: list[Problem]
    headline: Headline | None = None
    _data_bytes: bytes | None = field(default=None, repr=False)
    #: Sites that did not resolve (a draft), kept as typed, with what to fix.
    to_check: list[Unresolved] = field(default_factory=list)

    @property
    def data_bytes(self) -> bytes:
        """The canonical data file; serialised on first use (`geo render` never needs it)."""
        if self._data_bytes is None:
            self._data_bytes = contract.dumps(self.doc.data)
        return self._data_bytes

    @property
    def data_changed(self) -> bool:
        """Whether `geo build` would rewrite the data file (new ids, amounts, places…)."""
        return not self.doc.same_bytes(self.data_bytes)


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


@_bulk
def prepare(data_path: Path, *, geocoder: GeocoderFactory | None = None,
            strict: bool = True) -> Prepared:
    """Load, validate and enrich; raises DataError listing every problem at once.

    With `strict=False`, sites that don't resolve are left as typed and returned in
    `to_check` (a draft); only whole-file problems raise.
    """
    return prepare_document(contract.load(Path(data_path)), geocoder=geocoder, strict=strict)


@_bulk
def prepare_document(doc: contract.Document, *, geocoder: GeocoderFactory | None = None,
                     strict: bool = True) -> Prepared:
    """`prepare` for a document already in memory (e.g. with a site just added)."""
    problems = contract.validate(doc)
    broken = frozenset(p.index for p in problems if p.severity == "error" and p.index is not None)
    if any(p.severity == "error" and p.index is None for p in problems):
        contract.raise_for(problems)  # the file as a whole is unusable: nothing more to check
    # Malformed features are skipped, the others still get their amounts and places checked,
    # so that one run reports everything to fix.
    enriched = enrich(doc, geocoder or offline_geocoder(), skip=broken)
    problems += enriched.problems
    if strict or any(p.severity == "error" and p.index is None for p in problems):
        contract.raise_for(problems)
    failed = broken | enriched.failed
    return Prepared(doc=doc, sites=to_sites(doc, enriched.amounts, skip=failed), warnings=problems,
                    headline=enriched.headline, to_check=unresolved(doc, problems, failed))


@_bulk
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
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _lock_dir(path: Path) -> Path:
    return path.parent if path.parent.exists() else Path(".")


@_bulk
def build(data_path: Path, out_path: Path, *, geocoder: GeocoderFactory | None = None,
          check: bool = False, write_data: bool = True, strict: bool = False,
          changes: bool = True, **render: Any) -> BuildResult:
    """Enrich the data file and render the map; with `check`, only report what would change.

    `render` are `RenderOptions.resolve`'s keywords (lang, offline, inline_assets, tiles,
    title): they are combined with the file's settings once it is read, under the lock.
    Sites that don't resolve make a draft (`BuildResult.to_check`) unless `strict`, which
    writes nothing when anything is wrong. With `changes`, the result says what changed since
    the data file's last version (`geo.diff.last_version`).
    """
    data_path, out_path = Path(data_path), Path(out_path)
    with folder_lock(_lock_dir(data_path)):
        doc = contract.load(data_path)
        before = None
        if changes and not check:
            from geo import diff

            before = diff.last_version(data_path, doc)
        prepared = prepare_document(doc, geocoder=geocoder, strict=strict)
        result = BuildResult(data_path, out_path, False, False, prepared.sites,
                             list(prepared.warnings), to_check=prepared.to_check)
        doc, headline = prepared.doc, prepared.headline
        del prepared
        if before is not None:
            result.changes = diff.compare(before, diff.snapshot(doc.data))
        options = RenderOptions.resolve(doc.settings, **render)
        # The data file is serialised on another core while this one renders the page.
        with aside(contract.dumps, doc.data) as serialised:
            page = render_page(result.sites, doc.settings, options, headline, result.to_check)
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


def add_feature(data_path: Path, feature: dict[str, Any], *,
                geocoder: GeocoderFactory | None = None) -> tuple[Site, list[Problem]]:
    """Append `feature` to the data file (created if missing), enriched, if it checks out.

    The whole file is validated and the new site geocoded before anything is written; the
    file is read and written under the folder's lock, so a concurrent command's changes are
    never overwritten. Other sites still to check (a draft) don't stop it: they are kept as
    typed and reported as warnings.
    """
    data_path = Path(data_path)
    with folder_lock(_lock_dir(data_path)):
        if data_path.exists():
            doc = contract.load(data_path)
        else:
            doc = contract.Document(path=data_path, data={"type": "FeatureCollection", "features": []})
        data = doc.data
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            raise contract.DataError([Problem(str(data_path), "the file is not a FeatureCollection",
                                              hint="fix it first (geo validate says how)")])
        data["features"].append(feature)
        new = len(data["features"]) - 1
        prepared = prepare_document(doc, geocoder=geocoder, strict=False)
        mine = [p for p in prepared.warnings if p.index == new]
        contract.raise_for(mine + [p for p in prepared.warnings if p.index is None])
        others = [p if p.severity != "error" or p.index == new else
                  dataclasses.replace(p, severity="warning", message="still to check: " + p.message)
                  for p in prepared.warnings]
        write_all([(data_path, prepared.data_bytes)])
        return prepared.sites[-1], others


@dataclass
class ImportResult:
    """What `import_features` did: the merge report and the state of the data file after it."""

    data_path: Path
    report: Any
    data_written: bool
    sites: list[Site]
    to_check: list[Unresolved]
    warnings: list[Problem]


def _load_or_new(data_path: Path) -> contract.Document:
    if data_path.exists():
        return contract.load(data_path)
    return contract.Document(path=data_path, data={"type": "FeatureCollection", "features": []})


def import_features(data_path: Path, features: list[dict[str, Any]], labels: list[str] | None = None,
                    *, geocoder: GeocoderFactory | None = None, source: str = "",
                    key: Callable[[dict[str, Any]], Any] | None = None,
                    update: bool = True) -> ImportResult:
    """Merge `features` into the data file (created if missing) and save it, enriched.

    Under the folder's lock and in one atomic write: the merge (`geo.merge`) never
    duplicates a site and never loses a value; sites that don't resolve are kept as given
    and listed in `to_check` (a draft, as in `build`). A file unusable as a whole, or two
    features describing the same site, raise DataError and change nothing. `key` and
    `update` are `merge_features`'s.
    """
    from geo.merge import merge_features

    data_path = Path(data_path)
    with folder_lock(_lock_dir(data_path)):
        doc = _load_or_new(data_path)
        if not isinstance(doc.data, dict) or not isinstance(doc.data.get("features"), list):
            raise contract.DataError([Problem(str(data_path), "the file is not a FeatureCollection",
                                              hint="fix it first (geo validate says how)")])
        report = merge_features(doc.data, features, labels, file=source or str(data_path), key=key,
                                update=update)
        prepared = prepare_document(doc, geocoder=geocoder, strict=False)
        written = write_all([(data_path, prepared.data_bytes)])
        return ImportResult(data_path, report, data_path in written, prepared.sites,
                            prepared.to_check, prepared.warnings)


def export(data_path: Path, out_path: Path, fmt: str, *,
           geocoder: GeocoderFactory | None = None) -> tuple[Prepared, bool]:
    """Write the enriched sites to `out_path` in `fmt` (`geo.export.FORMATS`); the data file
    is read under its folder's lock and not changed. Returns what was read and whether the
    export's bytes changed (an unchanged file is not rewritten)."""
    from geo.export import export_bytes, sites_frame

    data_path, out_path = Path(data_path), Path(out_path)
    with folder_lock(_lock_dir(data_path)):
        prepared = prepare(data_path, geocoder=geocoder, strict=False)
        frame = sites_frame(prepared.doc.features, prepared.sites, prepared.to_check)
        written = write_all([(out_path, export_bytes(frame, fmt, out_path.parent))])
        return prepared, out_path in written
