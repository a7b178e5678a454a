"""Which parser reads which source's pages: each source's layouts, newest first.

A page is read by the newest version whose layout it matches (``Parser.matches``). When it matches
none (the site changed its markup again), the newest version valid on the page's day reads it, and
the caller sees the empty fields and falls back to the generic reader.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

from parsel import Selector

from transforms.parsers.base import Parser
from transforms.parsers.generic import GenericParser

# Modules of this package that are machinery, not a site.
NOT_SITES = {"base", "page", "generic", "registry", "cms_family"}


def _discover() -> dict[str, tuple[Parser, ...]]:
    """Every ``Parser`` subclass of every site module (``transforms/parsers/<source>.py``), newest
    version first: adding a site's module is all it takes to register its parser."""
    import transforms.parsers as package

    found: dict[str, list[Parser]] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        if module_info.name in NOT_SITES or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Parser) and value.__module__ == module.__name__ and value.source:
                found.setdefault(value.source, []).append(value())
    return {
        source: tuple(sorted(parsers, key=lambda p: int(p.version), reverse=True)) for source, parsers in sorted(found.items())
    }


PARSERS: dict[str, tuple[Parser, ...]] = _discover()
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
