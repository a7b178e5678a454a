"""A whole night at real volume through Airflow, next to a bare Scrapy fetch of the same pages.

    .venv/bin/python benchmarks/night_benchmark.py [--sizes 50,200,500] [--sites cand,nhandan,...]

For each size N the mirror, in volume mode (``mirror/volume.py``), serves N generated articles on the
night for each of the seven sites, through each site's own discovery (sitemaps, listing pages, feeds).
Then, in the same run:

With ``--history 365,1095`` the largest night runs again on top of a warehouse of one and of three
years of past nights (``benchmarks/history_warehouse.py``), to see what grows with the warehouse.

1. **bare Scrapy** (``benchmarks/bare_fetch.py``) fetches exactly the night's article pages and does
   nothing else, with the project's concurrency (8 requests at once, 2 per site) and no delay: what
   fetching alone costs;
2. **the night**: ``airflow dags test bantin_nightly`` (SQLite metadata, an empty warehouse) for
   those seven sources only (``BANTIN_SOURCES_DIR``), download delay 0 (the mirror's overrides);
3. **each stage after the crawl again, in a fresh process** on the night's files, for its own peak
   memory and CPU time (``dags test`` runs every task in one process); each crawl's own come from its
   crawl report (the crawl runs in a process of its own);
4. **every stored article against its truth**: title, lead, outlet tag, body and publication time
   equal to what the generated article holds, and every article of the night stored.

Printed: wall time per stage, the night's wall time over bare Scrapy's, CPU seconds per 1,000 pages
outside fetching (the night's CPU time less the bare fetch's), peak RSS per task, the truth check.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from mirror.server import Mirror, start_mirror  # noqa: E402
from mirror.truth import served_url, stored_form  # noqa: E402
from mirror.volume import FIRST_VOLUME_NIGHT, VOLUME_SITES, Volume, volume_articles  # noqa: E402

NIGHT = FIRST_VOLUME_NIGHT
STAGES = ("start_night", "crawl", "extract", "deduplicate", "publish", "quality_check", "report")
# The stages after the crawl, as the DAG's tasks call them: run again one by one in fresh processes.
STAGE_CALLS = {
    "extract": "from pipeline.articles import extract_night as step",
    "deduplicate": "from pipeline.clusters import deduplicate_night as step",
    "publish": "from pipeline.publish import publish_night as step",
    "quality_check": "from pipeline.quality import check_night as step",
    "report": "from warehouse.report import write_report as step",
}
COMPARED = ("title", "lead", "outlet_tag", "body", "published_at")
RUN_ID = "night-benchmark"  # one staging folder for the Airflow run and the stages run again


@dataclass
class Measured:
    wall_s: float
    cpu_s: float
    peak_rss_mib: float = 0.0


@dataclass
class NightResult:
    per_site: int
    pages: int
    bare: Measured
    night: Measured
    state: str
    stage_wall: dict[str, float]
    stage_again: dict[str, Measured]
    crawl_peak_rss_mib: float
    crawl_cpu_s: float
    stored: int
    mismatches: dict[str, int] = field(default_factory=dict)
    missing: int = 0
    example: str = ""


def children_usage() -> tuple[float, float]:
    """(CPU seconds, peak RSS in MiB) of the waited-for child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def run_measured(python_arguments: list[str], env: dict[str, str], log: Path) -> tuple[Measured, int]:
    """Run ``python <python_arguments>`` (``-m module ...`` or ``-c code``) to its end: its wall time, its
    CPU time with its children's, and its own peak RSS (``benchmarks/peak_memory.py``)."""
    peak_file = log.with_suffix(".peak")
    started, (cpu_before, _) = time.perf_counter(), children_usage()
    arguments = python_arguments[1:] if python_arguments[0] == "-m" else python_arguments
    command = [sys.executable, str(PROJECT_DIR / "benchmarks" / "peak_memory.py"), str(peak_file), *arguments]
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.run(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)
    wall = time.perf_counter() - started
    cpu = children_usage()[0] - cpu_before
    peak = float(peak_file.read_text()) if peak_file.exists() else 0.0
    return Measured(wall, cpu, peak), process.returncode


def environment(work: Path, overrides: Path, sources: Path) -> dict[str, str]:
    """An embedded Airflow (SQLite) and a warehouse of their own in ``work``; only the ``sources`` folder's sources."""
    airflow_home = work / "airflow"
    return os.environ | {
        "PYTHONPATH": str(PROJECT_DIR),
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_DIR / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{airflow_home}/airflow.db",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(airflow_home / "logs"),
        "BANTIN_WAREHOUSE": str(work / "warehouse"),
        "BANTIN_STAGING": str(work / "staging"),
        "BANTIN_SOURCE_OVERRIDES": str(overrides),
        "BANTIN_SOURCES_DIR": str(sources),
        "BANTIN_SCRAPY_LOG_LEVEL": "WARNING",
    }


