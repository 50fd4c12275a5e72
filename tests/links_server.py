"""A loopback web server with one endpoint per kind of link problem, and fixture pages.

Used by tests/test_links_*.py and benchmarks/links_bench.py. The server listens
on 127.0.0.1 only, on a free port, and is started and stopped by its user.
Fixture links name hosts such as `links.fixture` (a reserved name that never
resolves on the internet); the checkers are told to send those hosts to the
loopback server, the way curl's --resolve does, so links look like real
links (no port number) and nothing leaves this machine.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import io
import select
import shutil
import socket
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

HOST = "links.fixture"
CLOSED_HOST = "closed.fixture"
FIXTURE = Path(__file__).parent / "fixtures" / "links"


@dataclass(frozen=True)
class Case:
    name: str
    url: str
    # What `guide links --external` must say: ok, moved, broken, check by hand.
    expect: str
    # Requests the server must see for the address (retries included).
    requests: int


CASES = (
    Case("ok", f"http://{HOST}/ok", "ok", 1),
    Case("ok-anchor", f"http://{HOST}/ok#section", "ok", 0),  # same address as "ok"
    Case("missing-anchor", f"http://{HOST}/ok#no-such-section", "check by hand", 0),
    Case("port", f"http://{HOST}:8080/ok-port", "ok", 1),
    Case("short-host-name", f"http://go.{HOST}/ok-short", "ok", 1),
    Case("301-to-200", f"http://{HOST}/moved", "moved", 1),
    Case("301-to-404", f"http://{HOST}/moved-to-missing", "broken", 1),
    Case("404", f"http://{HOST}/missing", "broken", 1),
    Case("410", f"http://{HOST}/gone", "broken", 1),
    Case("500", f"http://{HOST}/error", "broken", 2),
    Case("429-then-200", f"http://{HOST}/busy", "ok", 2),
    Case("429-always", f"http://{HOST}/rate-limited", "check by hand", 3),
    Case("503-always", f"http://{HOST}/unavailable", "broken", 3),
    Case("403-bot", f"http://{HOST}/blocked", "check by hand", 1),
    Case("slow", f"http://{HOST}/slow", "broken", 2),
    Case("redirect-loop", f"http://{HOST}/loop", "broken", 1),
    Case("closed-port", f"http://{CLOSED_HOST}/", "broken", 0),
)
# Requests for addresses that only redirects lead to.
REDIRECT_TARGETS = {"/loop-2": 1}

# Broken internal links in tests/fixtures/links/docs/index.md: (case, the text on
# its line, the link as the report shows it).
INTERNAL_CASES = (
    ("missing page", "(no-such-page.md)", "no-such-page.md"),
    ("missing heading on another page", "(other.md#no-such-heading)", "other.md#no-such-heading"),
    ("missing heading on the same page", "(#nowhere-on-this-page)", "#nowhere-on-this-page"),
    ("missing image", "(images/no-such-image.png)", "images/no-such-image.png"),
    ("raw HTML link to a missing folder", 'href="no-such-folder/"', "no-such-folder/"),
    (
        "raw HTML link to a missing anchor",
        'href="other/#no-such-html-anchor"',
        "other/#no-such-html-anchor",
    ),
    ("reference-style link to a missing page", "[missing-ref]: ", "no-such-reference-target.md"),
    ("reference with an undefined label", "[no-such-label]", "[no-such-label]"),
)

FORMS = {
    "inline": "- [{name}]({url})",
    "titled": '- [{name}]({url} "The {name} case")',
    "reference": "- [{name}][{name}]",
    "autolink": "- {name}: <{url}>",
    "html": '- <a href="{url}">{name}</a>',
    "image": "- ![{name}]({url})",
}


def form_page(form: str, cases: tuple[Case, ...] = CASES) -> str:
    """One fixture page: every case, in one link form."""
    lines = [f"# Links written as {form} links", ""]
    lines += [FORMS[form].format(name=case.name, url=case.url) for case in cases]
    if form == "reference":
        lines.append("")
        lines += [f"[{case.name}]: {case.url}" for case in cases]
    return "\n".join(lines) + "\n"


def single_link_page(form: str, case: Case) -> str:
    return form_page(form, (case,))


def write_fixture_project(target: Path) -> Path:
    """Copy the static fixture project and add one page per link form."""
    shutil.copytree(FIXTURE, target)
    for form in FORMS:
        (target / "docs" / f"{form}.md").write_text(form_page(form), encoding="utf-8")
    return target


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The line number of the nth line that contains needle (for expectations)."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not found {occurrence} time(s) in {path}")


def _closed_port() -> int:
    """A port that was free a moment ago and has nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 1024  # the benchmark opens hundreds of connections at once

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up (after a timeout) are expected here


