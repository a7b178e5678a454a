"""bantin's date reader against plain dateparser on the same real-looking strings.

Run from the project folder: ``.venv/bin/python benchmarks/dates_benchmark.py [--seed N] [--rounds N]``.

The strings come from ``benchmarks/date_strings.py`` (a fixed seed: bylines, metadata values, lead
mentions, relative expressions with their reference, and strings that hold no complete day).
Both parsers read every string against the same reference; dateparser is called as a careful user
would call it: ``languages=["vi"]``, ``DATE_ORDER="DMY"``, ``RELATIVE_BASE=reference``,
``PREFER_DATES_FROM="past"``. A naive answer from dateparser is taken as Vietnam's wall clock.

Accuracy: the day is right (and, for a string that holds none, the parser said None); the minute
is right where the string gives one. Speed: each parser is warmed up once, then the whole list is
read ``--rounds`` times and the fastest round counts, the same for both.
The script exits with status 1 unless bantin is at least 50x faster and more accurate.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.date_strings import SEED, VIETNAM, Case, build_cases  # noqa: E402
from transforms.dates import parse_date  # noqa: E402

Reader = Callable[[str, datetime], "datetime | None"]
REQUIRED_RATIO = 50.0


def bantin(text: str, reference: datetime) -> datetime | None:
    parsed = parse_date(text, reference)
    return parsed.value if parsed is not None else None


def plain_dateparser(text: str, reference: datetime) -> datetime | None:
    import dateparser

    settings = {"DATE_ORDER": "DMY", "RELATIVE_BASE": reference, "PREFER_DATES_FROM": "past"}
    value = dateparser.parse(text, languages=["vi"], settings=settings)
    if value is None:
        return None
    return value.replace(tzinfo=VIETNAM) if value.tzinfo is None else value.astimezone(VIETNAM)


def day_right(case: Case, value: datetime | None) -> bool:
    if case.expected is None:
        return value is None
    return value is not None and value.date().isoformat() == case.expected[:10]


def minute_right(case: Case, value: datetime | None) -> bool:
    return value is not None and value.strftime("%Y-%m-%dT%H:%M") == case.expected


def timed(reader: Reader, cases: list[Case], rounds: int) -> tuple[list[datetime | None], float]:
    """The answers and the fastest of ``rounds`` full passes, after one warm-up call."""
    reader(cases[0].text, cases[0].reference)
    best, answers = float("inf"), []
    for _ in range(rounds):
        started = time.perf_counter()
        answers = [reader(case.text, case.reference) for case in cases]
        best = min(best, time.perf_counter() - started)
    return answers, best


def percent(right: int, total: int) -> str:
    return f"{100 * right / total:6.1f}%" if total else "     -"


def score(cases: list[Case], answers: list[datetime | None]) -> dict[str, tuple[int, int]]:
    """(right, total) per measure: the day, the minute, the refusals and each kind of string."""
    rows: dict[str, list[int]] = {}

    def count(name: str, right: bool) -> None:
        row = rows.setdefault(name, [0, 0])
        row[0] += right
        row[1] += 1

    for case, value in zip(cases, answers):
        count("day", day_right(case, value))
        count(f"  {case.kind}", day_right(case, value))
        if case.expected is not None and "T" in case.expected:
            count("minute", minute_right(case, value))
    return {name: (right, total) for name, (right, total) in rows.items()}


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--seed", type=int, default=SEED)
    options.add_argument("--rounds", type=int, default=5)
    args = options.parse_args()

    cases = build_cases(args.seed)
    kinds = {kind: sum(case.kind == kind for case in cases) for kind in dict.fromkeys(case.kind for case in cases)}
    ours, our_seconds = timed(bantin, cases, args.rounds)
    theirs, their_seconds = timed(plain_dateparser, cases, args.rounds)
    our_score, their_score = score(cases, ours), score(cases, theirs)

    print(f"{len(cases)} strings (seed {args.seed}): " + ", ".join(f"{n} {kind}" for kind, n in kinds.items()))
    print(f"{'measure':<22}{'bantin parse_date':>20}{'dateparser.parse':>20}")
    for name in ("day", "minute", *(f"  {kind}" for kind in kinds)):
        label = {"day": "day accuracy", "minute": "minute accuracy"}.get(name, name + " (day)")
        (ours_right, total), (theirs_right, _) = our_score[name], their_score[name]
        print(f"{label:<22}{percent(ours_right, total):>20}{percent(theirs_right, total):>20}   (n={total})")
    our_rate, their_rate = len(cases) / our_seconds, len(cases) / their_seconds
    ratio = our_rate / their_rate
    print(f"{'strings/s':<22}{our_rate:>20,.0f}{their_rate:>20,.0f}")
    print(f"{'time per string':<22}{1e6 * our_seconds / len(cases):>18.1f}us{1e6 * their_seconds / len(cases):>18.1f}us")
    print(f"throughput ratio: {ratio:.0f}x (bantin / dateparser, fastest of {args.rounds} rounds each)")

    more_accurate = all(our_score[m][0] > their_score[m][0] for m in ("day", "minute"))
    passed = ratio >= REQUIRED_RATIO and more_accurate
    print(f"requirement (>= {REQUIRED_RATIO:.0f}x faster and more accurate): {'met' if passed else 'NOT met'}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
