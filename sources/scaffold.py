"""Start a new source: ``python -m sources.scaffold <name> <base_url> [--discovery rss --url /rss.xml]``.

Without ``--discovery`` the site is probed (``sources/probe.py``: robots.txt, the home page's feed links,
the common feed and sitemap paths, category listings), the best discovery found is written, and
``bantin sources check <name>`` runs on the newest day the discovery showed; nothing is written when
nothing was found. Writes the three files docs/adding-a-source.md walks through:
- ``sources/<name>.yaml``: the source (base URL, discovery, politeness);
- ``transforms/parsers/<name>.py``: a parser stub that reads with the generic reader until its field
  methods are written (the registry finds it by itself);
- ``tests/test_source_<name>.py``: the fixture test over ``tests/fixtures/pages/<name>/``.

``python -m sources.scaffold page <name> <article_url>`` stores one article page as a fixture: the
bytes and Content-Type as served, and a JSON of expected fields left empty, to be filled in from what
the page says (never from the parser's output, or the test could not fail).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import Request, urlopen

from sources import (
    DISCOVERY_KINDS,
    NAME_PATTERN,
    SOURCES_DIR_ENV,
    YAML_LOADER,
    host_problem,
    loopback_allowed,
    parse_source,
)
from sources.probe import Found, probe

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_FIELDS = ("title", "lead", "body", "authors", "published_at", "canonical_url", "category", "event_date")

SOURCE_FILE = """\
# {title}: added with `python -m sources.scaffold`; see docs/adding-a-source.md.
name: {name}
title: {title}
kind: news site
base_url: {base_url}
discovery:
{discovery}
politeness:
  download_delay: 1.0
  concurrent_requests_per_domain: 2
# What public evidence shows the URLs, feeds and markup above are right: one entry per reference,
#   - ref: owner/repo:path, a URL or a dataset
#     shows: what it shows, in one line
#     seen: YYYY-MM-DD (the date of that evidence)
# and delete `unverified` once the evidence covers everything this file relies on.
evidence: []
unverified: {unverified}
"""
UNCHECKED = "nothing checked yet (added with the scaffold)"

PARSER_FILE = '''\
"""{title} ({host}): the site parser. Until its field methods are written it reads every page with
the generic reader (JSON-LD and meta tags, then the main text)."""

from __future__ import annotations

from parsel import Selector

from transforms.parsers.generic import GenericParser


class {klass}V1(GenericParser):
    source = "{name}"
    version = "1"
    marker = ""  # a CSS selector only this site's article pages have, e.g. "h1.detail-title"

    def matches(self, page: Selector) -> bool:
        return not self.marker or bool(page.css(self.marker))

    # Override what the generic reader gets wrong, one field at a time, e.g.:
    # def body(self, page: Selector) -> list[str]:
    #     return [text_of(p) for p in page.css(".detail-content > p")]
'''

TEST_FILE = '''\
"""{title}: every stored page reads back to what it says (tests/fixtures/pages/{name}/)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.page_fixtures import PageFixture, load_fixtures
from transforms.parsers import read_article
from transforms.parsers.page import decode_html

PAGES = [f for f in load_fixtures() if f.source == "{name}"]


def test_the_source_has_stored_pages() -> None:
    assert PAGES, "store pages with: python -m sources.scaffold page {name} <article URL>"


@pytest.mark.parametrize("fixture", PAGES, ids=lambda f: f.slug)
def test_page_reads_as_published(fixture: PageFixture) -> None:
    expected = fixture.expected
    assert all(expected.get(key) not in (None, "", []) for key in ("title", "body", "published_at")), "fill in the JSON"
    parsed = read_article(decode_html(fixture.html, fixture.content_type).text, fixture.url, "{name}", fixture.fetched_at)
    assert parsed.parser == "{name}"
    assert parsed.title == expected["title"]
    assert parsed.body == expected["body"]
    assert parsed.published is not None and parsed.published.value == datetime.fromisoformat(expected["published_at"])
    if expected.get("lead"):
        assert parsed.lead == expected["lead"]
    if expected.get("authors"):
        assert parsed.authors == expected["authors"]
