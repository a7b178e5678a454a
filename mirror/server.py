"""The offline mirror: every mirrored site on its own 127.0.0.1 port, served over real HTTP.

Each site gets its own origin (own port) so robots.txt, sitemaps and per-domain politeness work as
they do on the web. ``start_mirror`` returns a handle whose ``source_overrides()`` is the JSON
that points bantin's sources at the mirror (``BANTIN_SOURCE_OVERRIDES``).

Faults (``mirror/faults.py``) are switched on per site and per URL pattern at runtime:
``mirror.add_fault("cand", "retry_after", "/*-post*.html", status=429, times=1)``; ``clear_faults``
heals. A site whose paths sit behind a session-cookie gate (qdnd's ``/rss/``) answers a request without
the cookie with a 302 to itself and a ``Set-Cookie``. A site that moved domains (cand.com.vn -> cand.vn)
gets a second server for its old domain that 301-redirects every request (``Mirror.alias_base_urls``).
The mirror also runs an *outside* server on another loopback host (127.0.0.2): the target of
``offsite_redirect`` faults, which records every request that reaches it, so a test can prove that
no crawler left its source's domain.
"""

from __future__ import annotations

import json
import secrets
import socket
import struct
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import timedelta
from http.cookies import CookieError, SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mirror.corpus import MirrorArticle, load_corpus, load_event_sets
from mirror.faults import Fault, malformed_page, redesigned_page
from mirror.sites import SITE_LAYOUTS, Site
from mirror.volume import VOLUME_PAGE_SIZE, Volume, volume_articles

# Sources crawl the mirror without the politeness delay meant for the real sites.
MIRROR_DOWNLOAD_DELAY = 0.0
OUTSIDE_HOSTS = ("127.0.0.2", "127.0.0.1")  # the second only where 127.0.0.2 cannot be bound
LOOP_QUERY = "vong=1"
CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


@dataclass(frozen=True)
class RequestRecord:
    path: str  # with the query string
    user_agent: str
    at: float  # time.monotonic() when the request arrived
    fault: str | None  # the kind of fault applied to it, if any


