"""`geo export`: the enriched sites as CSV, XLSX, GeoPackage, GeoJSONSeq, GeoParquet or KML."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems

FORMATS = ("csv", "xlsx", "gpkg", "geojsonseq", "parquet", "kml")


@click.command("export")
@opt.data_option
@click.option("--to", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="Format: csv and xlsx for spreadsheets (coordinates in X/Y columns), gpkg "
              "for QGIS, geojsonseq (one site per line), parquet (GeoParquet), kml.")
@click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write it [default: output/sites.EXT].")
@opt.prefer_option
def command(data_path: Path, fmt: str, out_path: Path | None, prefer: str | None) -> None:
    """Export the enriched sites, one row each, for a spreadsheet, QGIS or a notebook.

    Every typed field and every computed one (amount kind and bounds in euros,
    conversion, location precision, name and code); only sites placed on the
    map have a geometry. Sites still to check are exported as typed, with the
    reason in a to_check column. The data file is not changed.
    """
    import geo
    from geo.export import ExportError

    try:
        path, written, sites = geo.export_sites(data_path, out_path, to=fmt, prefer=prefer)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    print_problems([p for p in sites.warnings if p.severity != "error"])
    extra = f", {len(sites.to_check)} still to check" if sites.to_check else ""
    click.echo(f"{'wrote' if written else 'unchanged'}: {path} ({len(sites)} sites{extra})")
