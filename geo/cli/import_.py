"""`geo import`: merge a spreadsheet of announcements (CSV, XLSX, ODS) into the data file."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems, terminal_safe


def _mapping(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        column, sep, target = value.rpartition("=")
        if not sep or not column.strip() or not target.strip():
            raise click.BadParameter(f"{value!r}: write COLUMN=field, e.g. 'Ville=place'",
                                     param_hint="--map")
        out[column.strip()] = target.strip()
    return out


@click.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@opt.data_option
@click.option("--map", "maps", multiple=True, metavar="COLUMN=FIELD",
              help="Say what a column is when its header is not recognised, e.g. --map "
              "'Ville=place' --map 'Commentaire=notes'; FIELD 'ignore' leaves the column out. "
              "Repeatable.")
@click.option("--sheet", default=None, help="The sheet to read in an XLSX/ODS file [default: the first].")
@opt.prefer_option
@opt.online_options
def command(source: Path, data_path: Path, maps: tuple[str, ...], sheet: str | None, **geocoding) -> None:
    """Merge the rows of SOURCE (CSV, XLSX or ODS) into the data file, without duplicates.

    Headers are matched in French and English (nom/name, investisseur/investor,
    lieu/place, montant/amount, source/url, date, pays de l'investisseur/
    investor_country…); columns nothing matches are kept as properties and
    listed. A row is the same site as one in the file when it has the same id
    (id column), else the same name, investor and place; an empty cell never
    erases a value. The data file is saved enriched (atomically, under the
    folder's lock); rows that don't resolve are kept as typed and listed, and
    the exit code is then 1. Run `geo build` to update the map.
    """
    import geo

    report = geo.import_sites(source, data_path, mapping=_mapping(maps), sheet=sheet, **geocoding)
    click.echo(f"read {source} ({report.read_as}): {report.rows} rows")
    for header, target in report.columns.items():
        shown = "skipped" if target is None else target
        mark = "  (not recognised: kept as a property)" if header in report.unmatched else ""
        click.echo(terminal_safe(f"  {header} → {shown}{mark}"))
    for note in report.notes:
        click.secho(terminal_safe(f"warning: {note}"), fg="yellow", err=True)
    if report.unmatched:
        click.echo("  use --map 'COLUMN=field' to say what an unrecognised column is")
    print_problems(list(report.warnings), draft="these rows were saved as typed, and the map "
                   "will list them to check.")
    click.echo(f"{report.merge.summary()}; {'updated' if report.data_written else 'unchanged'}: "
               f"{report.data_path}")
    if report.to_check:
        click.echo(f"{len(report.to_check)} site(s) to check; run `geo build` for a draft map")
        raise SystemExit(1)
    click.echo("run `geo build` to update the map")
