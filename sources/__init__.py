"""The news sources: one YAML file per source in this folder, loaded and validated here.

Adding a source means adding a file; nothing else (spiders, DAG) lists sources by hand.
``BANTIN_SOURCES_DIR`` may point at another folder of source files (default: this package's folder).
Every field is validated by type and range (pydantic models below); unknown fields are refused, and
every error names the file and the field (``cand.yaml: field 'politeness.download_delay' ...``).
An invalid file never takes the other sources down: the night names it (its crawl task fails with the
file and the field, its ``source_health`` row says so) while the valid sources run.

URLs are http(s) on public hosts: a base or discovery URL on a loopback, private, link-local or
cloud-metadata address is refused, so a source file cannot point the crawler inside the network it
runs in. Only the overrides file may allow loopback (the offline mirror on 127.0.0.1), with
``"_allow_loopback": true``; nothing allows private, link-local or metadata addresses.

``BANTIN_SOURCE_OVERRIDES`` may name a JSON file
``{"_allow_loopback": true, "<source>": {"base_url": ..., "download_delay": ...}}`` that points sources
elsewhere (the offline mirror, a staging copy) without editing the files. Its values are validated
like the source file's; a missing or malformed file raises ``OverridesError`` naming the variable,
the file and the problem, and then no source loads (the night's crawl tasks and extraction fail with
that message, nothing is published).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import os
import re
import socket
import string
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urljoin, urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, field_validator
from pydantic_core import ErrorDetails

SOURCES_DIR = Path(__file__).parent
SOURCES_DIR_ENV = "BANTIN_SOURCES_DIR"
# libyaml's safe loader where PyYAML was built with it: every crawl reads every source file, and the
# pure-Python loader spends about 10 ms on each.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
log = logging.getLogger(__name__)
OVERRIDES_ENV = "BANTIN_SOURCE_OVERRIDES"
ALLOW_LOOPBACK_KEY = "_allow_loopback"  # not a source name: those start with a letter
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
DiscoveryKind = Literal["sitemap", "rss", "listing"]
DISCOVERY_KINDS: tuple[str, ...] = ("sitemap", "rss", "listing")
# Host names that always mean "this machine" or "the cloud's metadata service", whatever DNS says.
LOOPBACK_NAMES = ("localhost",)
INTERNAL_NAMES = ("metadata.google.internal", "metadata", "instance-data")
INTERNAL_SUFFIXES = (".localhost", ".internal", ".local", ".localdomain", ".home.arpa")

Seconds = Annotated[float, Field(ge=0, le=60, strict=True)]
Concurrency = Annotated[StrictInt, Field(ge=1, le=16)]
PageCount = Annotated[StrictInt, Field(ge=1, le=10_000)]
Text = Annotated[StrictStr, Field(min_length=1, max_length=500)]
# Placeholders a discovery URL may hold, by discovery kind: sitemaps and feeds may be split by month
# (``/sitemaps/news-{year}-{month}.xml``, month not zero-padded), listings paginated by number
# (``/timelinelist/{zone}/{page}.htm``, ``View.aspx?Page={page}``).
URL_PLACEHOLDERS: dict[str, frozenset[str]] = {
    "sitemap": frozenset({"year", "month"}),
    "rss": frozenset({"year", "month"}),
    "listing": frozenset({"page", "zone"}),
}


class SourceConfigError(ValueError):
    """A source file is invalid; the message names the file and the field."""


class OverridesError(SourceConfigError):
    """``BANTIN_SOURCE_OVERRIDES`` names a missing or malformed file; the message names the variable,
    the file and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def placeholders(url: str) -> set[str]:
    """The ``{name}`` placeholders of a discovery URL."""
    return {name for _, name, _, _ in string.Formatter().parse(url) if name is not None}