@dataclass
class SiteState:
    """What one site serves, the faults switched on for it, and every request it received."""

    layout: Site
    articles: list[MirrorArticle]
    faults: list[Fault] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent) of every request
    log: list[RequestRecord] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Article paths serving another site's article instead (path -> the copy, the original's URL): see Mirror.syndicate.
    syndicated: dict[str, tuple[MirrorArticle, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_path = {self.layout.article_path(article): article for article in self.articles}  # the articles are fixed

    def article_at(self, path: str) -> MirrorArticle | None:
        return self.by_path.get(path)

    def route(self, path: str, query: str, base_url: str, as_utf8: bool = False) -> tuple[int, str, str | bytes]:
        """(status, content type, body) for a request path. HTML pages go out in the site's charset
        (``as_utf8``: as UTF-8 text whatever the site uses); feeds and robots.txt in UTF-8."""
        if path == "/robots.txt":
            return 200, "text/plain; charset=utf-8", self.robots_txt(base_url)
        if path in self.syndicated:
            copy, canonical = self.syndicated[path]
            return 200, "text/html; charset=utf-8", redesigned_page(copy, canonical)
        article = self.article_at(path)
        if article is not None:
            return self._html(200, self.layout.render_article(article, base_url), self.layout.declared_charset(article), as_utf8)
        found = self.layout.discovery_file(path, self.articles, base_url)
        if found is not None:
            return 200, found[0] + "; charset=utf-8", found[1]
        page = 1 if path == "/" else self.layout.listing_page(path, query)
        if page is not None:
            listing = self.layout.render_listing(self.articles, page, base_url)
            if listing is not None:
                return self._html(200, listing, self.layout.charset, as_utf8)
        return self._html(404, self.layout.render_missing(), self.layout.charset, as_utf8)

    def _html(self, status: int, text: str, declared: str, as_utf8: bool) -> tuple[int, str, str | bytes]:
        if as_utf8 or self.layout.charset == "utf-8":
            return status, "text/html; charset=utf-8", text
        return status, f"text/html; charset={declared}", self.layout.encode(text)

    def robots_txt(self, base_url: str) -> str:
        text = self.layout.robots_txt(base_url, self.articles)
        extra = [f"Disallow: {f.pattern}" for f in self.faults if f.kind == "robots_disallow"]
        if not extra:
            return text
        head, _, rest = text.partition("\n")  # "User-agent: *" first, then its rules
        return "\n".join([head, *extra, rest])

    def needs_cookie(self, path: str, cookie_header: str) -> str | None:
        """The session cookie's name when ``path`` is behind the site's cookie gate and the request
        lacks that cookie (the site answers 302 to itself with Set-Cookie), else None."""
        gate = self.layout.cookie_gate
        if gate is None or not path.startswith(gate[1]):
            return None
        cookies: SimpleCookie = SimpleCookie()
        try:
            cookies.load(cookie_header)
        except CookieError:
            return gate[0]
        return None if gate[0] in cookies else gate[0]

    def fault_for(self, path: str) -> Fault | None:
        with self.lock:
            faults = list(self.faults)
        return next((fault for fault in faults if fault.take(path)), None)


@dataclass
class OutsideState:
    """The outside server's record: every request that reached a host no source may visit."""

    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _handler_for(state: SiteState, outside_base: OutsideBase) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bantin-mirror/1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            parts = urlsplit(self.path)
            cookie = state.needs_cookie(parts.path, self.headers.get("Cookie", ""))
            fault = None if cookie else state.fault_for(parts.path)
            agent = self.headers.get("User-Agent", "")
            with state.lock:
                state.requests.append((self.path, agent))
                state.log.append(RequestRecord(self.path, agent, time.monotonic(), fault.kind if fault else None))
            port = self.server.server_address[1]  # type: ignore[index]  # a TCP server's address is (host, port)
            host = self.headers.get("Host") or f"127.0.0.1:{port}"
            try:
                if cookie:
                    set_cookie = f"{cookie}={secrets.token_hex(16)}; Path=/"
                    self._redirect(f"http://{host}{self.path}", headers={"Set-Cookie": set_cookie})
                elif fault is None:
                    self._send(*state.route(parts.path, parts.query, f"http://{host}"))
                else:
                    self._fault(fault, parts.path, parts.query, f"http://{host}")
            except CLIENT_GONE:
                self.close_connection = True  # the crawler gave up (timeout, size limit): nothing to do

        def _fault(self, fault: Fault, path: str, query: str, base_url: str) -> None:
            kind = fault.kind
            if kind == "status":
                self._send(fault.status or 500, "text/plain; charset=utf-8", "Lỗi máy chủ\n")
            elif kind == "retry_after":
                self._send(fault.status or 503, "text/plain; charset=utf-8", "Máy chủ đang bận\n",
                           {"Retry-After": str(fault.retry_after)})  # fmt: skip
            elif kind == "slow":
                time.sleep(fault.delay)
                self._send(*state.route(path, query, base_url))
            elif kind == "reset":
                # SO_LINGER with a zero timeout turns close() into a TCP RST.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            elif kind == "truncated":
                status, content_type, body = state.route(path, query, base_url)
                data = body if isinstance(body, bytes) else body.encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.close_connection = True
            elif kind == "malformed":
                self._send(200, "text/html; charset=utf-8", malformed_page(path))
            elif kind == "empty":
                self._send(200, "text/html; charset=utf-8", "")
            elif kind == "wrong_charset":
                status, _, body = state.route(path, query, base_url, as_utf8=True)
                self._send(status, "text/html; charset=iso-8859-1", body)
            elif kind == "redesign":
                article = state.article_at(path)
                if article is None:
                    self._send(*state.route(path, query, base_url))
                else:
                    self._send(200, "text/html; charset=utf-8", redesigned_page(article, base_url + path))
            elif kind == "redirect_loop":
                target = path if LOOP_QUERY in query else f"{path}?{LOOP_QUERY}"
                self._redirect(target)
            elif kind == "offsite_redirect":
                self._redirect(outside_base.url + path)
            elif kind == "huge":
                self._huge(fault.size)

        def _redirect(self, location: str, status: int = 302, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Location", location)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _huge(self, size: int) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            head = '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Trang lớn</title></head><body>\n'.encode()
            filler = b"<p>" + b"x" * 65530 + b"</p>\n"
            sent = 0
            while sent < size:
                chunk = (head if sent == 0 else filler)[: size - sent]
                self.wfile.write(chunk)
                sent += len(chunk)

        def _send(self, status: int, content_type: str, body: str | bytes, headers: dict[str, str] | None = None) -> None:
            data = body if isinstance(body, bytes) else body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:  # quiet: tests read state.requests
            return

    return Handler


@dataclass
class OutsideBase:
    url: str = ""


def _outside_handler(state: OutsideState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "outside/1"

        def do_GET(self) -> None:  # noqa: N802
            with state.lock:
                state.requests.append((self.path, self.headers.get("User-Agent", "")))
            data = b"<html><body><h1>Outside</h1><p>Not a news site.</p></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


@dataclass
class AliasState:
    """A site's old domain: it answers every request with a 301 to the site (``Site.moved_path``)."""

    target: SiteState
    target_base: str = ""
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _alias_handler(alias: AliasState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "bantin-mirror/1"

        def do_GET(self) -> None:  # noqa: N802
            with alias.lock:
                alias.requests.append((self.path, self.headers.get("User-Agent", "")))
            parts = urlsplit(self.path)
            target = alias.target.layout.moved_path(parts.path, parts.query, alias.target.articles)
            self.send_response(301)
            self.send_header("Location", alias.target_base + target)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog of 5 drops connections a crawler opens at once while the accepting
    # thread waits for the GIL; the client then waits about a second to try again (TCP's SYN retry).
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:  # a crawler hanging up is not an error
        return


@dataclass
class Mirror:
    """A running mirror: one HTTP server per site, plus the outside server."""

    servers: dict[str, ThreadingHTTPServer]
    states: dict[str, SiteState]
    outside_server: ThreadingHTTPServer | None = None
    outside: OutsideState = field(default_factory=OutsideState)
    outside_base: OutsideBase = field(default_factory=OutsideBase)
    alias_servers: dict[str, list[ThreadingHTTPServer]] = field(default_factory=dict)  # a site's old domains
    aliases: dict[str, list[AliasState]] = field(default_factory=dict)

    def base_url(self, site: str) -> str:
        return origin(self.servers[site])

    def alias_base_urls(self, site: str) -> list[str]:
        """The origins of the old domains that 301-redirect to ``site`` (cand.com.vn for cand)."""
        return [origin(server) for server in self.alias_servers.get(site, [])]

    def source_overrides(self) -> dict[str, object]:
        """Every source pointed at its mirror site; the mirror is on 127.0.0.1, which only this file
        may allow (``sources.ALLOW_LOOPBACK_KEY``)."""
        sites: dict[str, object] = {}
        for site in self.servers:
            entry: dict[str, object] = {"base_url": self.base_url(site), "download_delay": MIRROR_DOWNLOAD_DELAY}
            if self.alias_servers.get(site):
                entry["aliases"] = self.alias_base_urls(site)
            sites[site] = entry
        return {"_allow_loopback": True, **sites}

    def write_overrides(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.source_overrides(), indent=2), encoding="utf-8")
        return path

    # --- faults ------------------------------------------------------------------------------
    def add_fault(self, site: str, kind: str, pattern: str = "*", **options: Any) -> Fault:
        """Switch on a fault for requests to ``site`` whose path matches ``pattern`` (a glob)."""
        fault = Fault(kind, pattern, **options)
        state = self.states[site]
        with state.lock:
            state.faults.append(fault)
        return fault

    # --- syndication -------------------------------------------------------------------------
    def syndicate(self, site: str, path: str, original: MirrorArticle, later: timedelta = timedelta(hours=2)) -> str:
        """Make ``site`` serve at its article page ``path`` a copy of another site's article ``original``,
        published ``later``, whose ``<link rel=canonical>`` names the original's URL (what syndication
        does); ``clear_syndication`` restores the page. Returns the original's URL."""
        canonical = self.base_url(original.site) + SITE_LAYOUTS[original.site].article_path(original)
        state = self.states[site]
        with state.lock:
            state.syndicated[path] = (replace(original, published_at=original.published_at + later), canonical)
        return canonical

    def clear_syndication(self) -> None:
        for state in self.states.values():
            with state.lock:
                state.syndicated.clear()

    def clear_faults(self, site: str | None = None) -> None:
        """Heal ``site`` (or every site)."""
        for key in [site] if site else list(self.states):
            with self.states[key].lock:
                self.states[key].faults.clear()

    def fail_site(self, site: str, status: int | None = 500) -> None:
        """Make ``site`` answer every request with ``status`` (None heals it)."""
        self.clear_faults(site)
        if status is not None:
            self.add_fault(site, "status", "*", status=status)

    def clear_requests(self) -> None:
        for state in self.states.values():
            with state.lock:
                state.requests.clear()
                state.log.clear()
        with self.outside.lock:
            self.outside.requests.clear()
        for alias in (a for aliases in self.aliases.values() for a in aliases):
            with alias.lock:
                alias.requests.clear()

    def stop(self) -> None:
        old_domains = [server for servers in self.alias_servers.values() for server in servers]
        servers = [*self.servers.values(), *old_domains, *([self.outside_server] if self.outside_server else [])]
        # Each shutdown waits for its server's next poll (up to half a second): all at once, not one after another.
        stopping = [threading.Thread(target=server.shutdown) for server in servers]
        for thread in stopping:
            thread.start()
        for thread, server in zip(stopping, servers, strict=True):
            thread.join()
            server.server_close()


def origin(server: ThreadingHTTPServer) -> str:
    host, port = server.socket.getsockname()[:2]  # the bound address, as server_address holds it
    return f"http://{host}:{port}"


def start_server(server: ThreadingHTTPServer, name: str) -> None:
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()


def _outside_server(state: OutsideState) -> tuple[ThreadingHTTPServer, str]:
    for host in OUTSIDE_HOSTS:
        try:
            server = QuietServer((host, 0), _outside_handler(state))
        except OSError:
            continue
        port = server.server_address[1]
        # Reached by a name that is not the sites' host, so it is outside every source's domain.
        return server, f"http://{host if host != '127.0.0.1' else 'localhost'}:{port}"
    raise OSError("no loopback address for the outside server")


def start_mirror(
    host: str = "127.0.0.1", ports: dict[str, int] | None = None, event_sets: bool = False, volume: Volume | None = None
) -> Mirror:
    """Start every site in background threads; port 0 (the default) picks a free port. ``event_sets``:
    serve the labelled event sets (August 2025) besides the corpus; ``volume``: busy nights of
    generated articles besides the corpus (``mirror/volume.py``)."""
    corpus = load_corpus() + (load_event_sets() if event_sets else ()) + (volume_articles(volume) if volume else ())
    servers: dict[str, ThreadingHTTPServer] = {}
    states: dict[str, SiteState] = {}
    outside = OutsideState()
    outside_base = OutsideBase()
    for key, layout in SITE_LAYOUTS.items():
        articles = sorted((a for a in corpus if a.site == key), key=lambda a: a.published_at, reverse=True)
        if volume and key in volume.sites:
            layout = replace(layout, page_size=VOLUME_PAGE_SIZE)  # the shared layout keeps the corpus's page size
        state = SiteState(layout, articles)
        server = QuietServer((host, (ports or {}).get(key, 0)), _handler_for(state, outside_base))
        start_server(server, f"mirror-{key}")
        servers[key], states[key] = server, state
    alias_servers: dict[str, list[ThreadingHTTPServer]] = {}
    aliases: dict[str, list[AliasState]] = {}
    for key, state in states.items():
        if state.layout.moved_from is None:
            continue
        alias = AliasState(state, origin(servers[key]))
        server = QuietServer((host, 0), _alias_handler(alias))
        start_server(server, f"mirror-{key}-old-domain")
        alias_servers[key], aliases[key] = [server], [alias]
    outside_server, outside_base.url = _outside_server(outside)
    start_server(outside_server, "mirror-outside")
    return Mirror(servers, states, outside_server, outside, outside_base, alias_servers, aliases)
