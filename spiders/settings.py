"""Scrapy settings: polite and bounded by default; each source's politeness comes from its source file.

Limits (see docs/reliability.md): a page is given ``DOWNLOAD_TIMEOUT`` seconds and ``DOWNLOAD_MAXSIZE``
bytes; a failed request is retried ``RETRY_TIMES`` times with exponential backoff (honouring
``Retry-After`` up to a cap); no request leaves the source's origin; robots.txt is obeyed. The
environment may tighten the time limits (the tests do): ``BANTIN_DOWNLOAD_TIMEOUT``,
``BANTIN_RETRY_BACKOFF`` (first backoff, seconds), ``BANTIN_RETRY_AFTER_MAX``.
"""

import os

BOT_NAME = "bantin"
SPIDER_MODULES = ["spiders.sites"]
NEWSPIDER_MODULE = "spiders.sites"

# Who we are, honestly: the project, that it is a crawler, and a contact.
CONTACT = os.environ.get("BANTIN_CONTACT", "https://github.com/bantin-news/bantin")
USER_AGENT = f"bantin/0.1 (news archive crawler; +{CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay is 0.5x to 1.5x DOWNLOAD_DELAY

# Time and size limits. A news article page is well under 1 MB; 10 MB leaves room for inline images
# and refuses runaway responses (a 20 MB page is cancelled, counted as "too_large").
DOWNLOAD_TIMEOUT = float(os.environ.get("BANTIN_DOWNLOAD_TIMEOUT") or 30)
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True  # a truncated body is an error (retried, then "truncated"), never a partial page

# Bounded retries with exponential backoff: attempt n+1 waits BACKOFF * 2**(n-1) seconds (capped),
# or the server's Retry-After when longer; a Retry-After beyond RETRY_AFTER_MAX is not waited for.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
BANTIN_RETRY_BACKOFF = float(os.environ.get("BANTIN_RETRY_BACKOFF") or 1.0)
BANTIN_RETRY_BACKOFF_MAX = 30.0
BANTIN_RETRY_AFTER_MAX = float(os.environ.get("BANTIN_RETRY_AFTER_MAX") or 120)
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Before everything else (robots.txt included): nothing outside the source's origin is requested.
    "spiders.middlewares.SourceOriginMiddleware": 40,
    # Scrapy's retry, replaced by the same policy with backoff and Retry-After.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.BackoffRetryMiddleware": 550,
    # Sees a redirect before Scrapy follows it: loops and redirects off the source are refused.
    "spiders.middlewares.RedirectGuardMiddleware": 650,
}

# No remote shell into a running crawl.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {"spiders.pipelines.RawPagesWriter": 300}
EXTENSIONS = {"spiders.extensions.CrawlStatsWriter": 500}

LOG_LEVEL = os.environ.get("BANTIN_SCRAPY_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
