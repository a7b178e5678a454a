"""The steps of one night, as plain functions the DAG calls: crawl, extract, deduplicate, publish, check.

Each step reads the previous step's output for one night (a calendar day in Asia/Ho_Chi_Minh) and
writes its own output for that night only, so nightly runs, retries and backfills are the same
operation. Intermediate files live under ``$BANTIN_STAGING/<date>/run=<run key>/`` (see
``pipeline.night``); tables under ``$BANTIN_WAREHOUSE``.
"""
