"""The mirror's truth in the form the pipeline stores it (normalised text, ids of the served URLs)."""

from __future__ import annotations

from datetime import date

from mirror.corpus import articles_on
from mirror.server import Mirror
from mirror.truth import served_url, stored_form

__all__ = ["expected_rows", "served_url"]


def expected_rows(mirror: Mirror, day: date, skip_sites: tuple[str, ...] = ()) -> dict[tuple[str, str], dict]:
    """(source, url) -> the values a user expects in ``articles`` for every mirror article of ``day``."""
    return {(a.site, served_url(mirror, a)): stored_form(a) for a in articles_on(day) if a.site not in skip_sites}