'''


def camel(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def discovery_block(fields: dict[str, str]) -> str:
    """The ``discovery:`` mapping's lines, each value quoted (selectors and ``{page}`` URLs hold YAML's signs)."""
    return "\n".join(f"  {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items())


def planned_files(name: str, root: Path = ROOT) -> list[Path]:
    return [
        root / "sources" / f"{name}.yaml",
        root / "transforms" / "parsers" / f"{name}.py",
        root / "tests" / f"test_source_{name}.py",
    ]


def new_source(
    name: str,
    base_url: str,
    discovery: str,
    url: str,
    title: str | None,
    root: Path = ROOT,
    extra: dict[str, str] | None = None,
    unverified: str = UNCHECKED,
) -> list[Path]:
    """Write the source file, the parser stub and the fixture test; refuse to overwrite. ``extra``: the
    discovery's other fields (a listing's item, link, date and pages)."""
    title = title or name
    fields = {"kind": discovery, "url": url, **(extra or {})}
    text = SOURCE_FILE.format(
        name=name, title=title, base_url=base_url.rstrip("/"), discovery=discovery_block(fields), unverified=unverified
    )
    import yaml

    # The same validation the night applies (a mirror on 127.0.0.1 only where the overrides file allows it).
    parse_source(yaml.load(text, Loader=YAML_LOADER), f"{name}.yaml", allow_loopback=loopback_allowed())
    source_file, parser_file, test_file = planned_files(name, root)
    files = {
        source_file: text,
        parser_file: PARSER_FILE.format(name=name, title=title, host=urlsplit(base_url).hostname, klass=camel(name)),
        test_file: TEST_FILE.format(name=name, title=title),
    }
    existing = [path for path in files if path.exists()]
    if existing:
        raise FileExistsError(f"{existing[0]} exists already")
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (root / "tests" / "fixtures" / "pages" / name).mkdir(parents=True, exist_ok=True)
    return list(files)


def probed_source(name: str, base_url: str, title: str | None, delay: float, root: Path = ROOT) -> tuple[list[Path], Found]:
    """Probe the site, print what each request answered, and write the source with the best discovery found.
    Raises ``LookupError`` when nothing works."""
    if problem := host_problem(base_url, allow_loopback=loopback_allowed()):
        raise LookupError(f"{base_url} {problem}")
    found, log = probe(base_url, delay)
    for url, answer in log.requests:
        print(f"probe: {url} -> {answer}")
    for note in log.notes:
        print(f"probe found: {note}")
    print(f"probe: {len(log.requests)} requests")
    if found is None:
        raise LookupError(
            f"no feed, sitemap or listing page found at {base_url}: give one with --discovery and --url "
            "(see docs/adding-a-source.md)"
        )
    fields = found.discovery()
    kind, url = fields.pop("kind"), fields.pop("url")
    today = datetime.now(UTC).date().isoformat()
    unverified = f"discovery found by probing {base_url} on {today}; no public evidence checked yet"
    return new_source(name, base_url, kind, url, title, root, extra=fields, unverified=unverified), found


def run_check(name: str, day: date, root: Path = ROOT) -> int:
    """``bantin sources check <name> --date <day>`` on the new file; prints its table, returns its exit code."""
    from sources.check import check_source, render

    previous = os.environ.get(SOURCES_DIR_ENV)
    os.environ[SOURCES_DIR_ENV] = str(root / "sources")
    try:
        result = check_source(name, day, 3)
    finally:
        if previous is None:
            os.environ.pop(SOURCES_DIR_ENV, None)
        else:
            os.environ[SOURCES_DIR_ENV] = previous
    print(f"bantin sources check {name} --date {day}")
    sys.stdout.write(render([result]))
    return 0 if result.ok else 1


def save_page(name: str, url: str, root: Path = ROOT) -> tuple[Path, Path]:
    """Fetch one article page and store it as a fixture with an expected-fields JSON to fill in."""
    request = Request(url, headers={"User-Agent": "bantin-scaffold (+docs/adding-a-source.md)"})
    with urlopen(request, timeout=30) as response:
        body, content_type = response.read(), response.headers.get("Content-Type", "text/html")
    slug = re.sub(r"[^a-z0-9-]+", "-", urlsplit(url).path.lower()).strip("-")[:80] or "index"
    folder = root / "tests" / "fixtures" / "pages" / name
    folder.mkdir(parents=True, exist_ok=True)
    html_path, json_path = folder / f"{slug}.html", folder / f"{slug}.json"
    html_path.write_bytes(body)
    meta = {
        "source": name,
        "url": url,
        "content_type": content_type,
        "layout": "v1",
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "expected": {key: None for key in EXPECTED_FIELDS},
    }
    json_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return html_path, json_path


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "page":
        options = argparse.ArgumentParser(
            prog="python -m sources.scaffold page", description="store one article page as a fixture"
        )
        options.add_argument("name")
        options.add_argument("url")
        args = options.parse_args(argv[1:])
        for path in save_page(args.name, args.url):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        print("now fill in the JSON's expected fields from what the page says")
        return 0
    options = argparse.ArgumentParser(prog="python -m sources.scaffold", description="start a new source")
    options.add_argument("name", help="lower-case letters, digits and _ (it names folders)")
    options.add_argument("base_url")
    options.add_argument("--discovery", choices=DISCOVERY_KINDS, help="skip probing: the discovery kind")
    options.add_argument("--url", help="with --discovery: the sitemap, feed or listing path (default /sitemap.xml)")
    options.add_argument("--title")
    options.add_argument("--delay", type=float, default=0.5, help="seconds between probing requests (default 0.5)")
    args = options.parse_args(argv)
    if not NAME_PATTERN.match(args.name):
        options.error(f"name {args.name!r} must be lower-case letters, digits and '_'")
    if existing := [path for path in planned_files(args.name) if path.exists()]:
        print(f"python -m sources.scaffold: {existing[0]} exists already", file=sys.stderr)
        return 1
    if args.discovery is None and args.url is None:
        try:
            paths, found = probed_source(args.name, args.base_url, args.title, args.delay)
        except LookupError as error:
            print(f"python -m sources.scaffold: {error}", file=sys.stderr)
            return 1
        for path in paths:
            print(f"wrote {path.relative_to(ROOT)}")
        print(f"discovery: {found.kind} {found.url}" + (f" (pages {found.pages})" if found.pages else ""))
        return run_check(args.name, found.newest) if found.newest else 0
    if args.discovery == "listing":
        options.error("a listing source needs item/link selectors: start with sitemap or rss, then edit the file")
    for path in new_source(args.name, args.base_url, args.discovery or "sitemap", args.url or "/sitemap.xml", args.title):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
