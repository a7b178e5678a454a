"""Downloader middlewares that keep a crawl inside its source and its limits, and name every failure.

- ``SourceOriginMiddleware``: no request (robots.txt included) leaves the source's origin: its host
  or a subdomain, and its port when the source's base URL names one. Scrapy's own offsite filter
  checks host names only and lets ``dont_filter`` requests (every retry) through; this one has no
  exceptions.
- ``RedirectGuardMiddleware``: a redirect off the source (its base URL and aliases), or back to a
  URL of its own chain (a loop), is refused before Scrapy follows it; the one exception is a cookie
  gate (a page redirecting to itself once while setting a cookie) in a crawl that keeps cookies.
- ``BackoffRetryMiddleware``: Scrapy's bounded retries, with exponential backoff between attempts
  and ``Retry-After`` honoured (up to ``BANTIN_RETRY_AFTER_MAX``; longer waits are not retried).

``failure_kind`` turns what a request ended with into the name ``source_health.http_errors`` uses.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import response_status_message
from twisted.internet import error as tx_error
from twisted.web.client import ResponseFailed

from transforms.ids import on_any_site  # one rule for "on the source's site" (crawl scope and identity)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class OffsiteRequest(IgnoreRequest):
    """A request for a URL outside the source's origin."""

    kind = "offsite"


class OffsiteRedirect(IgnoreRequest):
    """A page that redirects outside the source's origin."""

    kind = "offsite_redirect"


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already in the request's redirect chain."""

    kind = "redirect_loop"


# Most specific first: several of these share base classes.
_EXCEPTION_KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError, tx_error.TCPTimedOutError), "timeout"),
    (ResponseDataLossError, "truncated"),
    (DownloadCancelledError, "too_large"),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), "connection_refused"),
    ((CannotResolveHostError, tx_error.DNSLookupError), "dns"),
    ((DownloadFailedError, ResponseFailed, tx_error.ConnectionLost, tx_error.ConnectionDone), "connection_reset"),
)


def failure_kind(error: BaseException) -> str:
    """The failure kind a request that ended with ``error`` is counted under."""
    if isinstance(error, (OffsiteRequest, OffsiteRedirect, RedirectLoop)):
        return error.kind
    if isinstance(error, IgnoreRequest):
        text = str(error).lower()
        if "robots.txt" in text:
            return "robots_disallowed"
        if "max redirections" in text:
            return "too_many_redirects"
        if "offsite" in text:
            return "offsite"
        return "ignored"
    for classes, kind in _EXCEPTION_KINDS:
        if isinstance(error, classes):
            return kind
    return type(error).__name__


def original_url(request: Request) -> str:
    """The URL a request was first made for (before redirects)."""
    return request.meta.get("redirect_urls", [request.url])[0]


class SourceOriginMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SourceOriginMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        source = getattr(self.crawler.spider, "source", None)
        if source is None or on_any_site(request.url, source.origins):
            return None
        self.crawler.stats.inc_value("bantin/offsite_blocked")
        logger.warning("refused %s: outside %s (%s)", request.url, source.name, source.base_url)
        raise OffsiteRequest(f"{request.url} is outside the site of {source.name} ({source.base_url})")


class RedirectGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or not location or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip()).split("#", 1)[0]
        source = getattr(self.crawler.spider, "source", None)
        if source is not None and not on_any_site(target, source.origins):
            self.crawler.stats.inc_value("bantin/offsite_blocked")
            logger.warning("refused the redirect of %s to %s: outside %s", request.url, target, source.name)
            raise OffsiteRedirect(f"{request.url} redirects outside the site of {source.name}: {target}")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain and not self.cookie_gate(chain, target, response):
            logger.warning("redirect loop: %s", " -> ".join([*chain, target]))
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])}")
        return response

    def cookie_gate(self, chain: list[str], target: str, response: Response) -> bool:
        """A site that redirects a page to itself once while it sets a session cookie (qdnd's feeds):
        followed when the crawl keeps cookies, so the second request carries it; a second return to the
        same URL is a loop."""
        cookies_on = self.crawler.settings.getbool("COOKIES_ENABLED")
        return cookies_on and chain.count(target) == 1 and bool(response.headers.getlist("Set-Cookie"))


def retry_after_seconds(value: bytes | None) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as seconds to wait, or None."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())  # a wait, not a stored value


async def pause(seconds: float) -> None:
    """Wait without blocking the crawl's other requests."""
    if seconds <= 0:
        return
    from twisted.internet import reactor
    from twisted.internet.task import deferLater

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BackoffRetryMiddleware(RetryMiddleware):
    # Read from the crawler's settings in from_crawler.
    backoff_s: float
    backoff_max_s: float
    retry_after_max_s: float

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        middleware.backoff_s = crawler.settings.getfloat("BANTIN_RETRY_BACKOFF", 1.0)
        middleware.backoff_max_s = crawler.settings.getfloat("BANTIN_RETRY_BACKOFF_MAX", 30.0)
        middleware.retry_after_max_s = crawler.settings.getfloat("BANTIN_RETRY_AFTER_MAX", 120.0)
        return middleware

    def backoff(self, request: Request) -> float:
        attempt = request.meta.get("retry_times", 0)  # 0 before the first retry
        return min(self.backoff_max_s, self.backoff_s * 2**attempt)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.retry_after_max_s:
            self.crawler.stats.inc_value("bantin/retry_after_too_long")
            logger.warning(
                "%s asks to come back in %.0f s (limit %.0f s): not retried", request.url, asked, self.retry_after_max_s
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait = max(self.backoff(request), asked or 0.0)
        self.crawler.stats.inc_value(f"bantin/retried/{response.status}")
        await pause(wait)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:  # type: ignore[override]
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry", False):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        self.crawler.stats.inc_value(f"bantin/retried/{failure_kind(exception)}")
        await pause(self.backoff(request))
        return retry
