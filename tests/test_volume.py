"""The mirror's volume mode: busy nights generated from the corpus's wording, served through each
site's own discovery, every article stored exactly as generated when crawled over HTTP."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest

from mirror.corpus import VIETNAM
from mirror.server import Mirror, start_mirror
from mirror.truth import served_url, stored_form
from mirror.volume import FIRST_VOLUME_NIGHT, VOLUME_SITES, Volume, nights_from, volume_articles
from pipeline.articles import extract_night, extracted_articles
from pipeline.crawl import crawl_source

COMPARED = ("title", "lead", "outlet_tag", "body", "published_at")


def test_a_volume_fills_every_site_and_night_the_same_way_for_a_seed() -> None:
    volume = Volume(30, nights_from(date(2025, 11, 3), 2), ("cand", "qdnd", "baogialai"), seed=3)
    articles = volume_articles(volume)
    volume_articles.cache_clear()
    assert volume_articles(volume) == articles
    assert Counter((a.site, a.published_date) for a in articles) == {
        (site, night): 30 for site in volume.sites for night in volume.nights
    }
    assert all(time(6) <= a.published_at.astimezone(VIETNAM).time() < time(23) for a in articles)
    # One story at most once per site and night; paths unique per site.
    assert len({(a.site, a.published_date, a.story) for a in articles}) == len(articles)
    assert len({(a.site, a.slug) for a in articles}) == len(articles)
    other_seed = volume_articles(Volume(30, volume.nights, volume.sites, seed=4))
    assert [a.title for a in other_seed] != [a.title for a in articles]


def test_a_volume_night_has_republications_and_formulaic_families_at_the_corpus_rates() -> None:
    articles = volume_articles(Volume(200))
    sites_per_story = Counter(a.story for a in articles)
    republished = sum(count for count in sites_per_story.values() if count > 1) / len(articles)
    family = sum(1 for a in articles if a.story.startswith("volume/fam/")) / len(articles)
    assert 0.15 < republished < 0.6, republished
    assert 0.3 < family < 0.8, family
    tagged = Counter(a.outlet_tag for a in articles if a.outlet_tag)
    assert tagged["ĐCSVN"] and tagged["Chinhphu.vn"]  # the outlets' own prefixes, on their own and on copies


def test_an_unknown_site_or_an_empty_volume_is_refused_clearly() -> None:
    with pytest.raises(ValueError, match="no mirrored site 'vnexpress'"):
        Volume(10, sites=("cand", "vnexpress"))
    with pytest.raises(ValueError, match="at least one article a night"):
        Volume(0)


@pytest.fixture(scope="module")
def volume_mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Mirror, Volume]]:
    volume = Volume(45, (FIRST_VOLUME_NIGHT,), VOLUME_SITES, seed=2)
    running = start_mirror(volume=volume)
    overrides = running.write_overrides(tmp_path_factory.mktemp("volume") / "sources.json")
    previous = os.environ.get("BANTIN_SOURCE_OVERRIDES")
    os.environ["BANTIN_SOURCE_OVERRIDES"] = str(overrides)
    yield running, volume
    running.stop()
    if previous is None:
        os.environ.pop("BANTIN_SOURCE_OVERRIDES", None)
    else:
        os.environ["BANTIN_SOURCE_OVERRIDES"] = previous


def test_a_busy_night_crawled_over_http_gives_every_article_as_generated(
    volume_mirror: tuple[Mirror, Volume], warehouse: Path
) -> None:
    """45 articles on each of the seven sites: more than two listing pages each, through sitemaps,
    listing pages and feeds; every page fetched, every article read as it was generated."""
    mirror, volume = volume_mirror
    for site in volume.sites:
        report = crawl_source(site, FIRST_VOLUME_NIGHT)
        assert report.ok and report.pages_fetched == 45, (site, report.failure, report.pages_fetched)
    extract_night(FIRST_VOLUME_NIGHT)
    stored = {(row["source"], row["url"]): row for row in extracted_articles(FIRST_VOLUME_NIGHT)}
    truth = {(a.site, served_url(mirror, a)): stored_form(a) for a in volume_articles(volume)}
    assert stored.keys() == truth.keys()
    unlike = [(key, name) for key, want in truth.items() for name in COMPARED if stored[key][name] != want[name]]
    assert unlike == []


def test_python_m_mirror_serves_a_volume_and_says_so(tmp_path: Path) -> None:
    """``python -m mirror --volume N --nights K`` serves N generated articles a night on each volume site."""
    import json
    import signal
    import subprocess
    import sys
    import urllib.request

    overrides = tmp_path / "sources.json"
    command = [
        sys.executable,
        "-m",
        "mirror",
        "--overrides",
        str(overrides),
        "--volume",
        "12",
        "--nights",
        "2",
        "--sites",
        "cand,qdnd",
    ]
    process = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        lines: list[str] = []
        while not (lines and lines[-1].startswith("overrides written")):
            lines.append(process.stdout.readline())
            assert lines[-1], "the mirror stopped before writing its overrides"
        assert any("volume: 12 generated articles a night on cand, qdnd, 2025-11-03 to 2025-11-04" in line for line in lines)
        cand = json.loads(overrides.read_text())["cand"]["base_url"]
        sitemap = urllib.request.urlopen(f"{cand}/sitemaps/news-2025-11.xml", timeout=10).read().decode()
        expected = [
            a for a in volume_articles(Volume(12, nights_from(FIRST_VOLUME_NIGHT, 2), ("cand", "qdnd"))) if a.site == "cand"
        ]
        assert sitemap.count("<url>") == 24 and all(f"{a.slug}-post{a.numeric_id}.html" in sitemap for a in expected)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    refused = subprocess.run([*command[:5], "--volume", "5", "--sites", "cand,nowhere"], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parent.parent)  # fmt: skip
    assert refused.returncode == 2 and "no mirrored site 'nowhere'" in refused.stderr


def test_a_past_night_of_the_history_warehouse_is_the_night_shifted_with_its_own_urls_ids_and_thread_facts() -> None:
    from datetime import UTC, datetime

    import pyarrow as pa

    from benchmarks.history_warehouse import shifted

    night = pa.table({
        "article_id": ["a1"], "url": ["http://127.0.0.1:8000/tin/bai-1.html"], "crawl_date": pa.array([date(2025, 11, 3)]),
        "published_at": pa.array([datetime(2025, 11, 3, 1, 30, tzinfo=UTC)], pa.timestamp("us", tz="UTC")),
        "people": pa.array([["Nguyễn Văn A"]], pa.list_(pa.string())), "provinces": pa.array([["Gia Lai"]], pa.list_(pa.string())),
        "html": ["<html>…</html>"],
        "follows": pa.array([[{"event_id": "e0", "matched": ["x"]}]], pa.list_(pa.struct([("event_id", pa.string()), ("matched", pa.list_(pa.string()))]))),
    })  # fmt: skip
    row = shifted(night, 30).to_pylist()[0]
    assert row["crawl_date"] == date(2025, 10, 4) and row["published_at"] == datetime(2025, 10, 4, 1, 30, tzinfo=UTC)
    assert row["url"] == "http://127.0.0.1:8000/h30/tin/bai-1.html" and row["article_id"] == "h30-a1"
    assert row["people"] == ["Nguyễn Văn A h30"] and row["provinces"] == ["Gia Lai"]  # threads key on people, not provinces
    assert row["html"] is None and row["follows"] == [{"event_id": "h30-e0", "matched": ["x"]}]
