"""The warehouse in object storage: a partition written, re-written and read back through the S3 API,
against a local S3-compatible server (moto's server mode) started by the test."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from warehouse.schemas import ARTICLES, RAW_PAGES, SCHEMA_VERSION
from warehouse.storage import ObjectRoot, Root, partition_dir, read_date, read_partition, warehouse_root, write_partition

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
BUCKET = "bantin-test"
NIGHT = date(2025, 9, 24)


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server: str, monkeypatch: pytest.MonkeyPatch):
    """A fresh bucket; credentials and endpoint only from the environment, as in production."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "bantin-test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "bantin-test-secret")
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("BANTIN_S3_ENDPOINT", s3_server)
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def articles(*titles: str) -> pa.Table:
    rows: list[dict[str, object]] = [
        {"article_id": f"{n:016x}", "source": "cand", "url": f"https://cand.com.vn/{n}", "canonical_url": f"https://cand.com.vn/{n}",
         "title": title, "lead": "Sáng 24/9, ...", "body": "Nội dung.", "authors": [], "published_at": datetime(2025, 9, 24, 8, n, tzinfo=VIETNAM),
         "published_date": NIGHT, "published_text": None, "published_method": "json-ld", "event_date": NIGHT, "event_text": None,
         "cited_documents": [], "places": [], "word_count": 2, "content_sha256": "0" * 64, "parser": "test/1", "crawl_date": NIGHT,
         "schema_version": SCHEMA_VERSION}
        for n, title in enumerate(titles)
    ]  # fmt: skip
    return pa.Table.from_pylist(rows, schema=ARTICLES)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def stored(root: Root) -> pa.Table:
    """The night's articles partition as bantin reads it back (it must be there)."""
    table = read_partition(root, "articles", NIGHT)
    assert table is not None, f"no articles partition of {NIGHT} in {root}"
    return table


def object_table(client, key: str) -> pa.Table:
    return pq.read_table(io.BytesIO(client.get_object(Bucket=BUCKET, Key=key)["Body"].read()))


def test_a_partition_is_written_rewritten_and_read_back_through_the_s3_api(s3, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BANTIN_WAREHOUSE", f"s3://{BUCKET}/warehouse")
    root = warehouse_root()
    assert root == ObjectRoot(f"s3://{BUCKET}/warehouse")
    key = f"warehouse/articles/crawl_date={NIGHT}/part-0.parquet"

    first = articles("Khởi tố 5 đối tượng", "Hội nghị quán triệt Nghị quyết 57-NQ/TW")
    written = write_partition(first, root, "articles", NIGHT)
    assert str(written) == f"s3://{BUCKET}/{key}"
    assert keys(s3) == [key]  # one object per partition, nothing else (no temporary objects)
    assert object_table(s3, key).equals(first)  # read back with the plain S3 API
    assert stored(root).equals(first)  # and with bantin's reader
    assert (
        pq.read_schema(io.BytesIO(s3.get_object(Bucket=BUCKET, Key=key)["Body"].read())).metadata[b"schema_version"]
        == str(SCHEMA_VERSION).encode()
    )

    second = articles("Khởi tố 5 đối tượng (cập nhật)")
    write_partition(second, root, "articles", NIGHT)
    assert keys(s3) == [key]
    assert object_table(s3, key).equals(second)
    assert stored(root).equals(second)
    assert read_partition(root, "articles", date(2025, 9, 25)) is None


def test_read_date_gathers_every_source_of_a_night_from_object_storage(s3) -> None:
    root = ObjectRoot(f"s3://{BUCKET}/w")
    for source in ("cand", "nhandan"):
        page = {"url": f"https://{source}.vn/a", "final_url": f"https://{source}.vn/a", "source": source,
                "fetched_at": datetime(2025, 9, 24, 20, tzinfo=VIETNAM), "http_status": 200, "content_type": "text/html",
                "encoding": "utf-8", "headers": "{}", "html": "<h1>Tin</h1>", "html_sha256": "0" * 64, "crawl_date": NIGHT}  # fmt: skip
        write_partition(pa.Table.from_pylist([page], schema=RAW_PAGES), root, "raw_pages", NIGHT, source)
    assert keys(s3) == [f"w/raw_pages/crawl_date={NIGHT}/source={s}/part-0.parquet" for s in ("cand", "nhandan")]
    assert sorted(read_date(root, "raw_pages", NIGHT).column("source").to_pylist()) == ["cand", "nhandan"]
    assert read_date(root, "raw_pages", date(2025, 9, 1)).num_rows == 0
    with pytest.raises(ValueError, match="could leave the warehouse"):
        partition_dir(root, "raw_pages", NIGHT, "../../other-bucket")


def test_a_reader_during_rewrites_sees_the_old_or_the_new_object_never_a_mix(s3) -> None:
    root = ObjectRoot(f"s3://{BUCKET}/w")
    versions = [articles(*(f"Bản {v} tin {n}" for n in range(40))) for v in range(2)]
    write_partition(versions[0], root, "articles", NIGHT)
    seen: list[int] = []
    problems: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                table = stored(root)
                seen.append(next(n for n, version in enumerate(versions) if table.equals(version)))
            except BaseException as error:  # a partial object, a mix of versions (StopIteration), a read error
                problems.append(error)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    for n in range(12):
        write_partition(versions[(n + 1) % 2], root, "articles", NIGHT)
    stop.set()
    thread.join(timeout=60)
    assert problems == [] and len(seen) > 0 and set(seen) <= {0, 1}
