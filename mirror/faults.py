"""Faults the offline mirror can inject: per site and per URL pattern, switched on and off at runtime.

A fault is data: what goes wrong (``kind``), on which paths (``pattern``, a glob on the request path
without the query string, e.g. ``/thoi-su/*-i123456/``), and how often (``times``: the first N
matching requests, or every one). ``Mirror.add_fault`` attaches one to a site; the site's server
checks its faults in order for every request and applies the first that matches and still has
hits left. ``robots_disallow`` is the exception: it changes ``/robots.txt`` (its pattern is the
section it disallows) and leaves the pages themselves served normally, so a test can prove the
crawler never asked for them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mirror.corpus import MirrorArticle

# What each kind does to a matching request; the crawler's name for the outcome is in docs/reliability.md.
FAULT_KINDS: dict[str, str] = {
    "status": "answers an HTTP error status (default 500) with a short error page",
    "retry_after": "answers 503 or 429 with a Retry-After header (seconds)",
    "slow": "waits `delay` seconds (longer than the crawler's download timeout) before answering",
    "reset": "closes the connection with a TCP reset before sending anything",
    "truncated": "declares the full Content-Length, sends half the body and closes",
    "malformed": "answers 200 with a broken template: unclosed tags, stray bytes, no readable article",
    "empty": "answers 200 with an empty body",
    "wrong_charset": "sends the UTF-8 page but declares charset=ISO-8859-1 in Content-Type",
    "redirect_loop": "redirects the page to a second URL that redirects back to it",
    "offsite_redirect": "redirects to the same path on a host outside the site (the mirror's outside server)",
    "robots_disallow": "robots.txt disallows the section `pattern` (a path prefix)",
    "huge": "answers a 20 MB page (`size` bytes)",
    "redesign": "serves the article in a new template the site parser does not know (same story, same metadata tags)",
}
HUGE_PAGE_BYTES = 20 * 1024 * 1024


class FaultError(ValueError):
    """A fault was described wrongly; the message names the field."""


@dataclass
class Fault:
    kind: str
    pattern: str = "*"
    status: int | None = None  # "status": the code; "retry_after": 503 or 429
    retry_after: int = 1  # seconds, for "retry_after"
    delay: float = 5.0  # seconds, for "slow"
    size: int = HUGE_PAGE_BYTES  # bytes, for "huge"
    times: int | None = None  # the first N matching requests only; None: every one
    hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise FaultError(f"fault kind {self.kind!r} is not one of {', '.join(FAULT_KINDS)}")
        if self.kind == "status":
            self.status = self.status or 500
            if not 400 <= self.status <= 599:
                raise FaultError(f"fault 'status': status {self.status} is not an HTTP error code")
        if self.kind == "retry_after":
            self.status = self.status or 503
            if self.status not in (429, 503):
                raise FaultError(f"fault 'retry_after': status must be 429 or 503, not {self.status}")
        if self.kind == "robots_disallow" and not self.pattern.startswith("/"):
            raise FaultError(f"fault 'robots_disallow': pattern {self.pattern!r} must be a path prefix")
        if self.times is not None and self.times < 1:
            raise FaultError(f"fault {self.kind!r}: times must be at least 1 (or None for always)")

    def matches(self, path: str) -> bool:
        return self.kind != "robots_disallow" and fnmatchcase(path, self.pattern)

    def take(self, path: str) -> bool:
        """True (and one hit used) when this fault applies to a request for ``path``."""
        if not self.matches(path):
            return False
        with self._lock:
            if self.times is not None and self.hits >= self.times:
                return False
            self.hits += 1
            return True


def malformed_page(title: str) -> str:
    """A page a broken CMS template might emit: the markup is cut, unbalanced and littered with
    control bytes, and the article's title and text never made it into it."""
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">\n'
        '<script>var cfg = {"id": 1, "title": "\x00\x1b\n'
        '</head><body <div class="wrap" <<div>>>\n'
        "</p></span></table></td></div>\n"
        "\ufffd\ufffd\x07 {{ article.body | safe }} {% endblock %}\n"
        f"<!-- template error: {len(title)} bytes expected, 0 rendered -->\n"
        '<div class="comments"><a href="/">Trang chủ</a></div>\n'
    )


def redesigned_page(article: MirrorArticle, url: str) -> str:
    """The article as a site serves it the morning after a redesign: every class name and the page
    structure are new; the Open Graph and ``article:published_time`` tags a CMS emits stay."""
    from mirror.sites import esc  # the sites module imports the corpus; keep this module import-light

    paragraphs = "\n".join(f'<p class="rd-text">{esc(text)}</p>' for text in article.body)
    authors = esc(", ".join(article.authors))
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(article.title)}</title>\n"
        f'<meta property="og:title" content="{esc(article.title)}">\n'
        f'<meta property="og:description" content="{esc(article.lead)}">\n'
        f'<meta property="article:published_time" content="{article.published_at.isoformat()}">\n'
        f'<link rel="canonical" href="{esc(url)}">\n</head>\n<body>\n'
        '<div class="rd-top"><a href="/">Trang chủ</a></div>\n'
        f'<section class="rd-story">\n<header class="rd-head"><span class="rd-kicker">{esc(article.category)}</span>'
        f'<div class="rd-headline">{esc(article.title)}</div></header>\n'
        f'<div class="rd-intro">{esc(article.lead)}</div>\n'
        f'<div class="rd-main">\n{paragraphs}\n<div class="rd-byline">{authors}</div>\n</div>\n'
        '</section>\n<div class="rd-foot">Ghi rõ nguồn khi phát hành lại thông tin.</div>\n</body>\n</html>\n'
    )
