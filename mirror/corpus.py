"""The mirror's corpus: every article the offline mirror serves, with the truth tests compare against.

The articles live in ``mirror/corpus/articles.yaml`` and, one file per site added later, in
``mirror/corpus/sites/<site>.yaml`` (Vietnamese text exactly as the page shows it). The labelled
event sets (``mirror/corpus/events/``: independent reports of one event share an ``event`` key,
follow-ups a ``thread`` key) are a corpus of their own, August 2025, served only when asked for.
Each entry is one page on one site. Entries that share a ``story`` key report the same event
(republications); entries with different keys are different stories even when their wording is
formulaic and nearly the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
CORPUS_DIR = Path(__file__).parent / "corpus"
CORPUS_FILE = CORPUS_DIR / "articles.yaml"
SITES_DIR = Path(__file__).parent / "sites"


def _site_keys() -> tuple[str, ...]:
    """Every mirrored site: a folder of ``mirror/sites/`` with a module (``_shared`` holds common templates)."""
    return tuple(sorted(d.name for d in SITES_DIR.iterdir() if (d / "__init__.py").exists() and not d.name.startswith("_")))


SITES = _site_keys()


@dataclass(frozen=True)
class Caption:
    """A photo shown after body paragraph ``after`` (0 = after the lead) with its caption text."""

    after: int
    text: str


@dataclass(frozen=True)
class MirrorArticle:
    site: str
    slug: str
    title: str
    lead: str
    body: tuple[str, ...]
    authors: tuple[str, ...]
    published_at: datetime
    event_date: date | None
    category: str
    story: str
    captions: tuple[Caption, ...] = ()
    outlet_tag: str | None = None  # the outlet's tag the lead begins with on the page: "Chinhphu.vn" of "(Chinhphu.vn) - "
    event: str | None = None  # the reported event: independent reports of it share the key (labelled sets only)
    thread: str | None = None  # the developing case its event belongs to (follow-ups share it)

    @property
    def lead_without_tag(self) -> str:
        """The lead as the pipeline stores it: the page's lead without the outlet's tag and its dash."""
        if not self.outlet_tag:
            return self.lead
        tag = self.outlet_tag if self.lead.startswith(self.outlet_tag) else f"({self.outlet_tag})"
        if not self.lead.startswith(tag):
            raise CorpusError(f"{self.site}/{self.slug}: the lead does not begin with its outlet tag {tag!r}")
        return self.lead[len(tag) :].lstrip(" -–—")

    @property
    def published_date(self) -> date:
        return self.published_at.astimezone(VIETNAM).date()

    @property
    def numeric_id(self) -> int:
        """A stable, site-style numeric id (sites put one in their URLs)."""
        digest = hashlib.sha256(f"{self.site}/{self.slug}".encode()).hexdigest()
        return 100000 + int(digest[:8], 16) % 900000


class CorpusError(ValueError):
    """The corpus file has an entry that cannot be served."""


def corpus_files() -> list[Path]:
    """The corpus files: the first one, then one per site added later."""
    return [CORPUS_FILE, *sorted((CORPUS_DIR / "sites").glob("*.yaml"))]


def event_set_files() -> list[Path]:
    """The labelled event sets (August 2025): served only when asked for (``start_mirror(event_sets=True)``)."""
    return sorted((CORPUS_DIR / "events").glob("*.yaml"))


def _parse_entry(file: Path, number: int, raw: dict) -> MirrorArticle:
    where = f"{file.name} entry {number} ({raw.get('slug', '?')})"
    site = raw.get("site")
    if site not in SITES:
        raise CorpusError(f"{where}: site {site!r} is not one of {SITES}")
    published = datetime.fromisoformat(str(raw["published_at"]))
    if published.tzinfo is None:
        raise CorpusError(f"{where}: published_at must carry an offset")
    event = raw.get("event_date")
    return MirrorArticle(
        site=site,
        slug=str(raw["slug"]),
        title=str(raw["title"]).strip(),
        lead=str(raw["lead"]).strip(),
        body=tuple(str(p).strip() for p in raw["body"]),
        authors=tuple(str(a) for a in raw.get("authors") or ()),
        published_at=published.astimezone(VIETNAM),
        event_date=date.fromisoformat(str(event)) if event else None,
        category=str(raw.get("category") or "Tin tức"),
        story=str(raw["story"]),
        captions=tuple(Caption(int(c["after"]), str(c["text"])) for c in raw.get("captions") or ()),
        outlet_tag=str(raw["outlet_tag"]) if raw.get("outlet_tag") else None,
        event=str(raw["event"]) if raw.get("event") else None,
        thread=str(raw["thread"]) if raw.get("thread") else None,
    )


@cache
def load_corpus() -> tuple[MirrorArticle, ...]:
    """All mirror articles but the labelled event sets, newest first per site, validated."""
    return _load(tuple(corpus_files()))


@cache
def load_event_sets() -> tuple[MirrorArticle, ...]:
    """The labelled event sets' articles (each with its ``event``), newest first per site, validated."""
    articles = _load(tuple(event_set_files()))
    unlabelled = [a.slug for a in articles if a.event is None]
    if unlabelled:
        raise CorpusError(f"event sets: {unlabelled[0]} names no event")
    return articles


def _load(files: tuple[Path, ...]) -> tuple[MirrorArticle, ...]:
    articles = tuple(
        _parse_entry(file, n, raw)
        for file in files
        for n, raw in enumerate(yaml.safe_load(file.read_text(encoding="utf-8")) or [], start=1)
    )
    seen: set[tuple[str, str]] = set()
    for article in articles:
        key = (article.site, article.slug)
        if key in seen:
            raise CorpusError(f"corpus: slug {article.slug!r} appears twice on {article.site}")
        seen.add(key)
    return tuple(sorted(articles, key=lambda a: (a.site, a.published_at, a.slug), reverse=True))


def articles_on(day: date, site: str | None = None) -> list[MirrorArticle]:
    """The articles published on ``day`` (Asia/Ho_Chi_Minh), optionally for one site."""
    return [a for a in load_corpus() if a.published_date == day and (site is None or a.site == site)]


def calendar() -> list[date]:
    """Every day on which the mirror has at least one article, oldest first."""
    return sorted({a.published_date for a in load_corpus()})
