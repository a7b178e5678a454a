"""bantin_nightly: yesterday's Vietnamese police and party news, from the sites to the Parquet warehouse.

Runs at 02:00 Asia/Ho_Chi_Minh over the previous day. Every step works on one night only and
replaces what it wrote, so a retry, a re-run and a backfill are the same operation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum
from airflow.sdk import CronDataIntervalTimetable, TriggerRule, dag, task, teardown

if TYPE_CHECKING:
    from airflow.sdk.types import DagRunProtocol


@dag(
    dag_id="bantin_nightly",
    schedule=CronDataIntervalTimetable("0 2 * * *", timezone="Asia/Ho_Chi_Minh"),
    start_date=pendulum.datetime(2022, 1, 1, tz="Asia/Ho_Chi_Minh"),
    catchup=False,
    max_active_runs=2,
    default_args={"retries": 1, "retry_delay": pendulum.duration(minutes=5)},
    tags=["bantin"],
    doc_md=__doc__,
)
def bantin_nightly() -> None:
    @task
    def start_night(data_interval_start: pendulum.DateTime | None = None) -> list[str]:
        from pipeline.articles import start_night
        from pipeline.night import night_of

        return start_night(night_of(data_interval_start))

    @task(max_active_tis_per_dagrun=2, retries=0, map_index_template="{{ source_name }}")
    def crawl(source: str, data_interval_start: pendulum.DateTime | None = None, dag_run: DagRunProtocol | None = None) -> None:
        from airflow.sdk import get_current_context

        from pipeline.crawl import SourceFailed, crawl_source, discovery_mode
        from pipeline.night import night_of

        # Names the mapped task after its source: map_index_template reads keys added to the context.
        get_current_context()["source_name"] = source  # type: ignore[typeddict-unknown-key]  # an extra key, on purpose
        assert dag_run is not None  # Airflow passes every task its run
        # Scheduled runs discover the recent entry points (with a lookback); backfills and manual runs their night only.
        mode = discovery_mode(dag_run.run_type, dag_run.conf)
        report = crawl_source(source, night_of(data_interval_start), mode)
        if not report.ok:
            raise SourceFailed(f"{source}: {report.failure}")

    @task(trigger_rule=TriggerRule.ALL_DONE)
    def extract(data_interval_start: pendulum.DateTime | None = None) -> None:
        from pipeline.articles import extract_night
        from pipeline.night import night_of

        extract_night(night_of(data_interval_start))

    @task
    def deduplicate(data_interval_start: pendulum.DateTime | None = None) -> None:
        from pipeline.clusters import deduplicate_night
        from pipeline.night import night_of

        deduplicate_night(night_of(data_interval_start))

    @task
    def publish(data_interval_start: pendulum.DateTime | None = None) -> None:
        from pipeline.night import night_of
        from pipeline.publish import publish_night

        publish_night(night_of(data_interval_start))

    @task(retries=0)
    def quality_check(data_interval_start: pendulum.DateTime | None = None) -> None:
        from pipeline.night import night_of
        from pipeline.quality import check_night

        check_night(night_of(data_interval_start))

    # The report runs once the quality check is done, whatever its outcome (a failed source gets its
    # report too). As a teardown task it does not decide the run's state: a failed check still fails the run.
    @teardown
    @task(retries=0)
    def report(data_interval_start: pendulum.DateTime | None = None) -> None:
        from pipeline.night import night_of
        from warehouse.report import write_report

        write_report(night_of(data_interval_start))

    sources = start_night()
    crawl.expand(source=sources) >> extract() >> deduplicate() >> publish() >> quality_check() >> report()


bantin_nightly()
