"""Scrapy settings: polite by default; each source's politeness comes from its source file."""

import os

BOT_NAME = "bantin"
SPIDER_MODULES = ["spiders.sites"]
NEWSPIDER_MODULE = "spiders.sites"

CONTACT = os.environ.get("BANTIN_CONTACT", "https://github.com/bantin-news/bantin")
USER_AGENT = f"bantin/0.1 (news archive crawler; +{CONTACT})"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 25 * 1024 * 1024
DOWNLOAD_WARNSIZE = 5 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False

# No remote shell into a running crawl.
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {"spiders.pipelines.RawPagesWriter": 300}
EXTENSIONS = {"spiders.extensions.CrawlStatsWriter": 500}

LOG_LEVEL = os.environ.get("BANTIN_SCRAPY_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"
