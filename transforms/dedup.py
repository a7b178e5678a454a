"""Recognising the same story published more than once.

This first stage merges exact republications: two articles whose lead and body are the same text
once normalised (Unicode, case, punctuation, an outlet prefix such as "(Chinhphu.vn) -") share a
cluster. The cluster id is a hash of that text, so it does not depend on which night saw the story
first, nor on the order backfills run in.
"""

from __future__ import annotations

import hashlib
import re

from transforms.text import match_key

OUTLET_PREFIX = re.compile(r"^\s*\((?:[^()]{2,30})\)\s*[-–—]?\s*")


def strip_outlet_prefix(lead: str) -> str:
    """ "(Chinhphu.vn) - Sáng 22/9, ..." -> "Sáng 22/9, ..." """
    return OUTLET_PREFIX.sub("", lead, count=1)


def content_key(lead: str, body: str) -> str:
    return match_key(f"{strip_outlet_prefix(lead)}\n{body}")


def content_sha256(lead: str, body: str) -> str:
    return hashlib.sha256(content_key(lead, body).encode("utf-8")).hexdigest()


def exact_cluster_id(lead: str, body: str) -> str:
    """Cluster id shared by every exact republication of the same text."""
    return "c" + content_sha256(lead, body)[:15]
