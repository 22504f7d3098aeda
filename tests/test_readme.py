"""The README documents what the tool really does."""

from __future__ import annotations

import importlib.util
import re

import pytest
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


def test_readme_screenshots_exist_at_both_widths():
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    images = re.findall(r"!\[[^\]]*\]\((docs/[^)]+\.png)\)", readme)
    assert {"docs/seed-map-1280.png", "docs/seed-map-360.png"} <= set(images)
    for image in images:
        assert (REPO_ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.e2e
def test_the_screenshots_are_made_by_the_real_command(tmp_path, browser):
    """scripts/readme_screenshots.py, as the README says: `geo render --offline --png` at
    1280 and 360 px, images of the stated sizes, no panel cut (no warning)."""
    import struct
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "readme_screenshots.py"), "--out",
                           str(tmp_path)], capture_output=True, text=True, timeout=300, check=True)
    assert "warning" not in done.stderr
    for name, size in (("seed-map-1280.png", (1280, 800)), ("seed-map-360.png", (360, 1600))):
        header = (tmp_path / name).read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", header[16:24]) == size
