"""Crawl processes forked from the helper that has Scrapy imported: each runs with its caller's
environment and working folder, ends with its own exit code and log, and is killed at its timeout."""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.crawl_process import helper_pid, run_crawl

PROJECT_DIR = Path(__file__).resolve().parent.parent


def scrapy_environment(**extra: str) -> dict[str, str]:
    return os.environ | {"SCRAPY_SETTINGS_MODULE": "spiders.settings"} | extra


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    listener.close()


def test_each_crawl_reads_its_callers_environment_not_the_helpers(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    levels = []
    for level in ("ERROR", "DEBUG"):
        ended = run_crawl(
            ["settings", "--get", "LOG_LEVEL"], scrapy_environment(BANTIN_SCRAPY_LOG_LEVEL=level), PROJECT_DIR, log, 60
        )
        assert ended.code == 0
        assert ended.cpu_s > 0 and 20 < ended.peak_rss_mib < 1024  # the forked process's own use, from the helper
        levels.append(log.read_text().strip())
        helper = helper_pid()
    assert levels == ["ERROR", "DEBUG"]
    assert helper is not None and helper != os.getpid()


def test_a_failing_command_ends_with_its_exit_code_and_says_why_in_its_log(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    ended = run_crawl(["crawl", "no_such_source"], scrapy_environment(), PROJECT_DIR, log, 60)
    assert ended.code == 1 and not ended.timed_out
    assert "Spider not found: no_such_source" in log.read_text()


def test_a_crawl_past_its_timeout_is_killed_and_the_next_one_runs(tmp_path: Path, silent_server: str) -> None:
    started = time.monotonic()
    ended = run_crawl(["fetch", "--nolog", silent_server], scrapy_environment(), PROJECT_DIR, tmp_path / "slow.log", 1.5)
    assert ended.timed_out and ended.code is None
    assert time.monotonic() - started < 10  # the download timeout (30 s) was not waited for
    assert run_crawl(["version"], scrapy_environment(), PROJECT_DIR, tmp_path / "next.log", 60).code == 0
    assert "Scrapy" in (tmp_path / "next.log").read_text()


def test_a_dead_helper_is_replaced_by_a_new_one(tmp_path: Path) -> None:
    assert run_crawl(["version"], scrapy_environment(), PROJECT_DIR, tmp_path / "first.log", 60).code == 0
    first = helper_pid()
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert run_crawl(["version"], scrapy_environment(), PROJECT_DIR, tmp_path / "second.log", 60).code == 0
    assert helper_pid() not in (None, first)


def test_the_crawl_runs_in_the_callers_working_folder_and_python_path(tmp_path: Path) -> None:
    """``scrapy`` finds a project by the scrapy.cfg of its working folder and imports its settings from
    the caller's PYTHONPATH, as a fresh process would."""
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = elsewhere_settings\n")
    (tmp_path / "elsewhere_settings.py").write_text("BOT_NAME = 'elsewhere'\n")
    environment = {key: value for key, value in os.environ.items() if key != "SCRAPY_SETTINGS_MODULE"}
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))
    ended = run_crawl(["settings", "--get", "BOT_NAME"], environment, tmp_path, tmp_path / "crawl.log", 60)
    assert ended.code == 0, (tmp_path / "crawl.log").read_text()
    assert (tmp_path / "crawl.log").read_text().strip() == "elsewhere"
