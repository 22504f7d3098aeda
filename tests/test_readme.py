"""The README documents what the tool really does."""

from __future__ import annotations

import importlib.util
import re

from helpers import REPO_ROOT


def load_script():
    spec = importlib.util.spec_from_file_location("readme_help", REPO_ROOT / "scripts" / "readme_help.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_the_real_help_output():
    script = load_script()
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    assert script.render(readme) == readme, "run: python scripts/readme_help.py"
    for command in script.COMMANDS:
        assert f"<!-- help:{command} -->" in readme


def test_quickstart_has_exactly_two_commands_and_ci_runs_the_same_test_command():
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", quickstart, re.S)
    assert len(commands) == 2
    assert "geo build" in commands[0]
    test_command = commands[1].split("&&")[-1].strip()
    assert test_command == "python -m pytest"
    ci = (REPO_ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^python -m pytest$", ci, re.M)


def test_readme_screenshot_exists():
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    image = re.search(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", readme).group(1)
    assert (REPO_ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
