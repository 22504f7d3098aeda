"""`geo extract`: draft sites from a news article or a press kit, each with its evidence."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from geo.cli import options as opt


def _numbers(ctx: click.Context, param: click.Parameter, value: str | None) -> list[int] | None:
    if value is None:
        return None
    try:
        numbers = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError:
        raise click.BadParameter(f"{value!r}: give draft numbers separated by commas, e.g. 1,3,4") from None
    if not numbers:
        raise click.BadParameter("give at least one draft number, e.g. 1,3,4")
    return numbers


@click.command("extract")
@click.argument("article", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help='Print one JSON object: {"sites": [draft Features], "not_sites": [...]}.')
@click.option("--review", is_flag=True,
              help="Print a numbered table (investor · place → resolved · amount → parsed · "
              "confidence) with the sentence each draft was read from.")
@click.option("--append", "append", is_flag=True,
              help='Add the drafts to the data file with status "à vérifier" (never a site '
              "already there).")
@click.option("--only", callback=_numbers, metavar="1,3,4",
              help="Keep only these drafts (numbers as --review shows them).")
@click.option("--lang", type=click.Choice(["fr", "en"]), default=None,
              help="Language of the article [default: detected].")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html"]), default=None,
              help="Article format [default: from the file name, else the content].")
@click.option("--source-url", default=None, help="Link to the article, kept in each draft's sources.")
@click.option("--source-title", default=None, help="Title of the article [default: its own].")
@opt.data_option
def command(article: Path, as_json: bool, review: bool, append: bool, only: list[int] | None,
            lang: str | None, fmt: str | None, source_url: str | None, source_title: str | None,
            data_path: Path) -> None:
    """Read ARTICLE (plain text, Markdown or HTML; - for standard input) and print
    the sites it announces as drafts: who invests how much where, with the
    sentence that proves it, a confidence and notes. Totals, funds, foundations
    and amounts with no place are listed apart, with the reason.

    Needs the [extract] extra (spaCy and its French model): pip install 'geo[extract]'.
    Exit code 0 when the article was read (even with no site), 2 when the extra is missing.
    """
    from geo.api import extract
    from geo.extract import ExtractUnavailable, review_lines

    text = sys.stdin.read() if str(article) == "-" else None
    try:
        result = extract(None if text is not None else article, text=text, lang=lang, fmt=fmt,
                         append=data_path if append else None, only=only, source_url=source_url,
                         source_title=source_title)
    except ExtractUnavailable as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        raise SystemExit(2) from None
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    elif review:
        for line in review_lines(result):
            click.echo(line)
    else:
        _summary(result)
    if result.appended is not None:
        added, same = result.appended["added"], result.appended["unchanged"]
        click.echo(f"{len(added)} draft(s) added to {data_path}, {len(same)} already there; "
                   "check them, then run `geo build`", err=as_json)


def _summary(result) -> None:
    from geo.extract.drafts import review_lines

    for line in review_lines(result):
        if not line.lstrip().startswith(("«", "notes:")):
            click.echo(line)
