"""One piece of CPU-bound work done in a forked child while the parent goes on.

`geo build` must both serialise the data file (to write it, or to see that it is
unchanged) and render the map. Both are pure Python, so threads would take turns on
the GIL; a forked child does the serialising on another core from the parent's own
memory, with no pickling of the document. Measured with bench/tricks.py (`geo build`, best
of 3, interleaved, on a shared 2-core machine): at 100,000 sites 10.7 s with it against
14.8 s without (it gains 28 %, and the parent's peak RSS is 763 MB against 925 MB, since it
never holds the serialised file and the tree together); at 10,000 sites no gain (3.4 s
against 3.2 s, within the machine's noise). It is kept for the big maps.

The child only computes bytes and sends them back through a pipe: it never touches a
file, so a killed or failed child cannot leave anything half-written. Whenever the
child does not deliver (no fork on this platform, a multi-threaded process, a crash,
an exception), the work is simply done again in the parent, where any error is raised
as usual. Same input, same bytes, either way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from typing import Any

_OK = b"\x00"


def _single_threaded() -> bool:
    """Forking a multi-threaded process can deadlock the child (a lock held by a thread
    that does not exist there); Linux lists the process's threads under /proc."""
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and _single_threaded()


@contextlib.contextmanager
def aside(fn: Callable[[Any], bytes], arg: Any) -> Iterator[Callable[[], bytes]]:
    """Start `fn(arg)` in a child; yields a function that returns its bytes.

    Leaving the block without collecting the result (an error while rendering) kills
    the child and closes the pipe, so nothing is left running in a long-lived process.
    """
    if not can_fork():
        yield lambda: fn(arg)
        return
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, and leave without running any clean-up
        status = 0
        try:
            os.close(read_fd)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            data = fn(arg)
            for part in (_OK, data):  # two writes: no second copy of a 100 MB file
                view = memoryview(part)
                while view:
                    view = view[os.write(write_fd, view):]
        except BaseException:  # noqa: BLE001 - the parent redoes the work and reports
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    collected: list[bytes] = []

    def result() -> bytes:
        if not collected:
            chunks = []
            while chunk := os.read(read_fd, 1 << 20):
                chunks.append(chunk)
            _, status = os.waitpid(pid, 0)
            payload = b"".join(chunks)
            ok = status == 0 and payload[:1] == _OK
            collected.append(payload[1:] if ok else fn(arg))
        return collected[0]

    try:
        yield result
    finally:
        os.close(read_fd)
        if not collected:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
