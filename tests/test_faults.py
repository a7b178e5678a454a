"""Nothing lost under faults: every fault the mirror can inject, through Airflow, counted by kind.

Three nights run through ``dag.test()`` with the mirror misbehaving on chosen pages: HTTP 500,
503 and 429 with Retry-After, a page slower than the download timeout, a connection reset, a
truncated body, malformed HTML, an empty 200, a wrong declared charset, a redirect loop, a redirect
to a host outside the source, a robots.txt that disallows a section, a 20 MB page, a redesigned
template (read by the generic reader, the source flagged for layout drift). Every healthy
(or recoverable) article must be stored, every failure counted under its kind in ``source_health``,
no request may leave the sources' sites, and robots.txt must be obeyed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from mirror.corpus import MirrorArticle, articles_on
from mirror.faults import FAULT_KINDS, FaultError
from mirror.server import Mirror
from mirror.sites import SITE_LAYOUTS
from tests.airflow_runs import run_night
from tests.truth import expected_rows, served_url
from warehouse.views import connect

TIMEOUT_S = 3.0  # the crawler's download timeout in this test (BANTIN_DOWNLOAD_TIMEOUT)
BACKOFF_S = 0.3  # its first retry backoff (BANTIN_RETRY_BACKOFF); the second is twice that
RETRY_AFTER_S = 1
TOLERANCE_S = 0.05


def article(site: str, night: date, index: int = 0) -> MirrorArticle:
    return sorted(articles_on(night, site), key=lambda a: a.published_at)[index]


def path_of(site: str, night: date, index: int = 0) -> str:
    return SITE_LAYOUTS[site].article_path(article(site, night, index))


@dataclass
class Night:
    """The faults switched on for one night, and what the user must then find in the tables."""

    day: date
    faults: list[tuple[str, str, str, dict]]  # (site, kind, path pattern, options)
    lost: set[tuple[str, int]]  # (site, index) of the night's articles that cannot be stored
    failed: set[str]  # sources whose crawl task must fail
    http_errors: dict[str, dict[str, int]]  # per source; sources not named: {}
    parse_errors: dict[str, int] = field(default_factory=dict)
    drifted: set[str] = field(default_factory=set)  # sources whose pages the generic reader had to read


N23, N24, N25 = date(2025, 9, 23), date(2025, 9, 24), date(2025, 9, 25)
NIGHTS = [
    Night(
        N23,
        faults=[
            ("cand", "slow", path_of("cand", N23), {"delay": TIMEOUT_S + 1.5}),
            ("dangcongsan", "redirect_loop", path_of("dangcongsan", N23), {}),
            ("nhandan", "retry_after", path_of("nhandan", N23), {"status": 429, "retry_after": RETRY_AFTER_S, "times": 1}),
            ("baogialai", "truncated", path_of("baogialai", N23), {}),
            ("congan_hungyen", "wrong_charset", path_of("congan_hungyen", N23), {}),
        ],
        lost={("cand", 0), ("dangcongsan", 0), ("baogialai", 0)},
        failed={"cand", "dangcongsan", "baogialai"},
        http_errors={"cand": {"timeout": 1}, "dangcongsan": {"redirect_loop": 1}, "baogialai": {"truncated": 1},
                     "congan_hungyen": {"wrong_charset": 1}},
    ),
    Night(
        N24,
        faults=[
            ("cand", "retry_after", path_of("cand", N24), {"status": 503, "retry_after": RETRY_AFTER_S}),
            ("dangcongsan", "retry_after", "/noidung/tintuc/Lists/Tinhoatdong/View.aspx", {"status": 503, "retry_after": RETRY_AFTER_S, "times": 1}),
            ("nhandan", "huge", path_of("nhandan", N24), {}),
            ("baochinhphu", "malformed", path_of("baochinhphu", N24), {}),
            ("baogialai", "reset", path_of("baogialai", N24), {"times": 1}),
            ("congan_hungyen", "offsite_redirect", path_of("congan_hungyen", N24), {}),
        ],
        lost={("cand", 0), ("nhandan", 0), ("baochinhphu", 0), ("congan_hungyen", 0)},
        failed={"cand", "nhandan", "baochinhphu", "congan_hungyen"},
        http_errors={"cand": {"503": 1}, "nhandan": {"too_large": 1}, "congan_hungyen": {"offsite_redirect": 1}},
        parse_errors={"baochinhphu": 1},
    ),
    Night(
        N25,
        faults=[
            ("dangcongsan", "status", path_of("dangcongsan", N25), {"status": 500}),
            ("nhandan", "robots_disallow", path_of("nhandan", N25, 1).rsplit("-", 3)[0], {}),
            ("baogialai", "empty", path_of("baogialai", N25), {}),
            ("congan_hungyen", "reset", path_of("congan_hungyen", N25), {}),
            ("cand", "redesign", path_of("cand", N25), {}),
        ],
        lost={("dangcongsan", 0), ("nhandan", 1), ("baogialai", 0), ("congan_hungyen", 0)},
        failed={"dangcongsan", "baogialai", "congan_hungyen"},
        http_errors={"dangcongsan": {"500": 1}, "nhandan": {"robots_disallowed": 1}, "baogialai": {"empty_body": 1},
                     "congan_hungyen": {"connection_reset": 1}},
        parse_errors={"baogialai": 1},
        drifted={"cand"},
    ),
]  # fmt: skip


def attempts_in(log: dict[str, list], site: str, path: str) -> list[float]:
    """When the mirror received each request for ``path`` (a redirect's target with a query excluded)."""
    return [record.at for record in log[site] if record.path == path]


def gaps(times: list[float]) -> list[float]:
    return [later - earlier for earlier, later in zip(times, times[1:])]


def test_every_fault_kind_is_injected_somewhere() -> None:
    injected = {kind for night in NIGHTS for _, kind, _, options in night.faults}
    assert injected == set(FAULT_KINDS)
    statuses = {
        options.get("status") for night in NIGHTS for _, kind, _, options in night.faults if kind in ("status", "retry_after")
    }
    assert {500, 503, 429} <= statuses


def test_nights_under_every_fault_store_every_healthy_article_and_count_each_failure_by_kind(
    mirror: Mirror, airflow_db: Path, warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BANTIN_DOWNLOAD_TIMEOUT", str(TIMEOUT_S))
    monkeypatch.setenv("BANTIN_RETRY_BACKOFF", str(BACKOFF_S))
    logs: dict[date, dict[str, list]] = {}
    runs = {}
    try:
        for night in NIGHTS:
            mirror.clear_faults()
            mirror.clear_requests()
            for site, kind, pattern, options in night.faults:
                mirror.add_fault(site, kind, pattern, **options)
            runs[night.day] = run_night(night.day)
            logs[night.day] = {site: list(state.log) for site, state in mirror.states.items()}
    finally:
        mirror.clear_faults()

    connection = connect(warehouse)
    for night in NIGHTS:
        run = runs[night.day]
        # The run ends; each source that yielded nothing failed its own task, the others published.
        assert run.state == ("failed" if night.failed else "success"), run.task_states
        crawl_states = {task[len("crawl[") : -1]: state for task, state in run.task_states.items() if task.startswith("crawl[")}
        assert crawl_states == {s: ("failed" if s in night.failed else "success") for s in SITE_LAYOUTS}, night.day
        assert run.task_states["publish"] == "success"

        # Every healthy (or recovered) article of the night is stored, with the text the site published.
        lost_urls = {(site, served_url(mirror, article(site, night.day, i))) for site, i in night.lost}
        expected = {key: row for key, row in expected_rows(mirror, night.day).items() if key not in lost_urls}
        stored = {
            (source, url): (title, body)
            for source, url, title, body in connection.execute(
                "SELECT source, url, title, body FROM articles WHERE crawl_date = $d", {"d": night.day}
            ).fetchall()
        }
        assert set(stored) == set(expected), night.day
        for key, truth in expected.items():
            assert stored[key] == (truth["title"], truth["body"]), key  # the wrong-charset page too

        # source_health counts each failure under its kind, per source.
        health = {
            source: (status, json.loads(errors), parse_errors)
            for source, status, errors, parse_errors in connection.execute(
                "SELECT source, status, http_errors, parse_errors FROM source_health WHERE crawl_date = $d", {"d": night.day}
            ).fetchall()
        }
        assert health == {
            site: ("failed" if site in night.failed else "ok", night.http_errors.get(site, {}), night.parse_errors.get(site, 0))
            for site in SITE_LAYOUTS
        }, night.day
        drift = dict(connection.execute(
            "SELECT source, layout_drift FROM source_health WHERE crawl_date = $d AND status = 'ok'", {"d": night.day}
        ).fetchall())  # fmt: skip
        assert {source for source, flagged in drift.items() if flagged} == night.drifted, night.day

    # Pages that arrived but cannot be read are kept in raw_pages (and counted above), not dropped.
    kept = {
        (source, url): (status, html)
        for source, url, status, html in connection.execute("SELECT source, url, http_status, html FROM raw_pages").fetchall()
    }
    malformed = kept[("baochinhphu", served_url(mirror, article("baochinhphu", N24)))]
    assert malformed[0] == 200 and "<body" in malformed[1]
    assert kept[("baogialai", served_url(mirror, article("baogialai", N25)))] == (200, "")
    assert kept[("dangcongsan", served_url(mirror, article("dangcongsan", N25)))][0] == 500
    assert ("cand", served_url(mirror, article("cand", N23))) not in kept  # a timeout leaves no page

    # Bounded retries with backoff; Retry-After honoured.
    slow = attempts_in(logs[N23], "cand", path_of("cand", N23))
    assert len(slow) == 3  # the first try and two retries, then given up
    busy = attempts_in(logs[N24], "cand", path_of("cand", N24))
    assert len(busy) == 3 and all(gap >= RETRY_AFTER_S - TOLERANCE_S for gap in gaps(busy))
    recovered = attempts_in(logs[N23], "nhandan", path_of("nhandan", N23))
    assert len(recovered) == 2 and gaps(recovered)[0] >= RETRY_AFTER_S - TOLERANCE_S
    reset = attempts_in(logs[N25], "congan_hungyen", path_of("congan_hungyen", N25))
    assert len(reset) == 3
    assert gaps(reset)[0] >= BACKOFF_S - TOLERANCE_S and gaps(reset)[1] >= 2 * BACKOFF_S - TOLERANCE_S
    assert len(attempts_in(logs[N24], "nhandan", path_of("nhandan", N24))) == 1  # too large: not retried

    # No request left the sources' sites: the outside host never heard from a crawler.
    assert mirror.outside.requests == []
    assert [r.fault for r in logs[N24]["congan_hungyen"] if r.path == path_of("congan_hungyen", N24)] == ["offsite_redirect"]

    # robots.txt obeyed: read first, and the disallowed section never requested.
    nhandan = logs[N25]["nhandan"]
    assert nhandan[0].path == "/robots.txt"
    assert not [r for r in nhandan if r.path.startswith(path_of("nhandan", N25, 1).rsplit("-", 3)[0])]
    assert any(r.path == path_of("nhandan", N25, 0) for r in nhandan)  # the rest of the site was crawled


# --- the fault mode itself, over plain HTTP -------------------------------------------------------
def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_faults_apply_per_site_and_per_url_pattern_and_heal(mirror: Mirror) -> None:
    site, other = "cand", "nhandan"
    target = path_of(site, N24)
    base = mirror.base_url(site)
    try:
        mirror.add_fault(site, "retry_after", "/*-post*.html", status=429, retry_after=7, times=2)
        assert fetch(base + target)[0] == 429
        status, headers, _ = fetch(base + target)
        assert status == 429 and headers["Retry-After"] == "7"
        assert fetch(base + target)[0] == 200  # only the first two matching requests
        assert fetch(base + "/rss/home.rss")[0] == 200  # other paths untouched
        assert fetch(mirror.base_url(other) + path_of(other, N24))[0] == 200  # other sites untouched

        mirror.add_fault(site, "wrong_charset", target)
        status, headers, body = fetch(base + target)
        assert "iso-8859-1" in headers["Content-Type"] and body.decode("utf-8")  # UTF-8 bytes, wrong label
        mirror.clear_faults(site)

        mirror.add_fault(site, "redirect_loop", target)
        status, headers, _ = fetch(base + target)
        assert status == 302 and headers["Location"].endswith("?vong=1")
        assert fetch(base + headers["Location"])[1]["Location"] == target
        mirror.clear_faults(site)

        mirror.add_fault(site, "robots_disallow", "/thoi-su/bi-mat")
        robots = fetch(base + "/robots.txt")[2].decode()
        assert robots.splitlines()[:2] == ["User-agent: *", "Disallow: /thoi-su/bi-mat"]
        mirror.clear_faults(site)

        mirror.add_fault(site, "offsite_redirect", target)
        location = fetch(base + target)[1]["Location"]
        assert location.startswith(mirror.outside_base.url) and not location.startswith(base)
    finally:
        mirror.clear_faults()
    assert fetch(base + target)[0] == 200


@pytest.mark.parametrize(
    ("kind", "options", "field"),
    [("explode", {}, "kind"), ("status", {"status": 302}, "status"), ("retry_after", {"status": 500}, "status"),
     ("robots_disallow", {"pattern": "no-slash"}, "pattern"), ("slow", {"times": 0}, "times")],
)  # fmt: skip
def test_a_wrongly_described_fault_names_the_field(mirror: Mirror, kind: str, options: dict, field: str) -> None:
    pattern = options.pop("pattern", "*")
    with pytest.raises(FaultError, match=field):
        mirror.add_fault("cand", kind, pattern, **options)
