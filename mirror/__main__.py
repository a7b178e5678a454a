"""Run the offline mirror: ``python -m mirror --overrides data/mirror-sources.json [--volume 500 --nights 30]``.

Prints each site's address, writes the source overrides file that points bantin at the mirror,
and serves until interrupted.
"""

from __future__ import annotations

import argparse
import signal
import threading
from datetime import date
from pathlib import Path

from mirror.server import start_mirror
from mirror.volume import FIRST_VOLUME_NIGHT, VOLUME_SITES, Volume, nights_from


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the offline copies of the news sites on 127.0.0.1.")
    parser.add_argument("--overrides", type=Path, required=True, help="where to write the source overrides JSON")
    parser.add_argument("--port-base", type=int, default=0, help="first port (0: any free ports)")
    parser.add_argument("--event-sets", action="store_true", help="also serve the labelled event sets (August 2025)")
    parser.add_argument("--volume", type=int, metavar="N", help="also serve N generated articles a night on each volume site")
    parser.add_argument("--nights", type=int, default=1, help="volume mode: how many nights (default 1)")
    parser.add_argument("--first-night", type=date.fromisoformat, default=FIRST_VOLUME_NIGHT, help="volume mode: the first night")
    parser.add_argument("--sites", default=",".join(VOLUME_SITES), help="volume mode: the sites, comma-separated")
    parser.add_argument("--seed", type=int, default=1, help="volume mode: the generator's seed")
    args = parser.parse_args()
    try:
        volume = (
            Volume(args.volume, nights_from(args.first_night, args.nights), tuple(args.sites.split(",")), args.seed)
            if args.volume
            else None
        )
    except ValueError as error:
        parser.error(str(error))

    from mirror.sites import SITE_LAYOUTS

    ports = {key: args.port_base + i for i, key in enumerate(SITE_LAYOUTS)} if args.port_base else None
    mirror = start_mirror(ports=ports, event_sets=args.event_sets, volume=volume)
    mirror.write_overrides(args.overrides)
    for site in mirror.servers:
        print(f"{site:16s} {mirror.base_url(site)}", flush=True)
        for old in mirror.alias_base_urls(site):
            print(f"{'':16s} {old} (old domain: 301 to the above)", flush=True)
    if volume:
        last = volume.nights[-1]
        print(f"volume: {volume.per_night} generated articles a night on {', '.join(volume.sites)}, "
              f"{volume.nights[0]} to {last}", flush=True)  # fmt: skip
    print(f"overrides written to {args.overrides}", flush=True)

    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    mirror.stop()


if __name__ == "__main__":
    main()