def source_folder(work: Path, sites: tuple[str, ...]) -> Path:
    """A sources folder holding only the benchmark's sites' files."""
    folder = work / "sources"
    folder.mkdir(parents=True)
    for site in sites:
        shutil.copy(PROJECT_DIR / "sources" / f"{site}.yaml", folder)
    return folder


def bare_fetch(mirror: Mirror, volume: Volume, work: Path, env: dict[str, str]) -> Measured:
    urls = work / "urls.txt"
    urls.write_text("\n".join(served_url(mirror, a) for a in volume_articles(volume)), encoding="utf-8")
    command = ["-m", "scrapy", "runspider", str(PROJECT_DIR / "benchmarks" / "bare_fetch.py"), "-a", f"urls={urls}",
               "-s", "CONCURRENT_REQUESTS=8", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "DOWNLOAD_DELAY=0",
               "-s", "ROBOTSTXT_OBEY=False", "-s", "LOG_LEVEL=INFO"]  # fmt: skip
    bare_env = {key: value for key, value in env.items() if key != "SCRAPY_SETTINGS_MODULE"}
    measured, code = run_measured(command, bare_env, work / "bare_fetch.log")
    log = (work / "bare_fetch.log").read_text(encoding="utf-8")
    if code != 0 or f"'bare/pages': {len(volume_articles(volume))}" not in log:
        raise SystemExit(f"the bare fetch did not fetch every page (see {work / 'bare_fetch.log'})")
    return measured


def stage_walls(airflow_db: Path) -> tuple[dict[str, float], str]:
    """Each stage's wall time (a mapped stage: from its first start to its last end) and the run's state."""
    with sqlite3.connect(airflow_db) as db:
        rows = db.execute("SELECT task_id, start_date, end_date FROM task_instance").fetchall()
        state = db.execute("SELECT state FROM dag_run").fetchone()[0]
    spans: dict[str, list[datetime]] = {}
    for task, start, end in rows:
        spans.setdefault(task, []).extend([datetime.fromisoformat(start), datetime.fromisoformat(end)])
    return {task: (max(times) - min(times)).total_seconds() for task, times in spans.items()}, state


def stages_again(env: dict[str, str], work: Path) -> dict[str, Measured]:
    """Each stage after the crawl once more, in its own process, in the DAG's order."""
    measured = {}
    for stage, import_line in STAGE_CALLS.items():
        code = f"import datetime; {import_line}; step(datetime.date.fromisoformat({NIGHT.isoformat()!r}))"
        measured[stage], status = run_measured(["-c", code], env, work / f"{stage}.log")
        if status != 0:
            raise SystemExit(f"{stage} failed when run again (see {work / f'{stage}.log'})")
    return measured


def crawl_use(work: Path, sites: tuple[str, ...]) -> tuple[float, float]:
    """(largest peak RSS in MiB, total CPU seconds) of the night's crawl processes, from their reports."""
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in (work / "staging").glob(f"{NIGHT}/*/crawl/*.report.json")]
    if len(reports) != len(sites):
        raise SystemExit(f"expected {len(sites)} crawl reports, found {len(reports)}")
    return max(r["peak_rss_mib"] for r in reports), sum(r["cpu_s"] for r in reports)


def truth_check(mirror: Mirror, volume: Volume, warehouse: Path) -> tuple[int, dict[str, int], int, str]:
    """(articles stored for the volume's nights, mismatches by field, generated articles not stored, one mismatch shown)."""
    from warehouse.views import connect

    columns = ", ".join(("source", "url", *COMPARED))
    query = f"SELECT {columns} FROM articles WHERE published_date BETWEEN ? AND ?"
    rows = connect(warehouse).execute(query, [min(volume.nights), max(volume.nights)]).fetchall()
    stored = {(row[0], row[1]): dict(zip(COMPARED, row[2:], strict=True)) for row in rows}
    mismatches = dict.fromkeys(COMPARED, 0)
    missing, example = 0, ""
    for article in volume_articles(volume):
        got = stored.get((article.site, served_url(mirror, article)))
        if got is None:
            missing += 1
            continue
        want = stored_form(article)
        for name in COMPARED:
            if got[name] != want[name]:
                mismatches[name] += 1
                example = (
                    example
                    or f"{article.site} {article.slug} {name}: stored {str(got[name])[:120]!r}, truth {str(want[name])[:120]!r}"
                )
    return len(rows), mismatches, missing, example


