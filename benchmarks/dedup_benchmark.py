"""bantin's story clustering against datasketch's MinHash LSH, side by side, on labelled Vietnamese news.

Run from the project folder: ``.venv/bin/python benchmarks/dedup_benchmark.py [--synthetic N] [--seed N]``.

Two data sets, both from ``benchmarks/dedup_corpus.py``: (a) the labelled test set
``tests/data/dedup_labelled.jsonl``; (b) ``N`` synthetic documents from ``generate_documents`` (default
100,000; ``--synthetic 0`` skips it). Each document's ``story`` is the truth.

* **bantin**: ``transforms.dedup.assign_clusters(records)``, all of it (normalisation, fingerprints,
  LSH candidates, verification, components).
* **datasketch**: ``MinHashLSH()`` with its defaults (threshold 0.9, 128 permutations), one
  ``MinHash(num_perm=128)`` per document over the *same* normalised text bantin matches
  (``key_of_normalized(story_text(body))``, the words bantin shingles), word 3-gram shingles encoded
  as UTF-8, built with ``MinHash.generator`` (datasketch's own fast path for many documents: the
  permutations are drawn once, not per document); every document inserted, then every document
  queried, and the query results joined into clusters (union-find). The time includes normalising,
  shingling and building the MinHashes.

Each method runs in a forked child process with a time budget (``--budget``, default 900 s) and an
address-space cap (``--memory-gb``, default 12): a method that runs out of either is reported as not
finished (with what it ran out of) rather than hanging the run or pushing the machine into swap.
Sets of up to 5,000 documents are clustered five times and the fastest round counts (sub-second
timings are noisy); larger sets once.

Time is the clustering process's CPU time (both methods are single-threaded Python and numpy), so that
other work on a shared machine does not decide the comparison; wall-clock time is shown next to it,
with the load average before and after the run.

Scores are pairwise: precision = share of the pairs put in one cluster that are one story, recall =
share of the pairs of one story that were put in one cluster. Pairs are counted with combinatorics
over the cluster × story contingency table, never enumerated, so 100,000 documents cost nothing extra.
The script exits with status 1 unless bantin has the higher F1 and is not slower on every data set.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.dedup_corpus import SEED, generate_documents, pair_scores  # noqa: E402
from transforms.dedup import assign_clusters, story_text  # noqa: E402
from transforms.text import key_words  # noqa: E402

LABELLED = Path(__file__).resolve().parent.parent / "tests" / "data" / "dedup_labelled.jsonl"
NUM_PERM = 128
SHINGLE = 3
SMALL_SET = 5_000  # sets this small are clustered SMALL_SET_ROUNDS times and the fastest round counts
SMALL_SET_ROUNDS = 5


@dataclass(frozen=True)
class Row:
    method: str
    data: str
    docs: int
    precision: float | None
    recall: float | None
    f1: float | None
    seconds: float | None  # CPU seconds of the clustering
    failure: str = ""  # why the method did not finish (time budget, memory cap, error)
    wall: float | None = None

    @property
    def rate(self) -> float | None:
        return self.docs / self.seconds if self.seconds else None


def as_records(docs: Sequence[dict]) -> list[dict]:
    """What bantin's clustering reads: aware datetimes instead of ISO strings."""
    return [{**doc, "published_at": datetime.fromisoformat(doc["published_at"])} for doc in docs]


def bantin(docs: Sequence[dict]) -> Sequence[Hashable]:
    records = as_records(docs)
    began, cpu = time.perf_counter(), time.process_time()
    clusters = assign_clusters(records)
    bantin.seconds, bantin.wall = time.process_time() - cpu, time.perf_counter() - began  # type: ignore[attr-defined]
    return clusters


