"""Sources are data: one validated file each, overridable, and every one known to Scrapy."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sources import SourceConfigError, load_source_file, load_sources, parse_source

PROJECT_DIR = Path(__file__).resolve().parent.parent
VALID = {"name": "baomoi_test", "base_url": "https://example.vn", "discovery": {"kind": "rss", "url": "/rss.xml"},
         "evidence": [], "unverified": "a source made up for this test"}  # fmt: skip


def test_every_source_file_loads_with_its_politeness() -> None:
    sources = load_sources()
    assert set(sources) == {
        "cand", "dangcongsan", "nhandan", "baochinhphu", "baogialai", "congan_hungyen", "qdnd",
        "baocantho", "hanoimoi", "baotintuc", "anninhthudo", "bocongan", "congan_tphcm", "baonghean", "baoquangninh",
    }  # fmt: skip
    for source in sources.values():
        assert source.politeness.download_delay >= 1.0 or os.environ.get("BANTIN_SOURCE_OVERRIDES")
        assert source.allowed_domains[0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "../etc"}, "field 'name'"),
        ({"base_url": "ftp://x"}, "field 'base_url'"),
        ({"discovery": {"kind": "carrier-pigeon", "url": "/"}}, "field 'discovery.kind'"),
        ({"discovery": {"kind": "listing", "url": "/"}}, "discovery.item"),
        ({"discovery": {"kind": "rss", "url": "/", "colour": "red"}}, "discovery.colour"),
        ({"politeness": {"download_delay": 1, "speed": 9}}, "politeness.speed"),
        ({"selectors": {"title": "h1"}}, "field 'selectors' is no longer read"),
        ({"extra": 1}, "unknown field 'extra'"),
    ],
)
def test_invalid_source_names_the_file_and_field(change: dict, message: str) -> None:
    with pytest.raises(SourceConfigError) as error:
        parse_source(VALID | change, "broken.yaml")
    assert "broken.yaml" in str(error.value) and message in str(error.value)


def test_source_file_name_must_match_its_name(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(
        "name: baomoi_test\nbase_url: https://example.vn\ndiscovery: {kind: rss, url: /rss}\nevidence: []\nunverified: made up for this test\n"
    )
    with pytest.raises(SourceConfigError, match="other.yaml"):
        load_source_file(path)


def test_yaml_tags_that_would_run_code_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(SourceConfigError, match="not valid YAML"):
        load_source_file(path)


def test_overrides_point_a_source_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    overrides = tmp_path / "o.json"
    overrides.write_text(json.dumps({"_allow_loopback": True, "cand": {"base_url": "http://127.0.0.1:9/", "download_delay": 0}}))
    monkeypatch.setenv("BANTIN_SOURCE_OVERRIDES", str(overrides))
    cand = load_sources()["cand"]
    assert cand.base_url == "http://127.0.0.1:9" and cand.allowed_domains == ["127.0.0.1"]
    assert cand.politeness.download_delay == 0


def test_scrapy_list_names_every_source() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(listed) == sorted(load_sources())
