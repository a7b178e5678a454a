"""Runs one warehouse-writing job and stops at a chosen write step, for the crash tests (tests/test_crash.py).

``serve(job, argument, N, environment, replies)`` runs in a process forked from a multiprocessing fork
server that imported the warehouse modules once (each of the dozens of killed runs would otherwise pay
Python's and pyarrow's start-up). The jobs: ``publish <night>`` (publish_night), ``compact <day>``
(compact every night before that day), ``seen <source>`` (build and cache the seen-URL index).

With N > 0 the job sends ``PAUSED <N> <step>`` over ``replies`` when it reaches the N-th step of its
writes (the ``warehouse.storage`` checkpoints: partition files encoded, temporary file half written,
written, renamed; compaction's nightly files read and each deletion; the seen index's temporary file
written, fsynced, renamed) and waits there to be killed. With N = 0 it runs to the end and sends
``DONE <steps>``. The warehouse, staging and seen-index cache come from ``environment``, as for the
nightly run.
"""

from __future__ import annotations

import os
import time
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


def serve(job: str, argument: str, stop_at: int, environment: dict[str, str], replies: Connection) -> None:
    """Run ``job`` with the caller's environment; at its ``stop_at``-th write step send ``PAUSED <N> <step>``
    and wait to be killed; at its end (``stop_at`` 0, or past the last step) send ``DONE <steps>``."""
    os.environ.clear()
    os.environ.update(environment)
    steps = 0

    def checkpoint(label: str) -> None:
        nonlocal steps
        steps += 1
        if steps == stop_at:
            replies.send(f"PAUSED {steps} {label}")
            while True:
                time.sleep(60)

    storage.set_checkpoint_hook(checkpoint)
    run_job(job, argument)
    replies.send(f"DONE {steps}")
