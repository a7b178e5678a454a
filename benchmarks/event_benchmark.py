"""bantin's event linking against datasketch's MinHash LSH and a TF-IDF cosine baseline, on the labelled event sets.

Run from the project folder: ``.venv/bin/python benchmarks/event_benchmark.py [--articles 1000000 | --no-incremental]``.

The data: the mirror's labelled event sets (``mirror/corpus/events/*.yaml``, August 2025), each article
with its ``event`` (independent reports of one event share it), its ``story`` (copies of one text share
it) and its ``thread`` (follow-ups of one case). They hold 60 events of 3–4 reports written by different
newsrooms, copies, 80+ hard negatives (the same template in another commune the same day, the same
resolution elsewhere, the same official at another event) and 16 threads.

* **bantin**: ``transforms.events.event_assignment`` (facts, topic words, copies, components).
* **datasketch**: ``MinHashLSH`` at each threshold from 0.05 to 0.9, 128 permutations over word
  3-gram shingles of the same text (``key_words`` of title, lead and body); query results joined into
  components; the best threshold's F1 is reported (chosen on the same data: an upper bound).
* **TF-IDF**: scikit-learn's ``TfidfVectorizer`` (word 1–2-grams, sublinear tf) and cosine similarity
  between reports published within 3 days, components over pairs above a threshold; the best
  threshold from 0.05 to 0.9 is reported (again an upper bound).

Scores are pairwise: precision = share of the pairs put in one event that are one event; recall = share
of the pairs of one event that were put together. Copies are scored the same way on ``story`` with
``transforms.dedup.assign_clusters``; thread links on pairs of *different* true events (a link is right
when both are of one thread). The script exits 1 unless bantin meets precision ≥ 0.97 and recall ≥ 0.90
on events, copies ≥ 0.99 / 0.97, thread links precision ≥ 0.95, and has the best event F1.

Then the nightly cost of events for 1,000 new articles on a warehouse of a million
(``benchmarks/event_incremental.py``; the synthetic warehouse is built once, about 3 minutes, in
``--workdir``).
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mirror.corpus import MirrorArticle, load_event_sets  # noqa: E402
from sources import load_sources  # noqa: E402
from transforms.dedup import assign_clusters, cluster_ids  # noqa: E402
from transforms.events import assign_threads, event_assignment  # noqa: E402
from transforms.text import key_words, normalize_text  # noqa: E402

THRESHOLDS = [round(0.05 * n, 2) for n in range(1, 19)]
WINDOW_DAYS = 3


def records(articles: Sequence[MirrorArticle]) -> list[dict[str, Any]]:
    """The records ``assign_events`` takes, as the pipeline builds them (body = lead, then paragraphs)."""
    homes = {name: source.province for name, source in load_sources().items()}
    return [
        {
            "article_id": f"{a.site}/{a.slug}",
            "source": a.site,
            "title": a.title,
            "body": "\n".join([a.lead, *a.body]),
            "published_at": a.published_at,
            "event_date": a.event_date,  # as extraction stores it (the day the lead names), which events read
            "home_province": homes.get(a.site),
        }
        for a in articles
    ]


def pair_scores(predicted: Sequence[Hashable], truth: Sequence[Hashable]) -> tuple[float, float, float]:
    """(precision, recall, F1) over all pairs."""
    tp = fp = fn = 0
    for i, j in itertools.combinations(range(len(truth)), 2):
        same, real = predicted[i] == predicted[j], truth[i] == truth[j]
        tp += same and real
        fp += same and not real
        fn += real and not same
    precision, recall = tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)
    return precision, recall, 2 * precision * recall / ((precision + recall) or 1)


def thread_link_scores(predicted: Sequence[str], events: Sequence[str], threads: Sequence[str]) -> tuple[float, float]:
    """(precision, recall) of the links between different true events."""
    first = {event: n for n, event in enumerate(events)}
    chosen = sorted(first.values())
    tp = fp = fn = 0
    for i, j in itertools.combinations(chosen, 2):
        same, real = predicted[i] == predicted[j], threads[i] == threads[j]
        tp += same and real
        fp += same and not real
        fn += real and not same
    return tp / ((tp + fp) or 1), tp / ((tp + fn) or 1)


def texts(rows: list[dict[str, Any]]) -> list[list[str]]:
    return [key_words(normalize_text(f"{r['title']}\n{r['body']}")) for r in rows]


def minhash_lsh(rows: list[dict[str, Any]], threshold: float) -> list[str]:
    from datasketch import MinHash, MinHashLSH

    lsh, hashes = MinHashLSH(threshold=threshold, num_perm=128), []
    for n, words in enumerate(texts(rows)):
        shingles = {" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))}
        signature = MinHash(num_perm=128)
        signature.update_batch(list(shingles))
        lsh.insert(str(n), signature)
        hashes.append(signature)
    edges = [(n, int(other)) for n, signature in enumerate(hashes) for other in lsh.query(signature) if int(other) != n]
    return cluster_ids([str(n) for n in range(len(rows))], [None] * len(rows), edges)


def tfidf_cosine(rows: list[dict[str, Any]], threshold: float) -> list[str]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(" ".join(w) for w in texts(rows))
    similarity = cosine_similarity(matrix)
    days = [r["published_at"].date().toordinal() for r in rows]
    edges = [
        (i, j)
        for i, j in itertools.combinations(range(len(rows)), 2)
        if abs(days[i] - days[j]) <= WINDOW_DAYS and similarity[i, j] >= threshold
    ]
    return cluster_ids([str(n) for n in range(len(rows))], [None] * len(rows), edges)


def best(method: Callable[[list[dict[str, Any]], float], list[str]], rows: list[dict[str, Any]], truth: list[str]) -> tuple:
    """(F1, precision, recall, threshold, docs/s) at the threshold with the best F1."""
    results = []
    for threshold in THRESHOLDS:
        start = time.perf_counter()
        groups = method(rows, threshold)
        elapsed = time.perf_counter() - start
        precision, recall, f1 = pair_scores(groups, truth)
        results.append((f1, precision, recall, threshold, len(rows) / elapsed))
    return max(results)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1_000_000, help="warehouse size for the nightly cost")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-bench/events"))
    parser.add_argument("--no-incremental", action="store_true", help="skip the nightly cost")
    args = parser.parse_args()
    articles = sorted(load_event_sets(), key=lambda a: (a.published_at, a.site, a.slug))
    rows = records(articles)
    events = [str(a.event) for a in articles]
    threads = [str(a.thread or a.event) for a in articles]
    stories = [a.story for a in articles]
    start = time.perf_counter()
    ids, links = event_assignment(rows)
    elapsed = time.perf_counter() - start
    thread_ids = assign_threads(rows, ids)
    precision, recall, f1 = pair_scores(ids, events)
    copy_precision, copy_recall, _ = pair_scores(assign_clusters(rows), stories)
    link_precision, link_recall = thread_link_scores(thread_ids, events, threads)
    print(
        f"{len(rows)} reports, {len(set(events))} events, {len(set(stories))} texts, "
        f"{len({t for t, e in zip(threads, events, strict=True) if t != e})} threads"
    )
    print(f"{'method':<28}{'precision':>10}{'recall':>8}{'F1':>7}{'docs/s':>9}")
    print(f"{'bantin events':<28}{precision:>10.3f}{recall:>8.3f}{f1:>7.3f}{len(rows) / elapsed:>9.0f}")
    lsh = best(minhash_lsh, rows, events)
    print(f"{f'datasketch LSH (t={lsh[3]})':<28}{lsh[1]:>10.3f}{lsh[2]:>8.3f}{lsh[0]:>7.3f}{lsh[4]:>9.0f}")
    tfidf = best(tfidf_cosine, rows, events)
    print(f"{f'TF-IDF cosine (t={tfidf[3]})':<28}{tfidf[1]:>10.3f}{tfidf[2]:>8.3f}{tfidf[0]:>7.3f}{tfidf[4]:>9.0f}")
    print(f"copies (stories): precision {copy_precision:.3f}, recall {copy_recall:.3f}")
    print(f"thread links (between events): precision {link_precision:.3f}, recall {link_recall:.3f}")
    ok = (
        precision >= 0.97 and recall >= 0.90 and copy_precision >= 0.99 and copy_recall >= 0.97
        and link_precision >= 0.95 and f1 > max(lsh[0], tfidf[0])
    )  # fmt: skip
    print(f"targets {'met' if ok else 'NOT met'}; {len(links)} event links recorded, e.g. {links[0].matched if links else ()}")
    if not args.no_incremental:
        from benchmarks.event_incremental import incremental_cost, print_cost

        print()
        print_cost(args.articles, incremental_cost(args.articles, args.workdir))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