class LinkServer:
    """The loopback server. Counts every request by path and host."""

    def __init__(self, latency: float = 0.0, slow: float = 3.0) -> None:
        self.latency = latency
        self.slow = slow
        self.counts: Counter[str] = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.closed_port = _closed_port()
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> LinkServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self.lock:
            self.counts.clear()
            self.times.clear()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def resolve(self) -> dict[str, tuple[str, int]]:
        """Host -> loopback address, for Settings.resolve and --resolve."""
        hosts = {HOST: self.port, CLOSED_HOST: self.closed_port}
        hosts[f"go.{HOST}"] = self.port
        hosts.update({f"host{n:02}.{HOST}": self.port for n in range(100)})
        return {host: ("127.0.0.1", port) for host, port in hosts.items()}

    def proxy_args(self) -> list[str]:
        """`guide links` sends every request through this server, as through a proxy."""
        return ["--proxy", f"127.0.0.1:{self.port}"]

    def resolve_args(self) -> list[str]:
        pairs = [(HOST, self.port), (f"go.{HOST}", self.port), (CLOSED_HOST, self.closed_port)]
        return [arg for host, port in pairs for arg in ("--resolve", f"{host}=127.0.0.1:{port}")]

    def _record(self, host: str, path: str, delta: int) -> None:
        with self.lock:
            if delta > 0:
                self.counts[path] += 1
                self.times[path].append(time.monotonic())
            self.in_flight[host] += delta
            self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                self._host = (self.headers.get("Host") or "").split(":")[0]
                if self.path.startswith("http://"):  # asked as a proxy: the real address
                    asked = urlsplit(self.path)
                    self._host, self.path = asked.hostname or "", asked.path or "/"
                    if self._host == CLOSED_HOST:  # nothing listens there
                        self.close_connection = True
                        self.connection.shutdown(socket.SHUT_RDWR)
                        return
                self._in_flight = True
                server._record(self._host, self.path, +1)
                try:
                    if server.latency:
                        time.sleep(server.latency)
                    self._answer()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should on /slow
                finally:
                    self._finished()

            def _finished(self) -> None:
                """No longer in flight for the client (counted once)."""
                if self._in_flight:
                    self._in_flight = False
                    server._record(self._host, self.path, -1)

            def _client_left(self, seconds: float) -> bool:
                """Wait up to `seconds`; True as soon as the client hangs up (a timeout)."""
                end = time.monotonic() + seconds
                while (left := end - time.monotonic()) > 0:
                    readable, _, _ = select.select([self.connection], [], [], min(left, 0.05))
                    if readable and self.connection.recv(1, socket.MSG_PEEK) == b"":
                        return True
                return False

            def _send(self, status: int, body: str = "", headers: dict | None = None) -> None:
                # The client cannot start its next request before it has this answer:
                # count this one out first, so the two never overlap in the count.
                self._finished()
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _answer(self) -> None:
                path = self.path
                page = '<html><body><h2 id="section">A section</h2></body></html>'
                redirects = {
                    "/moved": "/ok",
                    "/moved-to-missing": "/missing",
                    "/loop": "/loop-2",
                    "/loop-2": "/loop",
                }
                if path in ("/ok", "/ok-port", "/ok-short") or path.startswith("/bench/"):
                    self._send(200, page)
                elif path in redirects:
                    self._send(301, headers={"Location": redirects[path]})
                elif path == "/gone":
                    self._send(410, "gone")
                elif path == "/error":
                    self._send(500, "error")
                elif path == "/busy" and server.counts[path] == 1:
                    self._send(429, "slow down", {"Retry-After": "1"})
                elif path == "/busy":
                    self._send(200, page)
                elif path == "/rate-limited":
                    self._send(429, "slow down", {"Retry-After": "1"})
                elif path == "/unavailable":
                    self._send(503, "down", {"Retry-After": "1"})
                elif path == "/blocked":
                    challenge = "<title>Just a moment...</title>"
                    self._send(
                        403, challenge, {"cf-mitigated": "challenge", "Server": "cloudflare"}
                    )
                elif path == "/slow":
                    # A client that timed out has freed its place for another request.
                    if not self._client_left(server.slow):
                        self._send(200, page)
                else:
                    self._send(404, "not found")

        return Handler


class MappedResolver:
    """aiohttp's resolver interface: the listed host names go to fixed addresses, like
    curl's --resolve, and every other host is refused, so nothing reaches the internet."""

    def __init__(self, mapping: dict[str, tuple[str, int]]) -> None:
        self.mapping = mapping

    async def resolve(self, host: str, port: int = 0, family: int = socket.AF_INET) -> list:
        from aiohttp.abc import ResolveResult

        if host not in self.mapping:
            raise OSError(f"{host} is not in the resolve list, and no other host is allowed")
        address, mapped_port = self.mapping[host]
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=mapped_port,
                family=socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
        ]

    async def close(self) -> None:
        pass