def shingles(body: str) -> set[bytes]:
    words = key_words(story_text(body))
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def datasketch(docs: Sequence[dict]) -> Sequence[Hashable]:
    from datasketch import MinHash, MinHashLSH

    began, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(num_perm=NUM_PERM)  # threshold=0.9 by default
    signatures = list(MinHash.generator((list(shingles(doc["body"])) for doc in docs), num_perm=NUM_PERM))
    with lsh.insertion_session() as session:
        for index, signature in enumerate(signatures):
            session.insert(index, signature)
    parent = list(range(len(docs)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, signature in enumerate(signatures):
        for other in lsh.query(signature):
            parent[root(index)] = root(other)
    clusters = [root(i) for i in range(len(docs))]
    datasketch.seconds, datasketch.wall = time.process_time() - cpu, time.perf_counter() - began  # type: ignore[attr-defined]
    return clusters


METHODS: dict[str, Callable[[Sequence[dict]], Sequence[Hashable]]] = {"bantin": bantin, "datasketch": datasketch}


def _child(cluster: Callable[[Sequence[dict]], Sequence[Hashable]], docs: Sequence[dict], memory_gb: float, pipe) -> None:
    limit = int(memory_gb * 2**30)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        rounds = SMALL_SET_ROUNDS if len(docs) <= SMALL_SET else 1
        seconds = []
        for _ in range(rounds):
            clusters = cluster(docs)
            seconds.append((cluster.seconds, cluster.wall))  # type: ignore[attr-defined]
        pipe.send(("ok", [str(c) for c in clusters], min(seconds)))
    except MemoryError:
        pipe.send(("error", f"out of memory (cap {memory_gb:g} GB)", None))
    except Exception as error:  # noqa: BLE001 - reported in the table
        pipe.send(("error", f"{type(error).__name__}: {error}", None))


def measure(method: str, cluster: Callable, name: str, docs: Sequence[dict], budget: float, memory_gb: float) -> Row:
    """Run one method in a forked child (it inherits ``docs``), within the time budget and memory cap."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(cluster, docs, memory_gb, sender), daemon=True)
    began = time.perf_counter()
    child.start()
    sender.close()
    ready = receiver.poll(budget)
    if not ready:
        child.kill()
        child.join()
        return Row(method, name, len(docs), None, None, None, None, f"not finished within the {budget:g} s budget")
    try:
        status, payload, seconds = receiver.recv()
    except EOFError:
        child.join()
        return Row(method, name, len(docs), None, None, None, None,
                   f"child died (exit code {child.exitcode}) after {time.perf_counter() - began:.0f} s")  # fmt: skip
    child.join()
    if status != "ok":
        return Row(method, name, len(docs), None, None, None, None, f"{payload} after {time.perf_counter() - began:.0f} s")
    scores = pair_scores(payload, [doc["story"] for doc in docs])
    return Row(method, name, len(docs), scores.precision, scores.recall, scores.f1, seconds[0], wall=seconds[1])


def run(name: str, docs: Sequence[dict], budget: float, memory_gb: float) -> list[Row]:
    rows = []
    for method, cluster in METHODS.items():
        print(f"  {method} on {name} ({len(docs):,} documents)...", file=sys.stderr, flush=True)
        rows.append(measure(method, cluster, name, docs, budget, memory_gb))
    return rows


def _num(value: float | None, spec: str, width: int) -> str:
    return f"{value:>{width}{spec}}" if value is not None else f"{'-':>{width}}"


def table(rows: Sequence[Row]) -> str:
    lines = [
        f"{'data':<10} {'method':<11} {'docs':>8} {'precision':>9} {'recall':>7} {'F1':>7} {'seconds':>9} {'docs/s':>9} {'wall s':>8}"
    ]
    for row in rows:
        line = (f"{row.data:<10} {row.method:<11} {row.docs:>8,} {_num(row.precision, '.4f', 9)} {_num(row.recall, '.4f', 7)} "
                f"{_num(row.f1, '.4f', 7)} {_num(row.seconds, '.2f', 9)} {_num(row.rate, ',.0f', 9)} {_num(row.wall, '.1f', 8)}")  # fmt: skip
        lines.append(line + (f"  ({row.failure})" if row.failure else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="synthetic documents (0: labelled set only)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--budget", type=float, default=900.0, help="seconds each method may take on one data set")
    parser.add_argument("--memory-gb", type=float, default=12.0, help="address-space cap of each method's process")
    args = parser.parse_args(argv)

    sets: list[tuple[str, list[dict]]] = []
    labelled = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    sets.append(("labelled", labelled))
    if args.synthetic:
        began = time.perf_counter()
        synthetic = generate_documents(args.synthetic, args.seed)
        print(f"  generated {len(synthetic):,} synthetic documents in {time.perf_counter() - began:.1f} s", file=sys.stderr)
        sets.append(("synthetic", synthetic))

    rows: list[Row] = []
    load_before = os.getloadavg()
    for name, docs in sets:
        rows.extend(run(name, docs, args.budget, args.memory_gb))
    print(table(rows))
    print(f"seconds = CPU seconds of the clustering process; load average (1 min) {load_before[0]:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after, on {os.cpu_count()} cores")  # fmt: skip
    ok = True
    for name, _ in sets:
        ours, theirs = (next(r for r in rows if r.data == name and r.method == m) for m in ("bantin", "datasketch"))
        if ours.failure or theirs.failure:
            wins = not ours.failure
            ok &= wins
            print(f"{name}: bantin {'did not finish: ' + ours.failure if ours.failure else 'finished'}; "
                  f"datasketch {'did not finish: ' + theirs.failure if theirs.failure else 'finished'}: "
                  f"{'bantin wins' if wins else 'acceptance NOT met'}")  # fmt: skip
            continue
        assert ours.rate and theirs.rate and ours.f1 is not None and theirs.f1 is not None  # both finished
        ratio = ours.rate / theirs.rate
        wins = ours.f1 > theirs.f1 and ratio >= 1.0
        ok &= wins
        print(f"{name}: bantin docs/s ÷ datasketch docs/s = {ratio:.2f}; F1 {ours.f1:.4f} vs {theirs.f1:.4f}: "
              f"{'bantin wins' if wins else 'acceptance NOT met (bantin must have the higher F1 and not be slower)'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
