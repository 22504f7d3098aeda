"""How problems reach the user: one line each, file/feature/field first, then what to do.

Problems are listed in file order (whole-file problems first, then feature by
feature), each with the line of its feature when it can be found, so that
`sites.geojson:42` takes an editor straight there. Text copied from the data
(a place, a link) is printed with control characters escaped: a data file must
not be able to move the cursor, recolour or rewrite the user's terminal.
"""

from __future__ import annotations

import re

import click

from geo.core.errors import Problem

#: C0/C1 controls (but newlines), and the Unicode bidi controls that can reorder what's shown.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def terminal_safe(text: str) -> str:
    """`text` with control characters shown as escapes (\\x1b, \\u202e) instead of obeyed."""
    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(escape, text)


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.index is not None, problem.index or 0)


def print_problems(problems: list[Problem], draft: str | None = None) -> None:
    """Every problem, in file order; `draft` replaces "nothing was written" when a draft was."""
    if not problems:
        return
    from geo.contract import with_lines

    problems = sorted(with_lines(problems), key=_order)  # stable: same-feature order is kept
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        label = "error" if problem.severity == "error" else "warning"
        color = "red" if label == "error" else "yellow"
        click.secho(f"{label}: ", fg=color, bold=True, nl=False, err=True)
        click.echo(terminal_safe(str(problem)), err=True)
    if errors:
        plural = "s" if len(errors) > 1 else ""
        click.secho(f"{len(errors)} problem{plural} to fix; {draft or 'nothing was written.'}",
                    fg="red", err=True)


def print_changes(changes, limit: int = 40) -> None:
    """What changed since the data file's last version, as a short table (`geo.diff.Changes`)."""
    if changes is None:
        return
    if not changes:
        click.echo(f"no change since {changes.since}")
        return
    click.echo(f"changes since {changes.since}: {changes.summary()}")
    lines = changes.lines()
    for line in lines[:limit]:
        click.echo("  " + terminal_safe(line))
    if len(lines) > limit:
        click.echo(f"  … and {len(lines) - limit} more lines (geo diff shows them all)")
