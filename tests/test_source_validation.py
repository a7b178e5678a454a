"""Source configuration is validated by type and range, URLs must be public, and a bad overrides file
names the variable, the file and the problem: in the loader, in the crawl task's code path and in
``scrapy list``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.articles import extract_night
from pipeline.crawl import crawl_source, report_file
from sources import SOURCES_DIR, OverridesError, SourceConfigError, host_problem, load_sources, parse_source

PROJECT_DIR = Path(__file__).resolve().parent.parent
VALID = {"name": "baomoi_test", "base_url": "https://example.vn", "discovery": {"kind": "rss", "url": "/rss.xml"},
         "evidence": [], "unverified": "a source made up for this test"}  # fmt: skip
NIGHT = date(2025, 9, 24)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"politeness": {"download_delay": "fast"}}, "field 'politeness.download_delay' should be a valid number (got 'fast')"),
        ({"politeness": {"download_delay": 600}}, "field 'politeness.download_delay' should be less than or equal to 60 (got 600)"),
        ({"politeness": {"download_delay": -1}}, "field 'politeness.download_delay' should be greater than or equal to 0"),
        ({"politeness": {"download_delay": True}}, "field 'politeness.download_delay' should be a valid number (got True)"),
        ({"politeness": {"concurrent_requests_per_domain": -5}},
         "field 'politeness.concurrent_requests_per_domain' should be greater than or equal to 1 (got -5)"),
        ({"politeness": {"concurrent_requests_per_domain": 64}}, "field 'politeness.concurrent_requests_per_domain' should be less"),
        ({"politeness": {"concurrent_requests_per_domain": 2.5}}, "field 'politeness.concurrent_requests_per_domain' should be a valid integer"),
        ({"discovery": {"kind": "rss", "url": "/r", "max_pages": 0}}, "field 'discovery.max_pages' should be greater than or equal to 1"),
        ({"discovery": {"kind": "rss", "url": "/r", "max_pages": 20_000}}, "field 'discovery.max_pages' should be less than or equal to 10000"),
        ({"discovery": {"kind": "rss", "url": "/r", "max_pages": "10"}}, "field 'discovery.max_pages' should be a valid integer"),
        ({"discovery": "/rss.xml"}, "field 'discovery' should be a valid dictionary"),
        ({"title": 12}, "field 'title' should be a valid string (got 12)"),
        ({"politeness": {"download_delay": 1, "speed": 9}}, "unknown field 'politeness.speed'"),
    ],
)  # fmt: skip
def test_a_field_of_the_wrong_type_or_out_of_range_is_refused_by_name(change: dict, message: str) -> None:
    with pytest.raises(SourceConfigError) as error:
        parse_source(VALID | change, "broken.yaml")
    assert str(error.value).startswith("broken.yaml: ") and message in str(error.value)


def test_valid_numbers_are_read_as_numbers() -> None:
    source = parse_source(VALID | {"politeness": {"download_delay": 0.5, "concurrent_requests_per_domain": 16}}, "ok.yaml")
    assert (source.politeness.download_delay, source.politeness.concurrent_requests_per_domain) == (0.5, 16)
    assert source.discovery.max_pages == 100 and source.title == "baomoi_test"


INSIDE_URLS = [
    "http://169.254.169.254/latest/meta-data",  # the cloud metadata service
    "http://metadata.google.internal/computeMetadata/v1",
    "http://10.0.0.5",
    "http://192.168.1.1",
    "http://172.16.0.1",
    "http://[fd00::1]",
    "http://[fe80::1]",
    "http://0.0.0.0",
    "http://printer.local",
]
LOOPBACK_URLS = [
    "http://127.0.0.1:8001",
    "http://localhost",
    "http://127.1",
    "http://2130706433",
    "http://[::1]",
    "http://[::ffff:127.0.0.1]",
]


@pytest.mark.parametrize("url", INSIDE_URLS + LOOPBACK_URLS + ["ftp://example.vn", "file:///etc/passwd"])
def test_a_base_url_inside_the_network_is_refused(url: str) -> None:
    with pytest.raises(SourceConfigError) as error:
        parse_source(VALID | {"base_url": url}, "inside.yaml")
    assert str(error.value).startswith("inside.yaml: field 'base_url' ")


@pytest.mark.parametrize("url", ["http://169.254.169.254/rss", "//10.0.0.1/rss.xml", "http://localhost/rss"])
def test_a_discovery_url_inside_the_network_is_refused(url: str) -> None:
    with pytest.raises(SourceConfigError, match=r"^inside.yaml: field 'discovery.url' "):
        parse_source(VALID | {"discovery": {"kind": "rss", "url": url}}, "inside.yaml")


def test_allowing_loopback_allows_loopback_only() -> None:
    for url in LOOPBACK_URLS:
        assert host_problem(url, allow_loopback=True) is None, url
    for url in INSIDE_URLS:
        assert host_problem(url, allow_loopback=True) is not None, url
    assert host_problem("https://cand.com.vn/thoi-su/") is None and host_problem("http://8.8.8.8/") is None


def write_sources(folder: Path, extra: dict[str, str]) -> Path:
    shutil.copytree(SOURCES_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def scrapy_list(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=PROJECT_DIR, capture_output=True, text=True,
                          env=os.environ | env, timeout=120)  # fmt: skip


def test_a_file_with_a_word_for_a_delay_fails_its_own_crawl_only(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = "name: fast_site\nbase_url: https://example.vn\ndiscovery: {kind: rss, url: /rss}\nevidence: []\nunverified: made up for this test\npoliteness: {download_delay: fast}\n"
    folder = write_sources(tmp_path / "sources", {"fast_site.yaml": bad})
    monkeypatch.setenv("BANTIN_SOURCES_DIR", str(folder))
    monkeypatch.delenv("BANTIN_SOURCE_OVERRIDES", raising=False)

    report = crawl_source("fast_site", NIGHT)

    assert not report.ok and report.pages_fetched == 0
    assert report.failure == ("invalid source file: fast_site.yaml: field 'politeness.download_delay' "
                              "should be a valid number (got 'fast')")  # fmt: skip
    assert set(load_sources(skip_invalid=True)) == {path.stem for path in SOURCES_DIR.glob("*.yaml")}  # the shipped ones
    listed = scrapy_list({"BANTIN_SOURCES_DIR": str(folder)})
    assert listed.returncode == 0 and sorted(listed.stdout.split()) == sorted(load_sources(skip_invalid=True))


OVERRIDE_PROBLEMS = [
    (None, "cannot read the file: No such file or directory"),
    ('{"cand": {"base_url": "http://127.0.0.1:9",}}', "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 44"),
    ("[1, 2]", "expected a JSON object of sources, not list"),
    ('{"cand": {"download_delay": "fast"}}', "field 'cand.download_delay' should be a valid number (got 'fast')"),
    ('{"cand": {"speed": 9}}', "unknown field 'cand.speed'"),
    ('{"cand": "http://127.0.0.1:9"}', "field 'cand' must be a JSON object"),
    ('{"_allow_loopback": "yes"}', "field '_allow_loopback' must be true or false (got 'yes')"),
    ('{"_allow_loopback": true, "cand": {"base_url": "http://169.254.169.254"}}',
     "(cand): field 'base_url' 'http://169.254.169.254' is on a private, link-local or reserved address"),
    ('{"cand": {"base_url": "http://127.0.0.1:9"}}', "(cand): field 'base_url' 'http://127.0.0.1:9' is on a loopback host"),
]  # fmt: skip


@pytest.mark.parametrize(("content", "problem"), OVERRIDE_PROBLEMS)
def test_a_bad_overrides_file_is_named_with_its_problem(
    content: str | None, problem: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "overrides.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("BANTIN_SOURCE_OVERRIDES", str(path))
    with pytest.raises(OverridesError) as error:
        load_sources(skip_invalid=True)  # skipping invalid files does not skip the overrides: they concern every source
    assert str(error.value).startswith(f"BANTIN_SOURCE_OVERRIDES={path}") and problem in str(error.value)


def test_a_bad_overrides_file_fails_the_crawl_and_scrapy_list_with_its_message(
    warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "overrides.json"
    path.write_text('{"cand": {"download_delay": -5}}', encoding="utf-8")
    monkeypatch.setenv("BANTIN_SOURCE_OVERRIDES", str(path))
    message = f"BANTIN_SOURCE_OVERRIDES={path}: field 'cand.download_delay' should be greater than or equal to 0 (got -5)"

    report = crawl_source("nhandan", NIGHT)  # every source: the file concerns them all

    assert (report.ok, report.failure, report.pages_fetched) == (False, f"invalid source overrides: {message}", 0)
    assert json.loads(report_file(NIGHT, "nhandan").read_text(encoding="utf-8"))["failure"] == report.failure
    with pytest.raises(OverridesError, match="BANTIN_SOURCE_OVERRIDES="):
        extract_night(NIGHT)  # extraction stops too, so nothing is published from a night read with unknown settings
    listed = scrapy_list({"BANTIN_SOURCE_OVERRIDES": str(path)})
    assert listed.returncode != 0 and listed.stdout == ""
    assert message in listed.stderr and "Traceback" not in listed.stderr
