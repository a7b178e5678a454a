"""Stable identifiers."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit, urlunsplit


def canonical_url(url: str) -> str:
    """Scheme and host lower-cased, fragment and trailing slash of the query dropped."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def article_id(url: str) -> str:
    """A stable 16-hex-digit id for the article at ``url`` (its canonical form)."""
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:16]
