"""The forked serialiser behind `geo build`: same bytes as in-process, and nothing left behind.

Each case runs in a fresh interpreter: the test process itself has loaded numpy (whose
threads rule out forking), while `geo build` forks before anything starts a thread.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import REPO_ROOT

from geo import contract as model

#: `aside` forks on Linux only; elsewhere it does the work in the parent, with the same results.
LINUX = sys.platform.startswith("linux")


def run_script(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                         text=True, timeout=60, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.e2e
def test_the_child_returns_what_the_function_returns():
    result = run_script("""
        import json, os
        from geo.core.aside import aside, can_fork
        parent = os.getpid()
        def work(n):
            return (str(os.getpid() != parent) + ":").encode() + b"x" * n
        forked = can_fork()
        with aside(work, 3_000_000) as get:  # far more than a pipe holds
            value = get()
            again = get()
        print(json.dumps({"forked": forked, "head": value[:5].decode(), "n": len(value),
                          "same": value is again}))
    """)
    assert result == {"forked": LINUX, "head": f"{LINUX}:", "n": 3_000_005, "same": True}


@pytest.mark.e2e
def test_a_child_that_dies_is_replaced_by_the_work_done_here():
    result = run_script("""
        import json, os
        from geo.core.aside import aside
        parent = os.getpid()
        def work(arg):
            if os.getpid() != parent:
                os._exit(3)  # as if killed, or out of memory
            return b"done here"
        with aside(work, None) as get:
            value = get()
        print(json.dumps({"value": value.decode()}))
    """)
    assert result == {"value": "done here"}


@pytest.mark.e2e
def test_an_error_in_the_child_is_raised_here_as_usual():
    result = run_script("""
        import json
        from geo.core.aside import aside
        def work(arg):
            raise ValueError("Out of range float values are not JSON compliant")
        try:
            with aside(work, None) as get:
                get()
        except ValueError as exc:
            print(json.dumps({"error": str(exc)}))
    """)
    assert result == {"error": "Out of range float values are not JSON compliant"}


@pytest.mark.e2e
def test_leaving_early_kills_the_child():
    result = run_script("""
        import json, os, time
        from geo.core.aside import aside
        def work(arg):
            time.sleep(60)
            return b""
        try:
            with aside(work, None):
                raise RuntimeError("rendering failed")
        except RuntimeError:
            pass
        # No child remains, not even a zombie: waiting for any child fails at once.
        try:
            os.waitpid(-1, os.WNOHANG)
            left = True
        except ChildProcessError:
            left = False
        print(json.dumps({"left": left}))
    """)
    assert result == {"left": False}


@pytest.mark.e2e
def test_a_multithreaded_process_does_the_work_itself():
    result = run_script("""
        import json, os, threading
        from geo.core.aside import aside, can_fork
        stop = threading.Event()
        threading.Thread(target=stop.wait, daemon=True).start()
        parent = os.getpid()
        with aside(lambda _: str(os.getpid() == parent).encode(), None) as get:
            here = get().decode()
        forkable = can_fork()  # asked while the thread still runs: once stopped, it may be gone
        stop.set()
        print(json.dumps({"can_fork": forkable, "here": here}))
    """)
    assert result == {"can_fork": False, "here": "True"}


@pytest.mark.e2e
def test_geo_build_writes_the_same_bytes_as_the_writer(tmp_path: Path):
    """Through the real CLI (which forks): the rewritten data file is the canonical text."""
    data = tmp_path / "data" / "sites.geojson"
    data.parent.mkdir()
    seed = REPO_ROOT / "data" / "sites.geojson"
    source = json.loads(seed.read_text("utf-8"))
    data.write_text(json.dumps(source, ensure_ascii=False, indent=4), "utf-8")
    subprocess.run([sys.executable, "-m", "geo", "build", "--offline"], cwd=tmp_path, check=True,
                   capture_output=True, timeout=120)
    written = data.read_bytes()
    assert written == model.dumps(json.loads(written))
    assert written == seed.read_bytes()
