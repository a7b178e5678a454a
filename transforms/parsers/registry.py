"""Which parser reads which source's pages: each source's layouts, newest first.

A page is read by the newest version whose layout it matches (``Parser.matches``). When it matches
none (the site changed its markup again), the newest version valid on the page's day reads it, and
the caller sees the empty fields and falls back to the generic reader.
"""

from __future__ import annotations

from datetime import date

from parsel import Selector

from transforms.parsers.base import Parser
from transforms.parsers.baochinhphu import BaoChinhPhuV1
from transforms.parsers.baogialai import BaoGiaLaiV1
from transforms.parsers.cand import CandV1, CandV2
from transforms.parsers.congan_hungyen import CongAnHungYenV1
from transforms.parsers.dangcongsan import DangCongSanV1
from transforms.parsers.generic import GenericParser
from transforms.parsers.nhandan import NhanDanV1, NhanDanV2
from transforms.parsers.qdnd import QdndV1

PARSERS: dict[str, tuple[Parser, ...]] = {
    "cand": (CandV2(), CandV1()),
    "nhandan": (NhanDanV2(), NhanDanV1()),
    "dangcongsan": (DangCongSanV1(),),
    "baochinhphu": (BaoChinhPhuV1(),),
    "baogialai": (BaoGiaLaiV1(),),
    "congan_hungyen": (CongAnHungYenV1(),),
    "qdnd": (QdndV1(),),
}
GENERIC = GenericParser()


def versions(source: str) -> tuple[Parser, ...]:
    """The source's parsers, newest first (empty for a source read by the generic reader alone)."""
    return PARSERS.get(source, ())


def choose(source: str, page: Selector, day: date | None = None) -> Parser:
    """The parser for one page of ``source``: the newest layout it matches; else the newest valid on
    ``day`` (the page's publication or crawl day); the generic reader for a source without parsers."""
    known = versions(source)
    if not known:
        return GENERIC
    for parser in known:
        if parser.matches(page):
            return parser
    valid = [p for p in known if day is None or p.valid_from is None or p.valid_from <= day]
    return (valid or list(known))[0]
