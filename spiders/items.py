"""What a spider hands over: one fetched article page, kept whole so it can be re-read later."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class RawPage:
    url: str
    final_url: str
    source: str
    fetched_at: datetime
    http_status: int
    content_type: str | None
    encoding: str | None
    headers: str  # JSON object
    html: str
    html_sha256: str
