"""The `geo` command: a thin click layer over plain functions (one file per subcommand).

Exit codes: 0 ok, 1 data error (the message says file, feature, field and
what to do), 2 usage error.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

import click

from geo.core.errors import DataError
from geo.core.version import __version__

#: Subcommand name -> its module (one file per subcommand), imported only when it runs.
COMMANDS = {name: f"geo.cli.{name}" for name in ("add", "build", "diff", "embed", "export", "extract",
                                                 "geocode", "init", "render", "validate")}
COMMANDS["import"] = "geo.cli.import_"  # `import` is a Python keyword


class GeoGroup(click.Group):
    """Turns known failures into clear messages and exit codes; tracebacks only with --debug.

    Subcommands load lazily: `geo geocode Cambrai` should not pay for importing the
    renderer's or the embedder's modules (cold start is one of the geocoder's targets).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS and cmd_name not in self.commands:
            self.add_command(importlib.import_module(COMMANDS[cmd_name]).command, cmd_name)
        return super().get_command(ctx, cmd_name)

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
            from geo.core.files import LockTimeout

            if isinstance(exc, LockTimeout):
                click.secho(terminal_safe(f"error: {exc}"), fg="red", err=True)
                click.echo("nothing was changed; wait for the other command to finish, or wait "
                           "longer with --lock-timeout SECONDS (or GEO_LOCK_TIMEOUT)", err=True)
                ctx.exit(1)

            reason = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            where = f": {exc.filename}" if exc.filename else ""
            click.secho(terminal_safe(f"error: {reason}{where}"), fg="red", err=True)
            click.echo("nothing was changed: every file was left as it was; fix the cause and "
                       "run again (--debug shows the full traceback)", err=True)
            ctx.exit(1)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for a CLI
            from geo.api import OptionError

            if isinstance(exc, OptionError):  # options that contradict each other: usage
                raise click.UsageError(str(exc), ctx=ctx) from None
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


def run() -> None:
    """The console entry point: `main`, then a quick exit once everything is written.

    Tearing the interpreter down after a big map (a last full garbage collection over the
    sites still referenced, then every module freed) is work for nothing: the files are
    written and closed by then. So the exit code is kept, output is flushed, and the process
    ends with os._exit. An unexpected exception (--debug) still unwinds normally, so its
    traceback prints. Measured with bench/tricks.py (`geo build`, best of 3, interleaved):
    at 100,000 sites a normal exit took 14.5 s against 10.7 s (the trick gains 27 %); at
    10,000 sites 3.6 s against 3.4 s (6 %). It is kept for the big maps.

    (The collector is no longer switched off for the whole command: beyond the library's
    own pauses during bulk stages, it gained 2 % at 100,000 sites and nothing at 10,000.)
    """
    try:
        main()
    except SystemExit as exc:
        code = exc.code
    else:  # pragma: no cover - click's standalone mode always raises SystemExit
        code = 0
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError, ValueError):  # e.g. `geo geocode ... | head -1`
            pass
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
