"""Runs one warehouse-writing job and stops at a chosen write step, for the crash tests (tests/test_crash.py).

    python -m tests.crash_driver publish 2025-09-24 N   # publish_night of that night
    python -m tests.crash_driver compact 2025-09-25 N   # compact every night before that day
    python -m tests.crash_driver seen cand N            # build (and cache) the seen-URL index of a source

With N > 0 the process prints ``PAUSED <N> <step>`` when it reaches the N-th step of its writes (the
``warehouse.storage`` checkpoints: partition files encoded, temporary file half written, written, renamed;
compaction's nightly files read and each deletion; the seen index's temporary file written, fsynced,
renamed) and waits there to be killed. With N = 0 it runs to the end and prints ``DONE <steps>``.
The warehouse, staging and seen-index cache come from the environment, as for the nightly run.

The tests run the same job through ``serve``: a process forked from a multiprocessing fork server that
imported the warehouse modules once, so each of the dozens of killed runs does not pay Python's and
pyarrow's start-up; it sends its lines over a pipe instead of printing them.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from multiprocessing.connection import Connection

from warehouse import storage


def run_job(job: str, argument: str) -> None:
    if job == "publish":
        from pipeline.publish import publish_night

        publish_night(date.fromisoformat(argument))
    elif job == "compact":
        from warehouse.compaction import compact

        compact(older_than=date.fromisoformat(argument))
    elif job == "seen":
        from warehouse.seen import load_seen_index

        load_seen_index(argument)
    else:
        raise SystemExit(f"unknown job {job!r}: publish, compact or seen")


def run_until(job: str, argument: str, stop_at: int, say: Callable[[str], None]) -> None:
    """Run ``job``; at its ``stop_at``-th write step say ``PAUSED <N> <step>`` and wait to be killed;
    at its end (``stop_at`` 0, or past the last step) say ``DONE <steps>``."""
    steps = 0

    def checkpoint(label: str) -> None:
        nonlocal steps
        steps += 1
        if steps == stop_at:
            say(f"PAUSED {steps} {label}")
            while True:
                time.sleep(60)

    storage.set_checkpoint_hook(checkpoint)
    run_job(job, argument)
    say(f"DONE {steps}")


def serve(job: str, argument: str, stop_at: int, environment: dict[str, str], replies: Connection) -> None:
    """``run_until`` in a forked process, with the caller's environment, its lines sent over ``replies``."""
    os.environ.clear()
    os.environ.update(environment)
    run_until(job, argument, stop_at, replies.send)


def main() -> None:
    run_until(sys.argv[1], sys.argv[2], int(sys.argv[3]), lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
