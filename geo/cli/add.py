"""`geo add`: append a site to the data file from the command line, then enrich it."""

from __future__ import annotations

from pathlib import Path

import click

from geo.cli import options as opt
from geo.cli.report import print_problems


@click.command("add")
@opt.data_option
@click.option("--name", required=True, help='Site name, e.g. "Data center".')
@click.option("--place", required=True,
              help='Where: "Cambrai (Nord)", "Essonne", "France", or "48.59, 2.19".')
@click.option("--amount", required=True,
              help="As announced: \"20 milliards d'euros\", \"€1.5bn\", \"non communiqué\".")
@click.option("--investor", default=None, help="Who invests.")
@click.option("--country", "investor_country", default=None,
              help="Investor's country, ISO alpha-2 (FR, CA, AE, GB).")
@click.option("--date", default=None, help="Announcement date, e.g. 2025-02-09.")
@click.option("--status", default=None, help="e.g. announced, under construction.")
@click.option("--notes", default=None, help="Anything a reader should know.")
@click.option("--source-url", default=None, help="Link to the source (http/https).")
@click.option("--source-title", default=None, help="Title of the source.")
@opt.prefer_option
@opt.online_options
def command(data_path: Path, name: str, place: str, amount: str, investor: str | None,
            investor_country: str | None, date: str | None, status: str | None,
            notes: str | None, source_url: str | None, source_title: str | None,
            prefer: str | None, online: str | None, nominatim_url: str | None,
            user_agent: str | None) -> None:
    """Add one site and save the data file, geocoded, if everything checks out.

    The new site is validated, its amount parsed and its place geocoded before
    anything is written; run `geo build` afterwards to regenerate the map.
    """
    from geo import contract as model
    from geo import pipeline
    from geo.core.files import write_all

    geocoder = opt.online_factory(online, nominatim_url, user_agent, prefer)
    doc = model.load(data_path) if data_path.exists() else None
    data = doc.data if doc else {"type": "FeatureCollection", "features": []}
    props = {"name": name, "investor": investor, "investor_country": investor_country,
             "place": place, "amount": amount, "date": date, "status": status, "notes": notes}
    props = {k: v for k, v in props.items() if v is not None}
    if source_url or source_title:
        props["sources"] = [{k: v for k, v in (("url", source_url), ("title", source_title)) if v}]
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise click.ClickException(f"{data_path} is not a FeatureCollection; fix it first "
                                   "(geo validate says how)")
    data["features"].append({"type": "Feature", "geometry": None, "properties": props})
    staged = model.Document(path=data_path, data=data, digest=doc.digest if doc else b"")
    prepared = pipeline.prepare_document(staged, prefer=prefer, online=geocoder)
    print_problems(prepared.warnings)
    write_all([(data_path, prepared.data_bytes)])
    site = prepared.sites[-1]
    click.echo(f"added {site.id}: {site.name} ({site.location_name}, {site.precision}) "
               f"to {data_path}; run `geo build` to update the map")
