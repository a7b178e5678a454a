"""The news sources: one YAML file per source in this folder, loaded and validated here.

Adding a source means adding a file; nothing else (spiders, DAG) lists sources by hand.
``BANTIN_SOURCE_OVERRIDES`` may name a JSON file ``{"<source>": {"base_url": ..., "download_delay": ...}}``
that points sources elsewhere (the offline mirror, a staging copy) without editing the files.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import yaml

SOURCES_DIR = Path(__file__).parent
OVERRIDES_ENV = "BANTIN_SOURCE_OVERRIDES"
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
DiscoveryKind = Literal["sitemap", "rss", "listing"]
DISCOVERY_KINDS: tuple[str, ...] = ("sitemap", "rss", "listing")


class SourceConfigError(ValueError):
    """A source file is invalid; the message names the file and the field."""


@dataclass(frozen=True)
class Discovery:
    """Where the source lists its articles and, for listing pages, how to read one item."""

    kind: DiscoveryKind
    url: str
    item: str | None = None
    link: str | None = None
    date: str | None = None
    next: str | None = None
    max_pages: int = 100


@dataclass(frozen=True)
class Selectors:
    """Optional CSS selectors the reader tries before structured data and generic rules."""

    title: str | None = None
    lead: str | None = None
    body: str | None = None
    authors: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Politeness:
    download_delay: float = 1.0
    concurrent_requests_per_domain: int = 2


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    kind: str
    base_url: str
    discovery: Discovery
    selectors: Selectors = field(default_factory=Selectors)
    politeness: Politeness = field(default_factory=Politeness)

    @property
    def allowed_domains(self) -> list[str]:
        return [urlsplit(self.base_url).hostname or ""]

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url + "/", url)


def _section(raw: dict[str, Any], key: str, cls: type, where: str) -> Any:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise SourceConfigError(f"{where}: field '{key}' must be a mapping")
    known = set(cls.__dataclass_fields__)
    unknown = sorted(set(value) - known)
    if unknown:
        raise SourceConfigError(f"{where}: unknown field '{key}.{unknown[0]}' (known: {', '.join(sorted(known))})")
    try:
        return cls(**value)
    except TypeError as error:
        raise SourceConfigError(f"{where}: field '{key}': {error}") from None


def parse_source(raw: Any, where: str) -> Source:
    """A validated ``Source`` from one file's parsed YAML; errors name ``where`` and the field."""
    if not isinstance(raw, dict):
        raise SourceConfigError(f"{where}: expected a mapping of fields")
    for required in ("name", "base_url", "discovery"):
        if not raw.get(required):
            raise SourceConfigError(f"{where}: missing required field '{required}'")
    name = str(raw["name"])
    if not NAME_PATTERN.match(name):
        raise SourceConfigError(
            f"{where}: field 'name' {name!r} must be lower-case letters, digits and '_' (it names folders)"
        )
    base_url = str(raw["base_url"]).rstrip("/")
    if urlsplit(base_url).scheme not in ("http", "https") or not urlsplit(base_url).hostname:
        raise SourceConfigError(f"{where}: field 'base_url' {base_url!r} is not an http(s) URL")
    discovery = _section(raw, "discovery", Discovery, where)
    if discovery.kind not in DISCOVERY_KINDS:
        raise SourceConfigError(f"{where}: field 'discovery.kind' must be one of {', '.join(DISCOVERY_KINDS)}")
    if discovery.kind == "listing" and not (discovery.item and discovery.link):
        raise SourceConfigError(f"{where}: a listing discovery needs 'discovery.item' and 'discovery.link'")
    unknown = sorted(set(raw) - {"name", "title", "kind", "base_url", "discovery", "selectors", "politeness"})
    if unknown:
        raise SourceConfigError(f"{where}: unknown field '{unknown[0]}'")
    return Source(
        name=name,
        title=str(raw.get("title") or name),
        kind=str(raw.get("kind") or "news site"),
        base_url=base_url,
        discovery=discovery,
        selectors=_section(raw, "selectors", Selectors, where),
        politeness=_section(raw, "politeness", Politeness, where),
    )


def load_source_file(path: Path) -> Source:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SourceConfigError(f"{path.name}: not valid YAML: {error}") from None
    source = parse_source(raw, path.name)
    if source.name != path.stem:
        raise SourceConfigError(f"{path.name}: field 'name' is {source.name!r} but the file is named {path.stem!r}")
    return source


def _overrides() -> dict[str, dict[str, Any]]:
    location = os.environ.get(OVERRIDES_ENV)
    if not location:
        return {}
    return json.loads(Path(location).read_text(encoding="utf-8"))


def _apply(source: Source, override: dict[str, Any]) -> Source:
    politeness = source.politeness
    if "download_delay" in override:
        politeness = replace(politeness, download_delay=float(override["download_delay"]))
    base_url = str(override.get("base_url", source.base_url)).rstrip("/")
    return replace(source, base_url=base_url, politeness=politeness)


def load_sources(directory: Path = SOURCES_DIR) -> dict[str, Source]:
    """Every source in ``directory`` by name, with overrides applied."""
    overrides = _overrides()
    sources = {}
    for path in sorted(directory.glob("*.yaml")):
        source = load_source_file(path)
        sources[source.name] = _apply(source, overrides.get(source.name, {}))
    return sources


def get_source(name: str) -> Source:
    sources = load_sources()
    if name not in sources:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sources)}")
    return sources[name]
