"""The analysts' demo warehouse: every night of the mirror's calendar run through Airflow, one with a failed site.

``docs/analysts.md`` shows its example queries' output on this warehouse, and its test
(``tests/test_analysts.py``) rebuilds it and compares. Regenerate the document with one command::

    bash scripts/analyst-docs          # builds data/demo/ (12 runs of bantin_nightly, ~4 min), rewrites the outputs

The nights are 2025-09-20 … 2025-10-01 (the mirror's calendar). On 2025-09-27 the site of Báo Gia Lai
answers HTTP 500 to everything, as a real outage would: that night's run fails, ``source_health`` says
why, the other sources publish, and the report of the following nights shows the gap. Then three
August nights of the labelled event sets (independent reports of one event, follow-ups weeks later)
run afterwards, as a backfill would, against a mirror that serves those sets.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

NIGHTS = [date(2025, 9, 20) + timedelta(days=n) for n in range(12)]
FAILED_SITE_NIGHTS = {date(2025, 9, 27): "baogialai"}
# A district congress (6 August), its new committee's first meeting (15 August), a gambling bust charged
# on 16 August: events told by several newsrooms, and threads across the nights.
EVENT_NIGHTS = [date(2025, 8, 6), date(2025, 8, 15), date(2025, 8, 16)]
ALL_NIGHTS = sorted(NIGHTS + EVENT_NIGHTS)


def build(mirror) -> dict[date, str]:  # noqa: ANN001 (mirror.server.Mirror)
    """Run bantin_nightly for every demo night into ``$BANTIN_WAREHOUSE``, then the event nights; return each run's state."""
    from tests.airflow_runs import run_night

    states = {}
    for night in NIGHTS:
        site = FAILED_SITE_NIGHTS.get(night)
        if site:
            mirror.fail_site(site, 500)
        try:
            states[night] = run_night(night).state
        finally:
            if site:
                mirror.fail_site(site, None)
    return states | build_event_nights()


def build_event_nights() -> dict[date, str]:
    """Run the event nights against a mirror that also serves the labelled event sets."""
    from mirror.server import start_mirror
    from tests.airflow_runs import run_night

    events_mirror = start_mirror(event_sets=True)
    previous = os.environ.get("BANTIN_SOURCE_OVERRIDES")
    with tempfile.TemporaryDirectory(prefix="bantin-event-mirror-") as folder:
        os.environ["BANTIN_SOURCE_OVERRIDES"] = str(events_mirror.write_overrides(Path(folder) / "sources.json"))
        try:
            return {night: run_night(night).state for night in EVENT_NIGHTS}
        finally:
            events_mirror.stop()
            if previous is None:
                os.environ.pop("BANTIN_SOURCE_OVERRIDES", None)
            else:
                os.environ["BANTIN_SOURCE_OVERRIDES"] = previous


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the demo warehouse and rewrite the outputs of docs/analysts.md.")
    parser.add_argument("--data", type=Path, default=Path("data/demo"), help="folder for warehouse/, staging/, reports/")
    parser.add_argument("--doc", type=Path, default=Path("docs/analysts.md"))
    args = parser.parse_args()
    if "AIRFLOW_HOME" not in os.environ:
        parser.error("run through scripts/analyst-docs (it sets up a private Airflow home)")
    root = args.data.resolve() / "warehouse"
    if args.data.exists() and any(args.data.iterdir()):
        parser.error(f"{args.data} is not empty; remove it first")
    args.data.mkdir(parents=True, exist_ok=True)
    os.environ.update({"BANTIN_WAREHOUSE": str(root), "BANTIN_STAGING": str(args.data.resolve() / "staging")})
    os.environ.pop("BANTIN_REPORTS", None)
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True)

    from mirror.server import start_mirror
    from warehouse.examples import rewrite_document

    mirror = start_mirror()
    os.environ["BANTIN_SOURCE_OVERRIDES"] = str(mirror.write_overrides(args.data.resolve() / "mirror-sources.json"))
    try:
        for night, state in build(mirror).items():
            print(f"{night}: {state}", flush=True)
    finally:
        mirror.stop()
    changed = rewrite_document(args.doc, root)
    print(f"{args.doc}: {changed} example output(s) changed; warehouse {root}")


if __name__ == "__main__":
    main()
