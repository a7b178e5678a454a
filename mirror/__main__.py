"""Run the offline mirror: ``python -m mirror --overrides data/mirror-sources.json``.

Prints each site's address, writes the source overrides file that points bantin at the mirror,
and serves until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path

from mirror.server import start_mirror


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the offline copies of the news sites on 127.0.0.1.")
    parser.add_argument("--overrides", type=Path, required=True, help="where to write the source overrides JSON")
    parser.add_argument("--port-base", type=int, default=0, help="first port (0: any free ports)")
    parser.add_argument("--event-sets", action="store_true", help="also serve the labelled event sets (August 2025)")
    args = parser.parse_args()

    from mirror.sites import SITE_LAYOUTS

    ports = {key: args.port_base + i for i, key in enumerate(SITE_LAYOUTS)} if args.port_base else None
    mirror = start_mirror(ports=ports, event_sets=args.event_sets)
    mirror.write_overrides(args.overrides)
    for site in mirror.servers:
        print(f"{site:16s} {mirror.base_url(site)}", flush=True)
        for old in mirror.alias_base_urls(site):
            print(f"{'':16s} {old} (old domain: 301 to the above)", flush=True)
    print(f"overrides written to {args.overrides}", flush=True)

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    mirror.stop()


if __name__ == "__main__":
    main()
