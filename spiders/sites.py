"""One spider class per source file, so `scrapy list` and `scrapy crawl <source>` know every source."""

from __future__ import annotations

from sources import OverridesError, Source, load_sources
from spiders.news import NewsSpider


def spider_class(source: Source) -> type[NewsSpider]:
    settings = {
        "DOWNLOAD_DELAY": source.politeness.download_delay,
        "CONCURRENT_REQUESTS_PER_DOMAIN": source.politeness.concurrent_requests_per_domain,
        "COOKIES_ENABLED": source.cookies,  # off unless the site needs a session (spiders/settings.py)
    }
    class_name = "".join(part.title() for part in source.name.split("_")) + "Spider"
    return type(
        class_name, (NewsSpider,), {"name": source.name, "source": source, "custom_settings": settings, "__module__": __name__}
    )


def _register_all() -> None:
    try:
        sources = load_sources(skip_invalid=True)
    except OverridesError as error:  # every source depends on it: stop with its message, not a traceback
        raise SystemExit(f"bantin: {error}") from None
    for source in sources.values():
        spider = spider_class(source)
        globals()[spider.__name__] = spider


_register_all()
