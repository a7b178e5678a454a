"""Run a Python module as ``python -m`` would, then write its peak resident memory (MiB) to a file.

    python benchmarks/peak_memory.py OUT module [arguments...]
    python benchmarks/peak_memory.py OUT -c CODE

The peak is ``VmHWM`` of ``/proc/self/status``: this program's own high-water mark. The ``ru_maxrss``
a parent gets from ``wait4`` is not: a child started by ``vfork`` + ``exec`` (Python's ``subprocess``)
carries the parent's resident size at the fork into it.
"""

from __future__ import annotations

import atexit
import runpy
import sys
from pathlib import Path


def peak_rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    out, module, *arguments = sys.argv[1:]
    atexit.register(lambda: Path(out).write_text(f"{peak_rss_mib():.1f}\n"))
    if module == "-c":
        sys.argv = ["-c"]
        exec(compile(arguments[0], "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = [module, *arguments]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
