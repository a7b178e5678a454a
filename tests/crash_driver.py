"""Publishes one night and stops at a chosen write step, for the crash test (tests/test_crash.py).

    python -m tests.crash_driver 2025-09-24 N

With N > 0 the process prints ``PAUSED <N> <step>`` when it reaches the N-th step of its partition
writes (``warehouse.storage`` checkpoints: encoded, temporary file half written, written, renamed)
and waits there to be killed. With N = 0 it publishes to the end and prints ``DONE <steps>``.
The warehouse and staging come from the environment, as for the nightly run.
"""

from __future__ import annotations

import sys
import time
from datetime import date

from pipeline.publish import publish_night
from warehouse import storage


def main() -> None:
    day, stop_at = date.fromisoformat(sys.argv[1]), int(sys.argv[2])
    steps = 0

    def checkpoint(label: str) -> None:
        nonlocal steps
        steps += 1
        if steps == stop_at:
            print(f"PAUSED {steps} {label}", flush=True)
            while True:
                time.sleep(60)

    storage.set_checkpoint_hook(checkpoint)
    publish_night(day)
    print(f"DONE {steps}", flush=True)


if __name__ == "__main__":
    main()
