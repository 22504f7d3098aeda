"""The enriched sites out to the formats analysts use: CSV, XLSX, GeoPackage, GeoJSONSeq,
GeoParquet and KML, for QGIS, a notebook or a spreadsheet.

One table for every format, one row per site in file order: what was typed (id, name,
investor, investor_country, place, amount as announced, date, status, notes, the first
source, part_of, fx_rate, any property of the user's own), then what geo worked out
(amount_label, amount_kind, amount_min_eur / amount_max_eur, the conversion of another
currency, the location's precision, name, code and context) and, for a draft, why a
site is still to check. Only sites placed on the map have a geometry (a site known to the
country or not at all has none, and says so in `precision`): a department is never
exported as a point pretending to be precise, since `precision` travels with it.

Files are written through geopandas and pyogrio (GDAL) - GeoParquet through pyarrow, an
optional dependency (`pip install 'geo[export]'`) - to a temporary file next to the
target, then renamed over it only if its bytes changed. The spreadsheet formats carry the
coordinates in X (longitude) and Y (latitude) columns, as GDAL and QGIS read them; `geo
import` skips those and the other computed columns, so an exported sheet can be edited
and imported back.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geo.amount import format_amount
from geo.enrich import Site, Unresolved

if TYPE_CHECKING:
    import geopandas

__all__ = ["FORMATS", "ExportError", "export_bytes", "sites_frame"]

#: Format -> (file extension, pyogrio driver or "parquet").
FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("csv", "CSV"), "xlsx": ("xlsx", "XLSX"), "gpkg": ("gpkg", "GPKG"),
    "geojsonseq": ("geojsons", "GeoJSONSeq"), "parquet": ("parquet", "parquet"),
    "kml": ("kml", "KML"),
}
_TYPED = ("name", "investor", "investor_country", "place", "amount", "date", "status", "notes")
_OPTIONAL = ("part_of", "fx_rate")
_SOURCE = ("url", "title", "publisher", "date")
_SKIPPED = set(_TYPED) | set(_OPTIONAL) | {"sources", "amount_eur", "location"}


class ExportError(ValueError):
    """The export cannot be made (a missing optional package, an unknown format)."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _extra_columns(features: list[dict[str, Any]]) -> list[str]:
    seen: dict[str, None] = {}
    for feature in features:
        for key in (feature.get("properties") or {}):
            if key not in _SKIPPED:
                seen.setdefault(key, None)
    return list(seen)


def _column(values: list[Any]) -> list[Any]:
    """Numbers stay numbers when the whole column is numeric; anything else becomes text."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return values
    return [_text(v) for v in values]


def _row(feature: dict[str, Any], site: Site | None, pending: Unresolved | None,
         extras: list[str]) -> dict[str, Any]:
    props = feature.get("properties") or {}
    row: dict[str, Any] = {"id": _text(feature.get("id"))}
    row.update({k: _text(props.get(k)) for k in _TYPED})
    row.update({k: props.get(k) for k in _OPTIONAL})
    sources = props.get("sources") if isinstance(props.get("sources"), list) else []
    first = next((s for s in sources if isinstance(s, dict)), {})
    row.update({f"source_{k}": _text(first.get(k)) for k in _SOURCE})
    row.update({k: props.get(k) for k in extras})
    amount = site.amount if site is not None else None
    conversion = amount.converted if amount is not None else None
    row.update({
        "amount_label": format_amount(amount, "fr") if amount is not None else None,
        "amount_kind": amount.kind if amount is not None else None,
        "amount_min_eur": amount.min if amount is not None else None,
        "amount_max_eur": amount.max if amount is not None else None,
        "amount_currency": conversion.currency if conversion else None,
        "amount_rate": conversion.rate if conversion else None,
        "amount_rate_date": conversion.date if conversion else None,
        "precision": site.precision if site is not None else None,
        "location_name": site.location_name if site is not None else None,
        "location_code": site.location_code if site is not None else None,
        "location_context": site.context if site is not None else None,
        "to_check": "; ".join(f"{p.field}: {p.message}" for p in pending.problems)
        if pending is not None else None,
    })
    return row


def sites_frame(features: list[dict[str, Any]], sites: Sequence[Site],
                to_check: Sequence[Unresolved] = ()) -> geopandas.GeoDataFrame:
    """The export table (see the module docstring) as a GeoDataFrame in EPSG:4326."""
    import geopandas
    from shapely.geometry import Point

    by_index = {s.index: s for s in sites}
    pending = {u.index: u for u in to_check}
    extras = _extra_columns(features)
    rows = [_row(f, by_index.get(i), pending.get(i), extras) for i, f in enumerate(features)]
    columns = list(rows[0]) if rows else ["id", *_TYPED]
    data = {c: _column([r[c] for r in rows]) for c in columns}
    # Optional columns only when some site has them: a sheet without conversions has no
    # empty rate columns.
    for c in (*_OPTIONAL, "amount_currency", "amount_rate", "amount_rate_date", "to_check",
              *(f"source_{k}" for k in _SOURCE[1:])):
        if c in data and all(v is None for v in data[c]):
            del data[c]
    geometry = [Point(s.lon, s.lat) if s is not None and s.mapped else None
                for s in (by_index.get(i) for i in range(len(features)))]
    frame = geopandas.GeoDataFrame(data, geometry=geometry, crs="EPSG:4326")
    for c in ("amount_min_eur", "amount_max_eur"):
        if c in frame:
            frame[c] = frame[c].astype("float64")
    return frame


def export_bytes(frame: geopandas.GeoDataFrame, fmt: str, folder: Path) -> bytes:
    """The file's bytes in `fmt`, made in a temporary file in `folder` (then removed)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    ext, driver = FORMATS[fmt]
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".geo-export.", suffix="." + ext, dir=folder)
    os.close(fd)
    os.unlink(tmp)  # GDAL creates the file itself
    try:
        _write(frame, Path(tmp), fmt, driver)
        data = Path(tmp).read_bytes()
        return _fixed_zip_times(data) if fmt == "xlsx" else data
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _write(frame: geopandas.GeoDataFrame, path: Path, fmt: str, driver: str) -> None:
    if fmt == "parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ExportError("GeoParquet needs pyarrow: pip install 'geo[export]'") from None
        frame.to_parquet(path, index=False)
        return
    import pyogrio

    if fmt in ("csv", "xlsx"):
        table = frame.drop(columns="geometry")
        table["X"] = [g.x if g is not None else None for g in frame.geometry]
        table["Y"] = [g.y if g is not None else None for g in frame.geometry]
        options = {"layer_options": {"WRITE_BOM": "YES"}} if fmt == "csv" else {}
        with _fixed_clock():
            pyogrio.write_dataframe(table, path, driver=driver, layer="sites", **options)
        return
    options: dict[str, Any] = {}
    if fmt == "gpkg":  # a fixed date in the metadata: the same sites give the same file
        options["layer_options"] = {"IDENTIFIER": "sites"}
    with _fixed_clock():
        pyogrio.write_dataframe(frame, path, driver=driver, layer="sites", **options)


def _fixed_zip_times(data: bytes) -> bytes:
    """An XLSX (a zip) with its entries dated 1980-01-01, so that the same sites give the same
    file (GDAL dates them now) and an unchanged export is not rewritten."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type, fixed.external_attr = info.compress_type, info.external_attr
            target.writestr(fixed, source.read(info))
    return out.getvalue()


@contextlib.contextmanager
def _fixed_clock():
    import pyogrio

    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": None})