@functools.cache
def migrated_database(root: Path) -> Path:
    """An empty Airflow metadata database, migrated once per benchmark run and copied into each night's."""
    home = root / "airflow-migrated"
    shutil.rmtree(home, ignore_errors=True)
    database = home / "airflow.db"
    env = os.environ | {"AIRFLOW_HOME": str(home), "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{database}"}
    migrated = subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], env=env, capture_output=True, text=True)
    if migrated.returncode != 0:
        raise SystemExit(migrated.stderr[-2000:])
    return database


def run_size(per_site: int, sites: tuple[str, ...], root: Path, seed: int, history: Path | None = None) -> NightResult:
    """The night of ``per_site`` articles a site, on an empty warehouse or on ``history`` (moved into the run's folder)."""
    work = root / (f"night-{per_site}" if history is None else f"night-{per_site}-on-{history.name}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if history is not None:
        history.rename(work / "warehouse")
    volume = Volume(per_site, (NIGHT,), sites, seed)
    mirror = start_mirror(volume=volume)
    try:
        env = environment(work, mirror.write_overrides(work / "mirror-sources.json"), source_folder(work, sites))
        env["BANTIN_RUN_ID"] = RUN_ID
        (work / "airflow").mkdir()
        shutil.copy(migrated_database(root), work / "airflow" / "airflow.db")
        print(f"  {per_site} a site: bare Scrapy fetch of {per_site * len(sites):,} pages", flush=True)
        bare = bare_fetch(mirror, volume, work, env)
        print(f"  {per_site} a site: the night through airflow dags test", flush=True)
        logical_date = f"{NIGHT + timedelta(days=1)}T02:00:00+07:00"
        command = ["-m", "airflow", "dags", "test", "bantin_nightly", logical_date]
        night, _ = run_measured(command, env, work / "night.log")
        walls, state = stage_walls(work / "airflow" / "airflow.db")
        crawl_rss, crawl_cpu = crawl_use(work, sites)
        stored, mismatches, missing, example = truth_check(mirror, volume, work / "warehouse")
        print(f"  {per_site} a site: each stage again in a fresh process", flush=True)
        again = stages_again(env, work)
    finally:
        mirror.stop()
    return NightResult(per_site, per_site * len(sites), bare, night, state, walls, again, crawl_rss, crawl_cpu,
                       stored, mismatches, missing, example)  # fmt: skip


def table_row(label: str, values: Iterable[object], spec: str = ">14.1f") -> None:
    """One line of a results table: the label, then one right-aligned column per run."""
    print(f"{label:34}" + "".join(f"{value:{spec}}" for value in values))


def print_results(results: list[NightResult], sites: tuple[str, ...]) -> None:
    print(f"\nsites: {', '.join(sites)}; night {NIGHT}; machine load before the run: {os.getloadavg()[0]:.2f}\n")
    table_row("", (f"{r.per_site} a site" for r in results), ">14")
    table_row("pages", (r.pages for r in results), ">14,")
    table_row("bare Scrapy fetch, wall s", (r.bare.wall_s for r in results))
    table_row("whole night (dags test), wall s", (r.night.wall_s for r in results))
    table_row("night / bare fetch", (f"{r.night.wall_s / r.bare.wall_s:.2f}x" for r in results), ">14")
    stage_rows(results)
    table_row("  Airflow outside the tasks, wall s", (r.night.wall_s - sum(r.stage_wall.values()) for r in results))
    table_row("CPU s, night", (r.night.cpu_s for r in results))
    table_row("CPU s, bare fetch", (r.bare.cpu_s for r in results))
    table_row("CPU s per 1,000 pages beyond fetch", ((r.night.cpu_s - r.bare.cpu_s) / r.pages * 1000 for r in results))
    memory_rows(results)
    table_row("peak RSS MiB, dags test process", (r.night.peak_rss_mib for r in results), ">14.0f")
    for stage in STAGE_CALLS:
        table_row(f"CPU s, {stage} (again)", (r.stage_again[stage].cpu_s for r in results))
    table_row("CPU s, crawls", (r.crawl_cpu_s for r in results))
    table_row("run state", (r.state for r in results), ">14")
    table_row("articles stored", (r.stored for r in results), ">14,")
    table_row("articles of the night not stored", (r.missing for r in results), ">14,")
    for name in COMPARED:
        table_row(f"  {name} unlike the truth", (r.mismatches[name] for r in results), ">14,")
    for r in results:
        if r.example:
            print(f"\n{r.per_site} a site, e.g.: {r.example}")
    verdict(results)


def stage_rows(results: list[NightResult]) -> None:
    for stage in STAGES:
        table_row(f"  {stage}, wall s", (r.stage_wall.get(stage, 0) for r in results))


def memory_rows(results: list[NightResult]) -> None:
    table_row("peak RSS MiB, largest crawl", (r.crawl_peak_rss_mib for r in results), ">14.0f")
    for stage in STAGE_CALLS:
        table_row(f"peak RSS MiB, {stage}", (r.stage_again[stage].peak_rss_mib for r in results), ">14.0f")


def verdict(results: list[NightResult]) -> None:
    biggest = max(results, key=lambda r: r.per_site)
    ratio = biggest.night.wall_s / biggest.bare.wall_s
    rss = max([biggest.crawl_peak_rss_mib, *(m.peak_rss_mib for m in biggest.stage_again.values())])
    exact = all(r.missing == 0 and not any(r.mismatches.values()) and r.state == "success" for r in results)
    print(f"\nat {biggest.per_site} a site: night {ratio:.2f}x the bare fetch (target at most 1.5x); largest task peak RSS "
          f"{rss:.0f} MiB (target under 1,024); every article equal to the truth: {'yes' if exact else 'NO'}")  # fmt: skip


def history_runs(base: NightResult, lengths: list[int], sites: tuple[str, ...], root: Path, seed: int) -> list[NightResult]:
    """The same night again on warehouses of ``lengths`` past nights, each built from the base run's night."""
    from benchmarks.history_warehouse import build_history

    results = []
    for nights in lengths:
        history = root / f"history-{nights}"
        shutil.rmtree(history, ignore_errors=True)
        print(f"  a warehouse of {nights} past nights under the night", flush=True)
        seconds = build_history(root / f"night-{base.per_site}" / "warehouse", NIGHT, nights, history)
        print(f"  built in {seconds:.0f} s; {disk_mib(history):,.0f} MiB", flush=True)
        results.append(run_size(base.per_site, sites, root, seed, history))
    return results


def disk_mib(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20


def print_history(base: NightResult, runs: list[NightResult], lengths: list[int]) -> None:
    print(
        f"\nthe night of {base.per_site} a site on warehouses of past nights (copies of that night, see benchmarks/history_warehouse.py)\n"
    )
    every = [base, *runs]
    table_row("past nights", ["none", *(f"{n:,}" for n in lengths)], ">14")
    table_row("whole night, wall s", (r.night.wall_s for r in every))
    stage_rows(every)
    table_row("CPU s, night", (r.night.cpu_s for r in every))
    memory_rows(every)
    table_row("articles of the night not stored", (r.missing for r in every), ">14,")
    table_row("unlike the truth", (sum(r.mismatches.values()) for r in every), ">14,")
    if len(runs) >= 2:
        shorter, longer = runs[0], runs[-1]
        peaks = {"crawl": (shorter.crawl_peak_rss_mib, longer.crawl_peak_rss_mib)}
        peaks |= {
            stage: (shorter.stage_again[stage].peak_rss_mib, longer.stage_again[stage].peak_rss_mib) for stage in STAGE_CALLS
        }
        changes = ", ".join(f"{task} {after / before - 1:+.0%}" for task, (before, after) in peaks.items())
        print(f"\n{lengths[-1]:,} past nights against {lengths[0]:,} (target: within 20%): night wall time "
              f"{longer.night.wall_s / shorter.night.wall_s - 1:+.0%}; peak RSS by task: {changes}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50,200,500", help="articles a night per site, comma-separated")
    parser.add_argument("--sites", default=",".join(VOLUME_SITES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/bantin-bench/night"))
    parser.add_argument("--history", default="", help="past nights under the largest night, e.g. 365,1095 (one and three years)")
    args = parser.parse_args(argv)
    sites = tuple(args.sites.split(","))
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"night of {size} articles a site on {len(sites)} sites", flush=True)
        results.append(run_size(size, sites, args.workdir, args.seed))
    lengths = [int(n) for n in args.history.split(",") if n]
    base = max(results, key=lambda r: r.per_site)
    on_history = history_runs(base, lengths, sites, args.workdir, args.seed) if lengths else []
    print_results(results, sites)
    if on_history:
        print_history(base, on_history, lengths)


if __name__ == "__main__":
    main()
