"""The news sources: one YAML file per source in this folder, loaded and validated here.

Adding a source means adding a file; nothing else (spiders, DAG) lists sources by hand.
``BANTIN_SOURCES_DIR`` may point at another folder of source files (default: this package's folder).
An invalid file never takes the other sources down: the night names it (its crawl task fails with the
file and the field, its ``source_health`` row says so) while the valid sources run.
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

import logging

import yaml

SOURCES_DIR = Path(__file__).parent
SOURCES_DIR_ENV = "BANTIN_SOURCES_DIR"
log = logging.getLogger(__name__)
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
    if "selectors" in raw:
        raise SourceConfigError(
            f"{where}: field 'selectors' is no longer read: pages are read by transforms/parsers/{name}.py "
            "(python -m sources.scaffold writes one) or the generic reader"
        )
    unknown = sorted(set(raw) - {"name", "title", "kind", "base_url", "discovery", "politeness"})
    if unknown:
        raise SourceConfigError(f"{where}: unknown field '{unknown[0]}'")
    return Source(
        name=name,
        title=str(raw.get("title") or name),
        kind=str(raw.get("kind") or "news site"),
        base_url=base_url,
        discovery=discovery,
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


def sources_dir() -> Path:
    """Where the source files are: ``$BANTIN_SOURCES_DIR`` or this package's folder."""
    return Path(os.environ.get(SOURCES_DIR_ENV) or SOURCES_DIR)


def source_names(directory: Path | None = None) -> list[str]:
    """The name of every source file, valid or not (a stem that could not name a folder is left out;
    :func:`source_errors` reports it)."""
    return sorted(path.stem for path in (directory or sources_dir()).glob("*.yaml") if NAME_PATTERN.match(path.stem))


def load_sources(directory: Path | None = None, *, skip_invalid: bool = False) -> dict[str, Source]:
    """Every source in ``directory`` by name, with overrides applied. An invalid file raises
    ``SourceConfigError``, or with ``skip_invalid`` is logged and left out (the nightly steps, so one bad
    file does not stop the other sources)."""
    overrides = _overrides()
    sources = {}
    for path in sorted((directory or sources_dir()).glob("*.yaml")):
        try:
            source = load_source_file(path)
        except SourceConfigError as error:
            if not skip_invalid:
                raise
            log.warning("skipping an invalid source file: %s", error)
            continue
        sources[source.name] = _apply(source, overrides.get(source.name, {}))
    return sources


def source_errors(directory: Path | None = None) -> dict[str, str]:
    """Each invalid source file's name and its error (file and field)."""
    errors = {}
    for path in sorted((directory or sources_dir()).glob("*.yaml")):
        try:
            load_source_file(path)
        except SourceConfigError as error:
            errors[path.name] = str(error)
    return errors


def load_named_source(name: str, directory: Path | None = None) -> Source:
    """One source by name, with overrides applied; raises ``SourceConfigError`` if its file is invalid."""
    path = (directory or sources_dir()) / f"{name}.yaml"
    if not NAME_PATTERN.match(name) or not path.is_file():
        raise KeyError(f"unknown source {name!r}; known: {', '.join(source_names(directory))}")
    return _apply(load_source_file(path), _overrides().get(name, {}))
