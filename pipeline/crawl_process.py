"""Starting each source's crawl in a process of its own, without paying Scrapy's imports every time.

A crawl needs a fresh process (Twisted's reactor cannot restart). Started from nothing, that process
spends about a second importing Scrapy, pyarrow and pandas before it fetches anything: most of a
quiet night's crawl, and most of a test night's time. So the first crawl of a process starts a small
helper (``python -m pipeline.crawl_process``) that imports those libraries and bantin's spider code
once; every crawl is then a ``fork`` of the helper running ``scrapy crawl`` with the caller's
arguments, environment and working folder, its output going to a log file. The helper leaves out the
two modules that read the environment when imported (``spiders.settings``, ``spiders.sites``: the
settings and the source files), so each crawl reads them as a fresh ``scrapy crawl`` would.

The helper serves one crawl at a time, over its stdin and stdout (one JSON line each way), and exits
when its parent closes them. Each thread of the parent has a helper of its own, so threads that crawl
at once (``bantin sources check --jobs N``) each fork from theirs.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

# Scrapy's own components are added from its defaults. Bantin's spider code (its parsers, date rules and
# source model: regular expressions and pydantic classes built at import) reads no environment at import.
PRELOADED = (
    "scrapy.cmdline", "scrapy.crawler", "scrapy.commands.crawl", "scrapy.spiderloader",
    "pyarrow.dataset", "pyarrow.parquet", "pandas", "lxml.html", "trafilatura", "pydantic", "yaml", "tldextract",
    "spiders.news", "spiders.pipelines", "spiders.middlewares", "spiders.extensions",
)  # fmt: skip
# Read the environment (the crawl's settings, its source files) when imported: each crawl imports them.
PER_CRAWL = ("spiders.settings", "spiders.sites")
SCRAPY_COMPONENTS = ("DOWNLOADER_MIDDLEWARES_BASE", "SPIDER_MIDDLEWARES_BASE", "EXTENSIONS_BASE", "DOWNLOAD_HANDLERS_BASE")


@dataclass(frozen=True)
class CrawlExit:
    """How a crawl process ended: its exit code (``None`` when it was killed at the timeout), the CPU
    seconds it used and its peak resident memory."""

    code: int | None
    cpu_s: float = 0.0
    peak_rss_mib: float = 0.0

    @property
    def timed_out(self) -> bool:
        return self.code is None


def run_crawl(argv: list[str], env: dict[str, str], cwd: Path, log_path: Path, timeout_s: float) -> CrawlExit:
    """Run ``scrapy <argv...>`` (``argv`` without the program name) in a forked process with ``env`` and
    ``cwd``, its stdout and stderr in ``log_path``; kill it after ``timeout_s`` seconds."""
    request = {"argv": ["scrapy", *argv], "env": env, "cwd": str(cwd), "log": str(log_path)}
    for attempt in (1, 2):
        helper = _helper(env)
        try:
            return helper.run(request, timeout_s)
        except HelperGone:  # it died before starting the crawl (killed since the last one): start another
            _discard(helper)
            if attempt == 2:
                raise
        except BaseException:  # the helper's replies may be out of step now: the next crawl starts a new one
            _discard(helper)
            raise
    raise AssertionError("unreachable")


class HelperGone(RuntimeError):
    """The helper process ended before it started the crawl."""


def helper_pid() -> int | None:
    """The process id of this thread's helper, if one is running."""
    helper: _Helper | None = getattr(_THREAD, "helper", None)
    return helper.process.pid if helper is not None and helper.process.poll() is None else None


