"""Stable identifiers, and which URL an article is identified by.

An article's id is the hash of one URL's canonical form. Which URL: the page's ``<link rel=canonical>``
when it points into the page's own source's site, otherwise the page's own (final) URL. A canonical
link is what the page *claims*; a page may claim any URL (ordinary syndication names the original
outlet's article), and trusting that across sources let one page take another source's article id.
Within its own site the claim is trusted, because that is what it is for: one article reached by
several URLs (tracking parameters, print or AMP views) keeps one id.

Ordinary pages (canonical on their own site, or none) get exactly the id they always had, the same
hash of the same canonical form: ids are stored in ``articles``, ``article_clusters`` and
``article_signatures`` of every past night, are cluster ids, and appear in fixtures and docs; a
changed id would split a story across nights and orphan the rows already published. Only pages
whose canonical pointed at another site change: they now have an id of their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from urllib.parse import urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, fragment and trailing slash of the query dropped."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def article_id(url: str) -> str:
    """A stable 16-hex-digit id for the article at ``url`` (its canonical form)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]


def site_host(base_url: str) -> str:
    """The host a source's site is: its base URL's host, without a leading ``www.`` (www.qdnd.vn and
    qdnd.vn are one outlet)."""
    host = (urlsplit(base_url).hostname or "").lower()
    return host[4:] if host.startswith("www.") and host.count(".") >= 2 else host


def on_site(url: str, base_url: str) -> bool:
    """Whether ``url`` is on the site whose address is ``base_url``: http(s), the site's host (see
    :func:`site_host`) or a subdomain of it, and the same port when the base URL names one (the
    offline mirror serves every site on 127.0.0.1, one port each). The crawler's offsite guard and
    article identity share it."""
    target, base = urlsplit(url), urlsplit(base_url)
    if target.scheme not in DEFAULT_PORTS:
        return False
    host, allowed = (target.hostname or "").lower(), site_host(base_url)
    if not allowed or not (host == allowed or host.endswith("." + allowed)):
        return False
    if base.port is not None:
        return (target.port or DEFAULT_PORTS[target.scheme]) == base.port
    return True


def on_any_site(url: str, origins: Sequence[str]) -> bool:
    """Whether ``url`` is on the site at any of ``origins`` (a source's base URL and its aliases)."""
    return any(on_site(url, origin) for origin in origins)


def identity_url(page_url: str, claimed_canonical: str | None, base_url: str, aliases: Sequence[str] = ()) -> str:
    """The URL the article on ``page_url`` is identified by: its claimed canonical (made absolute)
    when that is on the source's site (``base_url`` or one of its ``aliases``), otherwise the page's own URL."""
    claimed = urljoin(page_url, claimed_canonical.strip()) if claimed_canonical else ""
    return claimed if claimed and on_any_site(claimed, (base_url, *aliases)) else page_url


def source_article_id(page_url: str, claimed_canonical: str | None, base_url: str, aliases: Sequence[str] = ()) -> str:
    """The id of the article a source's page holds: ``article_id`` of its :func:`identity_url`."""
    return article_id(identity_url(page_url, claimed_canonical, base_url, aliases))
