"""The `geo` command: a thin click layer over plain functions (one file per subcommand).

Exit codes: 0 ok, 1 data error (the message says file, feature, field and
what to do), 2 usage error.
"""

from __future__ import annotations

import errno
import sys

import click

from geo import __version__
from geo.errors import DataError


class GeoGroup(click.Group):
    """Turns known failures into clear messages and exit codes; tracebacks only with --debug."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DataError as exc:
            from geo.cli.report import print_problems

            print_problems(exc.problems + exc.warnings)
            if ctx.params.get("debug"):
                raise
            ctx.exit(1)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted; files are left as they were", err=True)
            ctx.exit(130)
        except OSError as exc:
            if ctx.params.get("debug"):
                raise
            from geo.cli.report import terminal_safe

            reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            where = f": {exc.filename}" if exc.filename else ""
            click.secho(terminal_safe(f"error: {reason}{where}"), fg="red", err=True)
            click.echo("nothing was changed: every file was left as it was; fix the cause and "
                       "run again (--debug shows the full traceback)", err=True)
            ctx.exit(1)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for a CLI
            if ctx.params.get("debug"):
                raise
            from geo.cli.report import terminal_safe

            click.secho(terminal_safe(f"error: {type(exc).__name__}: {exc}"), fg="red", err=True)
            click.echo("nothing was written; run again with --debug for the full traceback",
                       err=True)
            ctx.exit(1)


@click.group(cls=GeoGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geo")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
def main(debug: bool) -> None:
    """Turn announced investments into a versioned GeoJSON file and an honest map.

    Run in a project folder: commands read ./data/sites.geojson and write
    ./output/map.html unless --data / --out say otherwise.
    """


def _register() -> None:
    from geo.cli import add, build, embed, geocode, render, validate

    for module in (build, validate, geocode, render, add, embed):
        main.add_command(module.command)


_register()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