class Discovery(_Strict):
    """Where the source lists its articles and, for listing pages, how to read one item.

    A listing is followed page after page either by its ``next`` link or, for sites without one, by
    page number: ``url`` holds ``{page}``, or ``pages`` is the URL of pages 2, 3, ... (baochinhphu:
    the section page first, then ``/timelinelist/{zone}/{page}.htm``). ``{zone}`` is the site's
    section id: given as ``zone``, or read on the first page with the selector ``zone_from``. An item is dated by its text at ``date``; a listing whose items
    show no date (no ``date``) has each new article dated by its own page (spiders/news.py)."""

    kind: DiscoveryKind
    url: Text
    item: Text | None = None
    link: Text | None = None
    date: Text | None = None
    next: Text | None = None
    pages: Text | None = None  # the URL of pages 2, 3, ... when it differs from url's
    zone: Text | None = None  # the site's section id, substituted for {zone}
    zone_from: Text | None = None  # or a selector reading it on the first page ("input#hdZoneId::attr(value)")
    max_pages: PageCount = 100

    def url_problem(self) -> tuple[str, str] | None:
        """(field, why) when the URLs' placeholders do not fit this discovery, or None."""
        for field, url in (("url", self.url), ("pages", self.pages)):
            if url is None:
                continue
            try:
                names = placeholders(url)
            except ValueError as error:
                return field, f"has a broken placeholder: {error}"
            unknown = names - URL_PLACEHOLDERS[self.kind]
            if unknown:
                allowed = ", ".join(sorted("{" + n + "}" for n in URL_PLACEHOLDERS[self.kind]))
                return (
                    field,
                    f"has placeholder {{{sorted(unknown)[0]}}}, which a {self.kind} discovery does not fill (it fills {allowed})",
                )
            if "zone" in names and not (self.zone or (self.zone_from and field == "pages")):
                return field, "has {zone} but the discovery names no 'zone'" + (
                    " ('zone_from' is read on page 1)" if self.zone_from else ""
                )
            if names & {"year", "month"} and names != {"year", "month"}:
                return field, "must hold both {year} and {month} (one URL per month)"
            if field == "pages" and "page" not in names:
                return field, "must hold {page}"
        if self.pages is not None and self.kind != "listing":
            return "pages", f"is for listings, not a {self.kind} discovery"
        return None

    def page_url(self, page: int, zone: str | None = None) -> str:
        """Listing page ``page`` (1-based): ``url`` for page 1, else ``pages`` or ``url`` with the number."""
        template = self.pages if self.pages is not None and page > 1 else self.url
        return template.format(page=page, zone=zone or self.zone or "")

    @property
    def numbered(self) -> bool:
        """The listing is paged by number (no next link to follow)."""
        return self.pages is not None or "page" in placeholders(self.url)

    def month_urls(self, start: dt.date, end: dt.date) -> list[str]:
        """The discovery URL of every month from ``start`` to ``end`` (one URL when not split by month)."""
        if "year" not in placeholders(self.url):
            return [self.url]
        months, (year, month) = [], (start.year, start.month)
        while (year, month) <= (end.year, end.month):
            months.append(self.url.format(year=year, month=month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


class Evidence(_Strict):
    """One public reference a source file relies on: where it is, what it shows, and the date it was
    seen (a live check's day, a commit's or a translator's date), or "undated" when it carries none."""

    ref: Text  # "owner/repo:path", a URL, or a dataset's name
    shows: Annotated[StrictStr, Field(min_length=1, max_length=1000)]
    seen: date | Literal["undated"]


class Politeness(_Strict):
    download_delay: Seconds = 1.0
    concurrent_requests_per_domain: Concurrency = 2


class Source(_Strict):
    name: StrictStr
    title: Text
    kind: Text = "news site"
    base_url: StrictStr
    # Other origins of the same site (an old domain it moved from): redirects between them are followed,
    # pages on them are the source's own; any other domain stays refused.
    aliases: tuple[StrictStr, ...] = ()
    discovery: Discovery
    politeness: Politeness = Politeness()
    cookies: bool = False  # the site needs a session cookie (qdnd's feeds redirect to themselves until one is set)
    # The province a local outlet reports on: its reports often name no province ("Công an tỉnh" of its own).
    province: Text | None = None
    evidence: tuple[Evidence, ...]
    unverified: Text | None = None  # what no public evidence supports (the source is shown as unverified)

    @field_validator("name")
    @classmethod
    def _folder_name(cls, name: str) -> str:
        if not NAME_PATTERN.match(name):
            raise ValueError("must be lower-case letters, digits and '_' (it names folders)")
        return name

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, url: str) -> str:
        return _origin(url)

    @field_validator("aliases")
    @classmethod
    def _http_urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(_origin(url) for url in urls)

    @property
    def origins(self) -> tuple[str, ...]:
        """The base URL, then the aliases: every origin the source's pages may be on."""
        return (self.base_url, *(alias for alias in self.aliases if alias != self.base_url))

    @property
    def allowed_domains(self) -> list[str]:
        return sorted({urlsplit(origin).hostname or "" for origin in self.origins})

    @property
    def verified(self) -> bool:
        """Public evidence supports everything the file relies on."""
        return bool(self.evidence) and self.unverified is None

    @property
    def evidence_seen(self) -> date | None:
        """The date of the newest dated evidence."""
        return max((item.seen for item in self.evidence if isinstance(item.seen, date)), default=None)

    def absolute(self, url: str) -> str:
        return urljoin(self.base_url + "/", url)


def _origin(url: str) -> str:
    url = url.strip().rstrip("/")
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
        raise ValueError("is not an http(s) URL")
    return url


class SourceOverride(_Strict):
    """What the overrides file may change of one source."""

    base_url: StrictStr | None = None
    aliases: tuple[StrictStr, ...] | None = None
    cookies: bool | None = None
    download_delay: Seconds | None = None
    concurrent_requests_per_domain: Concurrency | None = None


def _ip_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address ``host`` spells, also in the short and numeric forms the resolver accepts
    ("127.1", "2130706433", "0x7f.0.0.1"), or None for a host name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if re.fullmatch(r"[0-9a-fx.]+", host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def host_problem(url: str, *, allow_loopback: bool = False) -> str | None:
    """Why the crawler must not fetch ``url`` (not http(s), or a host inside the network), or None.
    Names are judged as written, not resolved: DNS is not consulted at validation time."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an http(s) URL"
    host = parts.hostname.lower().rstrip(".")
    address = _ip_of(host)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    loopback = host in LOOPBACK_NAMES or host.endswith(".localhost") or (address is not None and address.is_loopback)
    if loopback:
        return None if allow_loopback else "is on a loopback host (only the overrides file may allow that, for a local mirror)"
    if host in INTERNAL_NAMES or host.endswith(INTERNAL_SUFFIXES):
        return "is on an internal host name"
    if address is not None and not address.is_global:
        return "is on a private, link-local or reserved address"
    return None


def _field_message(error: ErrorDetails) -> str:
    field = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown field '{field}'"
    if error["type"] == "missing":
        return f"missing required field '{field}'"
    message = error["msg"].removeprefix("Value error, ").removeprefix("Input ")
    return f"field '{field}' {message} (got {error['input']!r})"


def _describe(error: ValidationError, where: str, prefix: str = "") -> str:
    first = error.errors()[0]
    return f"{where}: {_field_message(first | {'loc': (*([prefix] if prefix else []), *first['loc'])})}"


def parse_source(raw: Any, where: str, *, allow_loopback: bool = False) -> Source:
    """A validated ``Source`` from one file's parsed YAML; errors name ``where`` and the field.
    ``allow_loopback`` lets base and discovery URLs be on 127.0.0.1 (the offline mirror)."""
    if not isinstance(raw, dict):
        raise SourceConfigError(f"{where}: expected a mapping of fields")
    for required in ("name", "base_url", "discovery"):
        if not raw.get(required):
            raise SourceConfigError(f"{where}: missing required field '{required}'")
    if "evidence" not in raw:
        raise SourceConfigError(
            f"{where}: missing required field 'evidence': list the public references the file relies on "
            "(ref, shows, seen), or write 'evidence: []' with 'unverified: <why>' (see docs/adding-a-source.md)"
        )
    if "selectors" in raw:
        raise SourceConfigError(
            f"{where}: field 'selectors' is no longer read: pages are read by transforms/parsers/{raw['name']}.py "
            "(python -m sources.scaffold writes one) or the generic reader"
        )
    try:
        source = Source.model_validate({"title": raw["name"], **{k: v for k, v in raw.items() if v is not None}})
    except ValidationError as error:
        raise SourceConfigError(_describe(error, where)) from None
    if misfit := source.discovery.url_problem():
        field, why = misfit
        raise SourceConfigError(f"{where}: field 'discovery.{field}' {getattr(source.discovery, field)!r} {why}")
    urls = [("base_url", source.base_url), *(("aliases", alias) for alias in source.aliases)]
    discovery = source.discovery
    first = (
        discovery.page_url(1, "0") if discovery.kind == "listing" else discovery.month_urls(date(2000, 1, 1), date(2000, 1, 1))[0]
    )
    urls.append(("discovery.url", source.absolute(first)))
    for field, url in urls:
        if problem := host_problem(url, allow_loopback=allow_loopback):
            raise SourceConfigError(f"{where}: field '{field}' {url!r} {problem}")
    if not source.evidence and source.unverified is None:
        raise SourceConfigError(f"{where}: field 'evidence' is empty: say why in 'unverified: <what has no evidence>'")
    if discovery.kind == "listing" and not (discovery.item and discovery.link):
        raise SourceConfigError(f"{where}: a listing discovery needs 'discovery.item' and 'discovery.link'")
    return source


def load_source_file(path: Path, *, allow_loopback: bool | None = None) -> Source:
    """One source file, validated (loopback allowed only as the overrides file says, by default)."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as error:
        raise SourceConfigError(f"{path.name}: not valid YAML: {error}") from None
    if allow_loopback is None:
        allow_loopback = loopback_allowed()
    source = parse_source(raw, path.name, allow_loopback=allow_loopback)
    if source.name != path.stem:
        raise SourceConfigError(f"{path.name}: field 'name' is {source.name!r} but the file is named {path.stem!r}")
    return source


def _overrides_file() -> tuple[str, dict[str, Any]]:
    """``(where, parsed JSON)`` of the overrides file, ``("", {})`` without one; ``OverridesError`` when
    the file is missing, not JSON, or not a mapping."""
    location = os.environ.get(OVERRIDES_ENV)
    if not location:
        return "", {}
    where = f"{OVERRIDES_ENV}={location}"
    try:
        text = Path(location).read_text(encoding="utf-8")
    except OSError as error:
        raise OverridesError(f"{where}: cannot read the file: {error.strerror or error}") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise OverridesError(f"{where}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}") from None
    if not isinstance(raw, dict):
        raise OverridesError(f"{where}: expected a JSON object of sources, not {type(raw).__name__}")
    return where, raw


def loopback_allowed() -> bool:
    """Whether the overrides file in force allows loopback URLs (``"_allow_loopback": true``)."""
    where, raw = _overrides_file()
    flag = raw.get(ALLOW_LOOPBACK_KEY, False)
    if not isinstance(flag, bool):
        raise OverridesError(f"{where}: field '{ALLOW_LOOPBACK_KEY}' must be true or false (got {flag!r})")
    return flag


def _overrides() -> tuple[str, dict[str, SourceOverride]]:
    """The validated override of each source named in the overrides file (unknown names are ignored:
    one file may serve several folders of sources)."""
    where, raw = _overrides_file()
    unknown = sorted(key for key in raw if key.startswith("_") and key != ALLOW_LOOPBACK_KEY)
    if unknown:
        raise OverridesError(f"{where}: unknown field '{unknown[0]}'")
    overrides = {}
    for name, value in raw.items():
        if name == ALLOW_LOOPBACK_KEY:
            continue
        if not isinstance(value, dict):
            raise OverridesError(f"{where}: field '{name}' must be a JSON object (got {value!r})")
        try:
            overrides[name] = SourceOverride.model_validate(value)
        except ValidationError as error:
            raise OverridesError(_describe(error, where, prefix=name)) from None
    return where, overrides


def _apply(source: Source, override: SourceOverride | None, where: str, allow_loopback: bool) -> Source:
    """``source`` with ``override`` applied, validated again as a whole (the new base URL too)."""
    if override is None:
        return source
    merged = source.model_dump()
    if override.base_url is not None:  # elsewhere: the real site's other domains no longer apply
        merged["base_url"] = override.base_url
        merged["aliases"] = []
    if override.aliases is not None:
        merged["aliases"] = list(override.aliases)
    if override.cookies is not None:
        merged["cookies"] = override.cookies
    for key in ("download_delay", "concurrent_requests_per_domain"):
        if (value := getattr(override, key)) is not None:
            merged["politeness"][key] = value
    try:
        return parse_source(merged, f"{where} ({source.name})", allow_loopback=allow_loopback)
    except SourceConfigError as error:
        raise OverridesError(str(error)) from None


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
    file does not stop the other sources). A bad overrides file raises ``OverridesError`` either way:
    it concerns every source."""
    where, overrides = _overrides()
    allow_loopback = loopback_allowed()
    sources = {}
    for path in sorted((directory or sources_dir()).glob("*.yaml")):
        try:
            source = load_source_file(path, allow_loopback=allow_loopback)
        except SourceConfigError as error:
            if not skip_invalid:
                raise
            log.warning("skipping an invalid source file: %s", error)
            continue
        sources[source.name] = _apply(source, overrides.get(source.name), where, allow_loopback)
    return sources


def source_errors(directory: Path | None = None) -> dict[str, str]:
    """Each invalid source file's name and its error (file and field)."""
    allow_loopback = loopback_allowed()
    errors = {}
    for path in sorted((directory or sources_dir()).glob("*.yaml")):
        try:
            load_source_file(path, allow_loopback=allow_loopback)
        except SourceConfigError as error:
            errors[path.name] = str(error)
    return errors


def load_named_source(name: str, directory: Path | None = None) -> Source:
    """One source by name, with overrides applied; raises ``SourceConfigError`` if its file is invalid
    (``OverridesError`` if the overrides file is)."""
    path = (directory or sources_dir()) / f"{name}.yaml"
    if not NAME_PATTERN.match(name) or not path.is_file():
        raise KeyError(f"unknown source {name!r}; known: {', '.join(source_names(directory))}")
    where, overrides = _overrides()
    allow_loopback = loopback_allowed()
    return _apply(load_source_file(path, allow_loopback=allow_loopback), overrides.get(name), where, allow_loopback)
