"""pyarrow schemas of every table: the contract with analysts (documented in the README)."""

from __future__ import annotations

from typing import Any

import pyarrow as pa

SCHEMA_VERSION = 4  # 2: cited_documents as structs; source_health pages_reused, pages_skipped
# 3: articles.parser_version, source_health.layout_drift and fallback_pages; 4: articles.outlet_tag
TZ = "Asia/Ho_Chi_Minh"

# One table row, column name to value, as pyarrow's ``to_pylist`` gives it and ``from_pylist`` takes it.
Row = dict[str, Any]

# One cited party or state document: "12-NQ/TW" is number 12, kind NQ (Nghị quyết), issuer TW.
CITED_DOCUMENT = pa.struct(
    [
        pa.field("document", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),
        pa.field("kind_name", pa.string(), nullable=False),
        pa.field("number", pa.int32(), nullable=False),
        pa.field("year", pa.int16()),  # the document's year, when the text gives it
        pa.field("issuer", pa.string(), nullable=False),
    ]
)


def _versioned(fields: list[pa.Field], name: str) -> pa.Schema:
    return pa.schema(fields, metadata={"table": name, "schema_version": str(SCHEMA_VERSION)})


RAW_PAGES = _versioned(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("final_url", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("fetched_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("http_status", pa.int16(), nullable=False),
        pa.field("content_type", pa.string()),
        pa.field("encoding", pa.string()),
        pa.field("headers", pa.string()),  # JSON object of the response headers
        pa.field("html", pa.large_string()),
        pa.field("html_sha256", pa.string()),
        pa.field("crawl_date", pa.date32(), nullable=False),
    ],
    "raw_pages",
)

ARTICLES = _versioned(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("url", pa.string(), nullable=False),
        pa.field("canonical_url", pa.string(), nullable=False),
        pa.field("title", pa.string(), nullable=False),
        pa.field("lead", pa.string()),  # without the outlet's tag ("(Chinhphu.vn) - "): that is outlet_tag
        pa.field("outlet_tag", pa.string()),  # "Chinhphu.vn", "GLO", "ĐCSVN", "TTXVN": the tag the lead began with
        pa.field("body", pa.large_string(), nullable=False),
        pa.field("authors", pa.list_(pa.string())),
        pa.field("published_at", pa.timestamp("us", tz=TZ)),
        pa.field("published_date", pa.date32()),
        pa.field("published_text", pa.string()),
        pa.field("published_method", pa.string()),
        pa.field("event_date", pa.date32()),
        pa.field("event_text", pa.string()),
        pa.field("cited_documents", pa.list_(CITED_DOCUMENT)),
        pa.field("places", pa.list_(pa.string())),
        pa.field("word_count", pa.int32()),
        pa.field("content_sha256", pa.string(), nullable=False),
        pa.field("parser", pa.string()),  # the site parser's name ("cand") or "generic"
        pa.field("parser_version", pa.string()),
        pa.field("crawl_date", pa.date32(), nullable=False),
        pa.field("schema_version", pa.int16(), nullable=False),
    ],
    "articles",
)

ARTICLE_SIGNATURES = _versioned(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("published_at", pa.timestamp("us", tz=TZ)),
        pa.field("event_date", pa.date32()),
        pa.field("signature", pa.list_(pa.uint32()), nullable=False),  # 128 MinHash values
        pa.field("shingle_count", pa.int32(), nullable=False),
        pa.field("bands", pa.list_(pa.int64()), nullable=False),  # 32 LSH band hashes + the lead's hash
        pa.field("entities", pa.list_(pa.string()), nullable=False),
        pa.field("lead_entities", pa.list_(pa.string()), nullable=False),
        pa.field("crawl_date", pa.date32(), nullable=False),
    ],
    "article_signatures",
)

ARTICLE_CLUSTERS = _versioned(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("cluster_id", pa.string(), nullable=False),  # the canonical member's article_id
        pa.field("is_canonical", pa.bool_(), nullable=False),
        pa.field("similarity", pa.float32(), nullable=False),  # estimated Jaccard with the canonical member
        pa.field("crawl_date", pa.date32(), nullable=False),
    ],
    "article_clusters",
)