class _Helper:
    """The parent's side of one helper process."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.crawl_process"], cwd=Path(__file__).resolve().parent.parent,
            env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0,
        )  # fmt: skip
        self.key = _helper_key(env)
        self.pending = b""  # read from the helper, not yet a whole reply

    def serves(self, env: dict[str, str]) -> bool:
        """Whether this helper is running and imported its modules as a crawl with ``env`` would."""
        return self.process.poll() is None and self.key == _helper_key(env)

    def run(self, request: dict[str, Any], timeout_s: float) -> CrawlExit:
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps(request).encode() + b"\n")
            pid = int(self.reply(None)["pid"])
        except (BrokenPipeError, EOFError) as error:
            raise HelperGone("the crawl helper process ended (see its stderr)") from error
        try:
            ended = self.reply(timeout_s)
            return CrawlExit(int(ended["exit"]), ended["cpu_s"], ended["peak_rss_mib"])
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):  # it may have ended just now
                os.kill(pid, signal.SIGKILL)
            ended = self.reply(None)  # the helper has reaped it
            return CrawlExit(None, ended["cpu_s"], ended["peak_rss_mib"])

    def reply(self, timeout_s: float | None) -> dict[str, Any]:
        """The helper's next reply line; ``TimeoutError`` if none comes within ``timeout_s`` seconds."""
        assert self.process.stdout is not None
        descriptor = self.process.stdout.fileno()
        deadline = None if timeout_s is None else time.monotonic() + timeout_s
        while b"\n" not in self.pending:
            if deadline is not None and not select.select([descriptor], [], [], max(0.0, deadline - time.monotonic()))[0]:
                raise TimeoutError
            chunk = os.read(descriptor, 4096)
            if not chunk:
                raise EOFError("the crawl helper process ended (see its stderr)")
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # a crawl still running as its caller exits
                self.process.kill()


def _helper_key(env: dict[str, str]) -> str:
    """What the helper's imports depend on besides the interpreter: a crawl with another gets a new helper."""
    return env.get("PYTHONPATH", "")


_THREAD = threading.local()  # .helper: this thread's helper (a helper serves one crawl at a time)


def _discard(helper: _Helper) -> None:
    _THREAD.helper = None
    helper.process.kill()
    helper.process.wait()


def _helper(env: dict[str, str]) -> _Helper:
    helper: _Helper | None = getattr(_THREAD, "helper", None)
    if helper is not None and not helper.serves(env):
        helper.close()
        helper = None
    if helper is None:
        helper = _THREAD.helper = _Helper(env)
        atexit.register(helper.close)
    return helper


# The helper's side.


def serve(requests: IO[str], replies: IO[str]) -> None:
    """Fork one crawl per request line, answer its pid, wait for it, answer its exit code and resource use."""
    preload()
    gc.freeze()  # the collector in each fork leaves the preloaded objects alone: their pages stay shared
    for line in requests:
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _crawl(request)
        replies.write(json.dumps({"pid": pid}) + "\n")
        replies.flush()
        _, status, usage = os.wait4(pid, 0)
        ended = {"exit": os.waitstatus_to_exitcode(status), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                 "peak_rss_mib": round(usage.ru_maxrss / 1024, 1)}  # fmt: skip  # ru_maxrss is in KiB on Linux
        replies.write(json.dumps(ended) + "\n")
        replies.flush()


def preload() -> None:
    """Import what every crawl imports, except ``PER_CRAWL``; install no reactor (each crawl installs its own)."""
    for module in PRELOADED:
        importlib.import_module(module)
    from scrapy.settings import default_settings

    for setting in SCRAPY_COMPONENTS:
        for key, value in getattr(default_settings, setting).items():  # {path: order} or {scheme: path}
            path = value if isinstance(value, str) else key
            importlib.import_module(path.rpartition(".")[0])
    # ``scrapy crawl`` imports every command module to list the commands it knows.
    from scrapy.utils.misc import walk_modules_iter

    for _ in walk_modules_iter("scrapy.commands"):
        pass
    assert "twisted.internet.reactor" not in sys.modules, "a preloaded module installed a reactor"
    assert not set(PER_CRAWL) & set(sys.modules), "a preloaded module read the crawl's settings or source files"


def _crawl(request: dict[str, Any]) -> None:
    """In the forked process: become ``scrapy crawl ...`` as a fresh process would run it; never returns."""
    code = 1
    try:
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        sys.argv = list(request["argv"])
        from scrapy.cmdline import execute

        execute(sys.argv)
        code = 0
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:  # noqa: BLE001 (whatever the crawl raised goes to its log)
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
