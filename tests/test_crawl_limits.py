"""The crawler's limits and safety settings, piece by piece (the whole run under faults: test_faults.py)."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Request

from pipeline.crawl import http_errors, judge
from spiders import settings
from spiders.middlewares import OffsiteRedirect, RedirectLoop, failure_kind, retry_after_seconds
from spiders.news import page_text
from transforms.ids import on_site as origin_allowed

PROJECT_DIR = Path(__file__).resolve().parent.parent
VIETNAMESE = "<html><head><meta charset='utf-8'><title>Công an tỉnh Hưng Yên</title></head><body>Thủy, uỷ ban</body></html>"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://cand.com.vn/thoi-su/a-i1/", True),
        ("https://www.cand.com.vn/a", True),  # a subdomain
        ("http://cand.com.vn/a", True),  # http -> https on the same host
        ("https://cand.com.vn.evil.example/a", False),
        ("https://notcand.com.vn/a", False),
        ("https://127.0.0.2/a", False),
        ("ftp://cand.com.vn/a", False),
    ],
)
def test_only_the_sources_own_host_is_allowed(url: str, allowed: bool) -> None:
    assert origin_allowed(url, "https://cand.com.vn") is allowed


def test_with_a_port_in_the_base_url_another_port_on_the_same_host_is_another_site() -> None:
    base = "http://127.0.0.1:8001"  # the mirror: every site on 127.0.0.1, one port each
    assert origin_allowed("http://127.0.0.1:8001/sitemap.xml", base)
    assert not origin_allowed("http://127.0.0.1:8002/sitemap.xml", base)
    assert not origin_allowed("http://localhost:8001/sitemap.xml", base)


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (DownloadTimeoutError("took longer than 30 seconds"), "timeout"),
        (ResponseDataLossError(), "truncated"),
        (DownloadCancelledError("larger than download max size"), "too_large"),
        (DownloadFailedError("Connection lost"), "connection_reset"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_disallowed"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (OffsiteRedirect("x"), "offsite_redirect"),
        (RedirectLoop("x"), "redirect_loop"),
        (KeyError("x"), "KeyError"),
    ],
)
def test_every_failure_has_a_kind(error: Exception, kind: str) -> None:
    assert failure_kind(error) == kind


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_seconds(b"7") == 7
    assert retry_after_seconds(None) is None and retry_after_seconds(b"soon") is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True).encode()
    waited = retry_after_seconds(later)
    assert waited is not None and 80 <= waited <= 91


def test_a_page_declared_in_the_wrong_charset_is_read_as_what_it_is() -> None:
    wrong = HtmlResponse("http://x/a", body=VIETNAMESE.encode(), headers={"Content-Type": "text/html; charset=iso-8859-1"},
                         request=Request("http://x/a"))  # fmt: skip
    text, encoding, corrected = page_text(wrong)
    assert corrected and encoding == "utf-8" and "Công an tỉnh Hưng Yên" in text
    right = HtmlResponse("http://x/a", body=VIETNAMESE.encode(), headers={"Content-Type": "text/html; charset=utf-8"},
                         request=Request("http://x/a"))  # fmt: skip
    assert page_text(right) == (VIETNAMESE, "utf-8", False)
    legacy = "<html><head><meta charset='windows-1258'></head><body>Công an</body></html>".encode("cp1258")
    mislabelled = HtmlResponse("http://x/a", body=legacy, headers={"Content-Type": "text/html; charset=utf-8"},
                               request=Request("http://x/a"))  # fmt: skip
    text, encoding, corrected = page_text(mislabelled)
    # raw_pages.encoding stores the WHATWG name of the charset the bytes really are in
    assert corrected and encoding == "windows-1258" and "Công an" in text


def test_failures_are_counted_once_per_page_by_kind_and_a_source_with_nothing_fails() -> None:
    stats = {"finish_reason": "finished", "bantin/discovery_pages": 1, "bantin/articles_discovered": 2,
             "bantin/problem/503": 1, "bantin/problem/timeout": 1, "retry/count": 4,
             "downloader/response_status_count/503": 3}  # fmt: skip
    assert http_errors(stats) == {"503": 1, "timeout": 1}  # pages, not attempts
    assert "none of the 2 article pages" in (judge(stats) or "")
    assert judge(stats | {"bantin/article_status/ok": 1}) is None
    assert judge({"finish_reason": "finished", "bantin/discovery_pages": 1}) is None  # a quiet day
    assert "no discovery page" in (
        judge({"finish_reason": "finished", "bantin/discovery_failed": 1, "bantin/problem/500": 1}) or ""
    )


def test_an_undated_lists_pages_of_other_days_neither_save_nor_sink_a_night() -> None:
    # Six listed articles opened to be dated: four of other days, fine; the night's own two:
    quiet = {"finish_reason": "finished", "bantin/discovery_pages": 2, "bantin/articles_discovered": 4,
             "bantin/article_status/ok": 4, "bantin/pages_out_of_range": 4}  # fmt: skip
    assert judge(quiet) is None  # none was the night's: a quiet night
    known = {"finish_reason": "finished", "bantin/discovery_pages": 1, "bantin/articles_discovered": 3,
             "bantin/pages_of_other_nights": 3}  # fmt: skip
    assert judge(known) is None  # other nights store them: not fetched, not the night's
    broken = quiet | {"bantin/articles_discovered": 6, "bantin/problem/redirect_loop": 2}
    assert judge(broken) == "none of the 2 article pages could be fetched with content (errors: {'redirect_loop': 2})"
    assert judge(broken | {"bantin/article_status/ok": 5}) is None  # one of the night's arrived


def test_crawler_settings_are_safe_and_bounded() -> None:
    assert settings.REMOTE_CONTROL_ENABLED is False and settings.TELNETCONSOLE_ENABLED is False
    assert settings.ROBOTSTXT_OBEY is True
    assert re.fullmatch(r"bantin/\S+ \(news archive crawler; \+\S+\)", settings.USER_AGENT)
    assert settings.RETRY_TIMES <= 3 and settings.DOWNLOAD_TIMEOUT <= 60
    assert settings.DOWNLOAD_MAXSIZE < 20 * 1024 * 1024 and settings.DOWNLOAD_FAIL_ON_DATALOSS
    assert settings.DOWNLOADER_MIDDLEWARES["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None


CREDENTIAL_PATTERNS = [
    re.compile(r"AKIA[0-9A-Z]{16}"),  # an AWS access key id
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    re.compile(r"(?i)aws_secret_access_key\s*[=:]\s*['\"]?[A-Za-z0-9/+]{30,}"),
    re.compile(r"(?i)(password|passwd|secret)\s*[=:]\s*['\"][^'\"$]{12,}['\"]"),
]


def test_no_credentials_in_the_repository() -> None:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = []
    for name in files:
        path = PROJECT_DIR / name
        if path.suffix in {".png", ".parquet"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        found += [f"{name}: {m.group(0)[:40]}" for pattern in CREDENTIAL_PATTERNS for m in pattern.finditer(text)]
    assert found == []
    compose = (PROJECT_DIR / "docker-compose.yml").read_text()
    for variable in ("FERNET_KEY", "AIRFLOW__API_AUTH__JWT_SECRET", "AIRFLOW__API__SECRET_KEY"):
        assert f"${{{variable}:?" in compose  # required from the environment (.env by scripts/deploy-init), no default
