"""How problems reach the user: one line each, file/feature/field first, then what to do."""

from __future__ import annotations

import click

from geo.errors import Problem


def print_problems(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        label = "error" if problem.severity == "error" else "warning"
        color = "red" if label == "error" else "yellow"
        click.secho(f"{label}: ", fg=color, bold=True, nl=False, err=True)
        click.echo(str(problem), err=True)
    if errors:
        plural = "s" if len(errors) > 1 else ""
        click.secho(f"{len(errors)} problem{plural} to fix; nothing was written.", fg="red", err=True)