@contextlib.contextmanager
def linkcheckmd_sandbox(resolve: dict[str, tuple[str, int]], timeout: float) -> Iterator[list[str]]:
    """linkcheckmd as shipped, with two settings changed from outside: its host names
    resolve to the loopback server (like an /etc/hosts entry) and its timeout is ours.
    Yields the list of every URL it asks for."""
    import aiohttp
    import aiohttp.connector
    import linkcheckmd.coro

    asked: list[str] = []
    original_get = aiohttp.ClientSession.get
    original_resolver = aiohttp.connector.DefaultResolver
    original_timeout = linkcheckmd.coro.TIMEOUT

    def recording_get(self: aiohttp.ClientSession, url: object, *args: object, **kwargs: object):
        asked.append(str(url))
        return original_get(self, url, *args, **kwargs)

    aiohttp.ClientSession.get = recording_get  # type: ignore[method-assign]
    aiohttp.connector.DefaultResolver = lambda loop=None: MappedResolver(resolve)  # type: ignore[misc]
    linkcheckmd.coro.TIMEOUT = timeout
    try:
        yield asked
    finally:
        aiohttp.ClientSession.get = original_get  # type: ignore[method-assign]
        aiohttp.connector.DefaultResolver = original_resolver  # type: ignore[misc]
        linkcheckmd.coro.TIMEOUT = original_timeout


def run_linkcheckmd(path: Path) -> list[tuple[str, str, object]]:
    """linkcheckmd's remote check on a file or folder, its printing kept quiet."""
    from linkcheckmd.base import check_remotes

    from guide.links.quick import in_own_thread

    with contextlib.redirect_stdout(io.StringIO()):
        return list(in_own_thread(functools.partial(check_remotes, path, None, ext=".md")) or [])


def _said(problem: object) -> str:
    return str(problem) if isinstance(problem, int) else type(problem).__name__


def _verdict(case: Case, flagged: dict[str, object], asked: list[str], crashed: str) -> str:
    if crashed:
        return f"stops the whole run ({crashed})"
    if case.url in flagged:
        said = _said(flagged[case.url])
        return {"broken": f"caught ({said})", "ok": f"false alarm ({said})"}.get(
            case.expect, f"calls it broken ({said})"
        )
    harmless = {"ok": "", "moved": " (does not say it moved)"}
    if case.url in asked:
        return f"passes{harmless[case.expect]}" if case.expect in harmless else "missed: passes"
    return "not seen" if case.expect in harmless else "missed: not seen"


def linkcheckmd_verdicts(
    server: LinkServer, workdir: Path, timeout: float
) -> dict[tuple[str, str], str]:
    """What linkcheckmd alone does with each case in each link form.

    Each form is run twice, the redirect loop on its own page, because the loop
    stops linkcheckmd's whole run and would hide every other result.
    """
    verdicts = {}
    loop = tuple(case for case in CASES if case.name == "redirect-loop")
    others = tuple(case for case in CASES if case.name != "redirect-loop")
    for form in FORMS:
        for part, cases in (("others", others), ("loop", loop)):
            page = workdir / f"{form}-{part}.md"
            page.write_text(form_page(form, cases), encoding="utf-8")
            server.reset()
            crashed = ""
            with linkcheckmd_sandbox(server.resolve, timeout) as asked:
                try:
                    flagged = {url: problem for _, url, problem in run_linkcheckmd(page)}
                except Exception as exc:
                    flagged, crashed = {}, type(exc).__name__
            for case in cases:
                verdicts[(case.name, form)] = _verdict(case, flagged, asked, crashed)
    return verdicts


def verdict_table(verdicts: dict[tuple[str, str], str]) -> str:
    """The Markdown table for CONTRIBUTING.md."""
    header = ["Case", *FORMS, "`guide links --external`"]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for case in CASES:
        cells = [verdicts[(case.name, form)] for form in FORMS]
        lines.append("| " + " | ".join([case.name, *cells, case.expect]) + " |")
    return "\n".join(lines)


def linkcheckmd_local_verdicts(docs: Path) -> dict[str, str]:
    """What linkcheckmd's local check says about each broken internal link."""
    from linkcheckmd.base import check_local

    with contextlib.redirect_stdout(io.StringIO()):
        reported = {url for _, url in check_local(docs, ext=".md")}
    return {name: "caught" if url in reported else "missed" for name, _, url in INTERNAL_CASES}


def internal_table(verdicts: dict[str, str]) -> str:
    lines = ["| Case | linkcheckmd | `guide links --internal` |", "| --- | --- | --- |"]
    lines += [f"| {name} | {verdicts[name]} | caught |" for name, _, _ in INTERNAL_CASES]
    lines.append("| broken link in a template | not seen | caught |")
    return "\n".join(lines)
