"""The API for a newsroom's inputs: articles, spreadsheets, versions, a new map's folder."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.api.sites import OptionError, PathLike, Sites, _as_sites, _finder
from geo.core.errors import DataError, Problem

if TYPE_CHECKING:
    from geo.diff import Changes
    from geo.enrich import Unresolved
    from geo.extract import Extraction
    from geo.merge import MergeReport

def extract(article: PathLike | None = None, *, text: str | None = None, lang: str | None = None,
            fmt: str | None = None, append: PathLike | None = None, only: Sequence[int] | None = None,
            source_url: str | None = None, source_title: str | None = None) -> Extraction:
    """Draft sites from a news article or a press kit, as `geo extract` (needs the `[extract]` extra).

    Give the article's path, or its `text`. `fmt` ("text", "markdown", "html") is guessed
    from the file name or the content; `lang` ("fr", "en") is detected. Each draft carries
    the sentence(s) it was read from (`evidence`, with offsets in `Extraction.text`), a
    `confidence` and `notes`; amounts that are not sites are in `not_sites` with the reason.
    `only` keeps the drafts numbered so (from 1, as `--review` shows them). With `append`
    (a data file), the drafts are added to it with status "à vérifier", never duplicating
    a site already there; `Extraction.appended` says what was added. Raises
    `ExtractUnavailable` (with the install command) when the extra is missing.
    """
    from geo.extract import extract as read

    if (article is None) == (text is None):
        raise OptionError("give either an article's path or its text")
    name = None
    if text is None:
        name = os.fspath(article)
        text = Path(article).read_text("utf-8")
    source = {"url": source_url, "title": source_title}
    if source_url is not None:
        from geo.core.urls import safe_url

        if safe_url(source_url) is None:
            raise OptionError(f"--source-url must be an http(s) link, not {source_url!r}")
    result = read(text, lang=lang, fmt=fmt, name=name,
                  source={k: v for k, v in source.items() if v})
    if only:
        wrong = [n for n in only if not 1 <= n <= len(result.sites)]
        if wrong:
            raise OptionError(f"--only {','.join(map(str, wrong))}: the article gave "
                              f"{len(result.sites)} draft(s), numbered 1 to {len(result.sites)}")
        result.sites = [result.sites[n - 1] for n in dict.fromkeys(only)]
    if append is not None:
        from geo.extract.append import append_drafts

        result.appended = append_drafts(Path(append), result.sites)
    return result
@dataclass
class ImportReport:
    """What `import_sites` did: how the file was read, what each column became, the merge."""

    source: Path
    #: "CSV, UTF-8, delimiter ';'" / "XLSX, sheet 'Feuil1'".
    read_as: str
    rows: int
    #: Header -> field (or the property it was kept as, or None when skipped).
    columns: dict[str, str | None]
    #: Headers nothing matched: their values were kept as properties of the same name.
    unmatched: list[str]
    #: Headers skipped (computed by geo, or `--map COLUMN=ignore`).
    skipped: list[str]
    merge: MergeReport
    data_path: Path
    data_written: bool
    #: Sites that don't resolve yet (a draft map lists them), with what to type.
    to_check: tuple[Unresolved, ...]
    warnings: tuple[Problem, ...]
    notes: tuple[str, ...] = ()


def import_sites(source: PathLike, data: PathLike = "data/sites.geojson", *,
                 mapping: dict[str, str] | None = None, sheet: str | None = None,
                 prefer: str | None = None, online: str | None = None,
                 nominatim_url: str | None = None, user_agent: str | None = None) -> ImportReport:
    """Merge the rows of a spreadsheet (CSV, XLSX, ODS) into the data file, as `geo import`.

    Headers are matched in French and English (nom/name, lieu/place, montant/amount,
    source/url…); `mapping` ({"Ville": "place", "Commentaire": "ignore"}) overrides them;
    unmatched columns are kept as properties. Rows are merged without duplicates (by `id`
    when there is an id column, else by name, investor and place) and the data file is
    saved enriched, atomically, under the folder's lock. A table that cannot be read, or two
    rows describing one site, raise `DataError` and change nothing.
    """
    from geo import pipeline, sheets

    source = Path(source)
    try:
        table = sheets.read_table(source, sheet=sheet)
        columns = sheets.match_columns(table.header, mapping)
    except (sheets.SheetError, ValueError) as exc:
        raise DataError([Problem(str(source), str(exc))]) from None
    if "name" not in columns.targets and "id" not in columns.targets:
        raise DataError([Problem(str(source), "no column gives the sites' names",
                                 hint="name one column \"nom\" or \"name\", or say which it is: "
                                 "--map 'COLUMN=name'")])
    rows = sheets.row_features(table, columns)
    result = pipeline.import_features(Path(data), [f for _, f in rows], [f"row {n}" for n, _ in rows],
                                      geocoder=_finder(prefer, online, nominatim_url, user_agent),
                                      source=str(source))
    described = {h: (t[len("property:"):] if t and t.startswith("property:") else t)
                 for h, t in zip(table.header, columns.targets, strict=True) if h}
    return ImportReport(source, table.describe(), len(rows), described, columns.unmatched,
                        columns.skipped, result.report, result.data_path, result.data_written,
                        tuple(result.to_check), tuple(result.warnings), tuple(columns.warnings))


def export_sites(data: PathLike = "data/sites.geojson", out: PathLike | None = None, *,
                 to: str = "csv", prefer: str | None = None) -> tuple[Path, bool, Sites]:
    """Write the enriched sites as CSV, XLSX, GPKG, GeoJSONSeq, GeoParquet or KML (as `geo export`).

    `out` defaults to output/sites.<ext>. Returns the path, whether its bytes changed, and
    the sites (with those still to check). The data file is not changed.
    """
    from geo import pipeline
    from geo.export import FORMATS

    if to not in FORMATS:
        raise OptionError(f"unknown export format {to!r}: use one of {', '.join(FORMATS)}")
    out_path = Path(out) if out is not None else Path("output") / f"sites.{FORMATS[to][0]}"
    reading, written = pipeline.export(Path(data), out_path, to,
                                       geocoder=_finder(prefer, None, None, None))
    return out_path, written, _as_sites(reading)


def diff_sites(old: PathLike | bytes, new: PathLike | bytes = "data/sites.geojson") -> Changes:
    """What changed between two versions of a data file (paths, or their bytes), as `geo diff`.

    >>> before = open(SEED, "rb").read().replace(b'"10 milliards', b'"12 milliards')
    >>> diff_sites(before, SEED).summary()
    '0 added, 0 removed, 1 amount changed, 0 places changed'
    """
    from geo import diff

    def version(value: PathLike | bytes, label: str) -> diff.Snapshot:
        if isinstance(value, bytes):
            return diff.read_version(value, label)
        return diff.read_version(Path(value).read_bytes(), str(value))

    old_version = version(old, "OLD")
    return diff.compare(old_version, version(new, "NEW"))


def init_map(folder: PathLike = ".", *, title: str | None = None, lang: str = "fr") -> list[Path]:
    """Start a new map in `folder`: data/sites.geojson (settings and one example site), a
    .gitignore and a README. Refuses (DataError, nothing written) if any of them exists."""
    from geo.core.files import locked, write_all
    from geo.starter import starter_files

    if lang not in ("fr", "en"):
        raise OptionError(f"lang must be 'fr' or 'en', not {lang!r}")
    files = starter_files(Path(folder), title=title, lang=lang)
    # Under the folders' locks: a command writing there at the same time is waited for, and
    # a file it creates meanwhile is seen (and refused) instead of overwritten.
    with locked([path for path, _ in files]):
        existing = [path for path, _ in files if os.path.lexists(path)]
        if existing:
            raise DataError([Problem(str(p), "already exists: geo init never overwrites a file",
                                     hint="start the map in an empty folder (geo init FOLDER), or "
                                     "move this file away") for p in existing])
        write_all(files, skip_unchanged=False)
    return [path for path, _ in files]
