"""Keep the README's CLI reference equal to the real `--help` output.

    python scripts/readme_help.py          # rewrite the blocks in README.md
    python scripts/readme_help.py --check  # exit 1 if they are stale (tests/test_readme.py does this)

Each block sits between `<!-- help:CMD -->` and `<!-- /help:CMD -->`, as in
shot-scraper's docs: what users read is what the command prints.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from click.testing import CliRunner

README = Path(__file__).resolve().parent.parent / "README.md"
COMMANDS = ("init", "build", "validate", "geocode", "render", "add", "import", "export", "diff", "embed",
            "extract")
BLOCK = re.compile(r"(<!-- help:(?P<cmd>[a-z]+) -->\n).*?(<!-- /help:(?P=cmd) -->)", re.S)


def help_text(command: str) -> str:
    from geo.cli import main

    result = CliRunner().invoke(main, [command, "--help"], prog_name="geo", terminal_width=88,
                                env={"COLUMNS": "88"})
    return result.output.rstrip() + "\n"


def render(readme: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + "```text\n" + help_text(m.group("cmd")) + "```\n"
                     + m.group(3), readme)


def main(argv: list[str]) -> int:
    text = README.read_text("utf-8")
    new = render(text)
    missing = [c for c in COMMANDS if f"<!-- help:{c} -->" not in text]
    if "--check" in argv:
        if new != text or missing:
            print(f"README.md CLI reference is stale (missing: {missing}); run "
                  "python scripts/readme_help.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