# What an article states, as events read it (``transforms.events.Facts``), lower case; kept so that a night's
# events and threads are decided from stored facts instead of re-reading the articles of the window.
ARTICLE_FACTS = _versioned(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("published_at", pa.timestamp("us", tz=TZ)),
        pa.field("event_day", pa.date32()),  # the day the report says the event happened, else its publication day
        pa.field("people", pa.list_(pa.string()), nullable=False),  # full names
        pa.field("officials", pa.list_(pa.string()), nullable=False),  # of those, the ones named with an office or rank
        pa.field("quantities", pa.list_(pa.string()), nullable=False),  # "9 đối tượng", "2.5 kg"
        pa.field("communes", pa.list_(pa.string()), nullable=False),  # communes and wards ("xã cờ đỏ")
        pa.field("lead_communes", pa.list_(pa.string()), nullable=False),  # those the title and lead name: where it happened
        pa.field("districts", pa.list_(pa.string()), nullable=False),
        pa.field("provinces", pa.list_(pa.string()), nullable=False),  # the 34 provinces since the 2025 merger
        pa.field("names", pa.list_(pa.string()), nullable=False),  # other proper names
        pa.field("cases", pa.list_(pa.string()), nullable=False),  # case names in quotes
        pa.field("topic_words", pa.list_(pa.struct([("pair", pa.string()), ("weight", pa.float64())])), nullable=False),
        pa.field("crawl_date", pa.date32(), nullable=False),
    ],
    "article_facts",
)

# One row per article: its event (independent reports of one event, and copies, share it) and, on the event's
# first report, the earlier events it follows up (its thread).
FOLLOWED_EVENT = pa.struct([("event_id", pa.string()), ("matched", pa.list_(pa.string()))])
ARTICLE_EVENTS = _versioned(
    [
        pa.field("article_id", pa.string(), nullable=False),
        pa.field("event_id", pa.string(), nullable=False),  # the article_id of the event's first report
        pa.field("is_first_report", pa.bool_(), nullable=False),
        pa.field("matched", pa.list_(pa.string()), nullable=False),  # facts its links to the event's other reports matched
        pa.field("follows", pa.list_(FOLLOWED_EVENT), nullable=False),  # earlier events followed up (first report only)
        pa.field("crawl_date", pa.date32(), nullable=False),
    ],
    "article_events",
)

SOURCE_HEALTH = _versioned(
    [
        pa.field("source", pa.string(), nullable=False),
        pa.field("crawl_date", pa.date32(), nullable=False),
        pa.field("status", pa.string(), nullable=False),  # ok | failed
        pa.field("failure", pa.string()),  # why the source failed, for operators
        pa.field("pages_fetched", pa.int32(), nullable=False),  # raw pages stored tonight (fetched or reused)
        pa.field("pages_reused", pa.int32()),  # of those, already stored by an earlier run of the night
        pa.field("pages_skipped", pa.int32()),  # discovered, but another night stores them
        pa.field("articles_parsed", pa.int32(), nullable=False),
        pa.field("articles_stored", pa.int32(), nullable=False),
        pa.field("duplicates_merged", pa.int32(), nullable=False),
        pa.field("missing_date", pa.int32(), nullable=False),
        pa.field("missing_body", pa.int32(), nullable=False),
        pa.field("parse_errors", pa.int32(), nullable=False),
        pa.field("http_errors", pa.string()),  # JSON object {"500": 3, "404": 1, "timeout": 2}
        pa.field("finish_reason", pa.string()),
        pa.field("duration_s", pa.float64()),
        pa.field("parsers", pa.list_(pa.string())),
        pa.field("layout_drift", pa.bool_()),  # the site parser failed on more than 5% of the night's pages
        pa.field("fallback_pages", pa.int32()),  # pages the generic reader read instead
    ],
    "source_health",
)

TABLES: dict[str, pa.Schema] = {
    "raw_pages": RAW_PAGES,
    "articles": ARTICLES,
    "article_signatures": ARTICLE_SIGNATURES,
    "article_clusters": ARTICLE_CLUSTERS,
    "article_facts": ARTICLE_FACTS,
    "article_events": ARTICLE_EVENTS,
    "source_health": SOURCE_HEALTH,
}
