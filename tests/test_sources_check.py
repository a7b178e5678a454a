"""``bantin sources check``, run as an operator runs it, against the mirror: every source reads well
on a day each published, and each injected fault (a 404 discovery URL, a cookie gate with cookies off,
a broken listing selector, a changed article template) fails the command naming source and step."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import yaml

from mirror.corpus import articles_on
from mirror.server import Mirror
from sources import SOURCES_DIR, source_names

DAY = date(2025, 9, 24)  # every source published that day
PROJECT_DIR = Path(__file__).resolve().parent.parent
BANTIN = str(Path(sys.executable).with_name("bantin"))


def check(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    command = [BANTIN, "sources", "check", "--date", DAY.isoformat(), "--articles", "2", *args]
    return subprocess.run(command, cwd=PROJECT_DIR, env=env or dict(os.environ), capture_output=True, text=True, timeout=600)


def test_every_source_reads_well_and_the_table_says_how(mirror: Mirror) -> None:
    done = check()
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    rows = {line.split()[0]: line for line in lines[2:] if line and line.split()[0] in source_names()}
    published = Counter(a.site for a in articles_on(DAY))
    assert set(published) <= set(rows)
    for source, count in published.items():
        verdict, *_ = rows[source].split()[1:]
        assert verdict == "ok", rows[source]
        assert f" {count} " in rows[source], rows[source]  # the articles found for the day
    assert "15 of 15 sources read well" in done.stdout

    as_json = {row["source"]: row for row in json.loads(check("--json").stdout)}
    assert set(as_json) == set(rows) and all(row["ok"] for row in as_json.values())
    cand = as_json["cand"]
    assert cand["status"] == "unverified" and cand["evidence_seen"] == "2026-08-22"
    assert [answer for _, answer in cand["discovery"]] == ["200"]
    assert cand["discovery"][0][0].endswith("/sitemaps/news-2025-9.xml")
    assert [a["read_with"] for a in cand["articles"]] == ["cand/3"] * min(2, published["cand"])
    titles = {a.title for a in articles_on(DAY, "cand")}
    assert all(a["title"] in titles and a["body_chars"] > 200 and not a["missing"] for a in cand["articles"])
    qdnd = as_json["qdnd"]
    assert qdnd["articles_found"] == published["qdnd"] and qdnd["articles"][0]["published_at"].startswith("2025-09-24T")


def test_a_404_discovery_url_fails_the_source_at_discovery(mirror: Mirror) -> None:
    mirror.add_fault("nhandan", "status", "/sitemaps/*", status=404)
    try:
        done = check("nhandan", "cand")
    finally:
        mirror.clear_faults("nhandan")
    assert done.returncode == 1
    assert "nhandan          FAIL discovery" in done.stdout and "sitemaps/news-2025-9.xml answered 404" in done.stdout
    assert "cand             ok" in done.stdout
    assert "1 of 2 sources read well; failing: nhandan (discovery)" in done.stdout


def test_a_cookie_gate_with_cookies_off_is_named_as_a_redirect_loop(mirror: Mirror, tmp_path: Path) -> None:
    overrides = mirror.source_overrides()
    overrides["qdnd"] = {**overrides["qdnd"], "cookies": False}  # type: ignore[dict-item]
    (tmp_path / "overrides.json").write_text(json.dumps(overrides), encoding="utf-8")
    done = check("qdnd", env=os.environ | {"BANTIN_SOURCE_OVERRIDES": str(tmp_path / "overrides.json")})
    assert done.returncode == 1
    assert "qdnd             FAIL discovery" in done.stdout
    assert "/rss/cate/chinh-tri-3429.rss answered redirect_loop" in done.stdout


def test_a_broken_listing_selector_is_named_at_discovery(mirror: Mirror, tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    raw = yaml.safe_load((SOURCES_DIR / "baochinhphu.yaml").read_text(encoding="utf-8"))
    raw["discovery"]["link"] = "a.box-stream-title::attr(href)"  # a class the page does not have
    (folder / "baochinhphu.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    shutil.copy(SOURCES_DIR / "qdnd.yaml", folder)
    done = check(env=os.environ | {"BANTIN_SOURCES_DIR": str(folder)})
    assert done.returncode == 1
    assert "baochinhphu      FAIL discovery" in done.stdout and f"no article dated {DAY} was listed" in done.stdout
    assert "1 of 2 sources read well; failing: baochinhphu (discovery)" in done.stdout


def test_a_changed_article_template_is_named_at_parse(mirror: Mirror) -> None:
    mirror.add_fault("cand", "redesign", "/*-post*.html")
    try:
        done = check("cand")
    finally:
        mirror.clear_faults("cand")
    assert done.returncode == 1
    assert "cand             FAIL parse" in done.stdout and "read with generic (fallback from cand)" in done.stdout


def test_an_unknown_source_and_a_bad_date_are_refused_clearly(mirror: Mirror) -> None:
    done = check("nosuchsite")
    assert done.returncode == 1 and "nosuchsite       FAIL config" in done.stdout and "unknown source" in done.stdout
    # A --warehouse given before the command (as for every other bantin command) is accepted and unused.
    placed = subprocess.run([BANTIN, "--warehouse", "/nonexistent", "sources", "check", "nosuchsite"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert placed.returncode == 1 and "nosuchsite       FAIL config" in placed.stdout
    bad = subprocess.run([BANTIN, "sources", "check", "--date", "24/09/2025"], capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "invalid fromisoformat value" in bad.stderr
