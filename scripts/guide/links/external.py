"""External links: each address checked once, politely, and never passed on a timeout.

- Every address is requested once, however many pages use it; redirect hops
  share those requests too.
- Requests to one host are limited (per-host semaphore) and paused when the
  host answers 429 or 503 with Retry-After, which is honoured up to a bound.
- A timeout is retried once and then reported as broken, never as a pass.
- 401, 403 and 999 (bot protection) are "blocked — check by hand", apart
  from broken links; so is a 429 that lasts past the retries.
- Redirects are followed one hop at a time, so a loop is reported, not fatal.
"""

from __future__ import annotations

import asyncio
import email.utils
import re
import socket
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from guide.links.cache import Cache
from guide.links.extract import Link
from guide.links.ignore import IgnoreRule, rule_for
from guide.links.report import (
    BROKEN,
    CHECK,
    MOVED,
    OK,
    PROJECT_REPOSITORY,
    SKIPPED,
    Finding,
    Report,
)

USER_AGENT = "Mozilla/5.0 (compatible; digital-engagement-guide-link-check/1.0)"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT = frozenset({301, 308})
BLOCKED = frozenset({401, 403, 999})
MAX_BODY = 2_000_000  # enough to find the anchors on any ordinary page
_ANCHOR = re.compile(rb"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.I)
_BOT_SIGNS = (
    ("cf-mitigated", b"", "Cloudflare bot protection"),
    ("x-datadome", b"", "DataDome bot protection"),
    ("x-amzn-waf-action", b"", "AWS WAF bot protection"),
    ("", b"just a moment", "a browser challenge page"),
    ("", b"captcha", "a CAPTCHA"),
    ("", b"access denied", "an 'access denied' page"),
)

FIX_GONE = "find the page's new address (search the site, or the UK Government Web Archive) and update the link, or remove it"
FIX_REMOVED = "the page was removed on purpose: remove the link, or link to an archived copy"
FIX_SERVER = (
    "the site is failing: check it in a browser later; if it stays down, replace or remove the link"
)
FIX_TIMEOUT = "open it in a browser: if it works but is slow, add it to links-ignore.yml with a reason; otherwise replace or remove the link"
FIX_CONNECT = "check the address for typos; if the site has gone, replace or remove the link"
FIX_BLOCKED = "open it in a browser: if the page works, nothing to do (or add it to links-ignore.yml with a reason)"
FIX_RATE = "check it in a browser, or run the check again later"
FIX_MOVED = "update the link to the new address"
FIX_ANCHOR = "find the section on the page and update the #part, or remove it (pages that make anchors with JavaScript look like this too)"
FIX_OTHER = "check the address for typos and open it in a browser"
FROM_TEMPLATE = "the link is in the built page, not its Markdown: it comes from a template (overrides/) or a generated page (scripts/guide)"


@dataclass
class Settings:
    timeout: float = 20.0  # seconds for one request, connect to last byte
    per_host: int = 4  # requests in flight to one host
    total: int = 64  # requests in flight altogether
    max_redirects: int = 10
    retries: int = 2  # extra tries after a 429 or 503
    max_wait: float = 60.0  # the longest Retry-After honoured
    backoff: float = 1.0  # pause before retrying a timeout, error or 5xx
    user_agent: str = USER_AGENT
    # host -> (address, port): send requests for host there (tests and benchmarks).
    resolve: dict[str, tuple[str, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    url: str
    status: int | None
    reason: str = ""
    location: str = ""
    retry_after: float | None = None
    bot: str = ""
    anchors: frozenset[str] | None = None
    error: str = ""
    retryable: bool = False
    attempts: int = 1
    waited: float = 0.0


@dataclass(frozen=True)
class Outcome:
    category: str
    status: str
    action: str = ""
    final_url: str = ""
    anchors: frozenset[str] | None = None
    cached: bool = False
    answered: bool = True  # False when no server answered at all

    def to_cache(self) -> dict:
        return {
            "category": self.category,
            "status": self.status,
            "action": self.action,
            "final_url": self.final_url,
        }


class MappedResolver(AbstractResolver):
    """Send the listed host names to fixed addresses, like curl's --resolve, and refuse
    every other host, so a test or benchmark run cannot reach the internet."""

    def __init__(self, mapping: dict[str, tuple[str, int]]) -> None:
        self.mapping = mapping

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self.mapping:
            raise OSError(f"{host} is not in the --resolve list, and no other host is allowed")
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


def address(url: str) -> str:
    """The page a link points at: scheme and host in lower case, no #fragment."""
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def _host(url: str) -> str:
    return urlsplit(url).netloc.lower()


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _anchors(body: bytes) -> frozenset[str]:
    found = set()
    for match in _ANCHOR.finditer(body):
        raw = next(g for g in match.groups() if g is not None)
        found.add(raw.decode("utf-8", errors="replace"))
    return frozenset(found)


def _bot_protection(headers: aiohttp.typedefs.LooseHeaders, body: bytes) -> str:
    lower = body.lower()
    for header, text, name in _BOT_SIGNS:
        if (header and header in headers) or (text and text in lower):
            return name
    return ""


async def _read_up_to(answer: aiohttp.ClientResponse, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in answer.content.iter_chunked(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)


class Checker:
    """Checks addresses with one shared session; each address is fetched once."""

    def __init__(self, settings: Settings, session: aiohttp.ClientSession) -> None:
        self.settings = settings
        self.session = session
        self.requests = 0
        self._all = asyncio.Semaphore(settings.total)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._paused: dict[str, float] = {}
        self._responses: dict[str, asyncio.Future[Response]] = {}

    def response(self, url: str) -> asyncio.Future[Response]:
        """The (shared) answer for one address, after any retries."""
        if url not in self._responses:
            self._responses[url] = asyncio.ensure_future(self._with_retries(url))
        return self._responses[url]

    async def _with_retries(self, url: str) -> Response:
        attempts, waited = 0, 0.0
        while True:
            attempts += 1
            response = await self._fetch(url)
            wait = self._retry_wait(response, attempts)
            if wait is None:
                return replace(response, attempts=attempts, waited=waited)
            waited += wait
            if response.status in (429, 503):
                # Be polite to the whole host, not just this address.
                loop = asyncio.get_running_loop()
                self._paused[_host(url)] = max(self._paused.get(_host(url), 0), loop.time() + wait)
            await asyncio.sleep(wait)

    def _retry_wait(self, response: Response, attempts: int) -> float | None:
        settings = self.settings
        if response.status in (429, 503):
            if attempts > settings.retries:
                return None
            wait = response.retry_after if response.retry_after is not None else settings.backoff
            return wait if wait <= settings.max_wait else None
        transient = response.retryable or (response.status or 0) >= 500
        return settings.backoff if transient and attempts == 1 else None

    async def _wait_for_host(self, host: str) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._paused.get(host, 0) - loop.time()) > 0:
            await asyncio.sleep(delay)

    async def _fetch(self, url: str) -> Response:
        host = _host(url)
        await self._wait_for_host(host)
        limit = self._hosts.setdefault(host, asyncio.Semaphore(self.settings.per_host))
        # The host's limit first, so requests queued for one busy host do not hold
        # the slots that requests to other hosts could use.
        async with limit, self._all:
            self.requests += 1
            try:
                async with self.session.get(url, allow_redirects=False) as answer:
                    return await self._read(url, answer)
            except TimeoutError:
                seconds = f"{self.settings.timeout:g}"
                return Response(
                    url, None, error=f"timed out (no answer within {seconds} s)", retryable=True
                )
            except aiohttp.ClientConnectorCertificateError as exc:
                return Response(url, None, error=f"certificate problem: {exc.certificate_error}")
            except aiohttp.ClientSSLError as exc:
                return Response(url, None, error=f"secure connection failed: {exc}")
            except aiohttp.ClientConnectorError as exc:
                reason = exc.os_error.strerror or str(exc.os_error) if exc.os_error else str(exc)
                return Response(url, None, error=f"could not connect: {reason}", retryable=True)
            except (aiohttp.InvalidURL, ValueError) as exc:
                return Response(url, None, error=f"not a valid web address ({exc})")
            except aiohttp.ClientError as exc:
                error = f"connection failed: {type(exc).__name__} {exc}".strip()
                return Response(url, None, error=error, retryable=True)

    async def _read(self, url: str, answer: aiohttp.ClientResponse) -> Response:
        status, headers = answer.status, answer.headers
        anchors, bot = None, ""
        if 200 <= status < 300 and "html" in headers.get("Content-Type", ""):
            body = await _read_up_to(answer, MAX_BODY)
            anchors = _anchors(body) if len(body) < MAX_BODY else None
        elif status in BLOCKED:
            bot = _bot_protection(headers, await _read_up_to(answer, 65536))
        return Response(
            url,
            status,
            answer.reason or "",
            headers.get("Location", ""),
            _retry_after(headers.get("Retry-After")),
            bot,
            anchors,
        )

    async def check(self, url: str) -> Outcome:
        """Follow redirects hop by hop, then say what became of the address."""
        hops: list[Response] = []
        seen, current = {url}, url
        while True:
            response = await self.response(current)
            hops.append(response)
            if response.status not in REDIRECTS or not response.location:
                return classify(url, hops)
            target = address(urljoin(current, response.location))
            if target in seen:
                return Outcome(
                    BROKEN,
                    f"broken: redirect loop ({' → '.join(h.url for h in hops)} → {target})",
                    FIX_CONNECT,
                )
            if len(hops) > self.settings.max_redirects:
                return Outcome(
                    BROKEN,
                    f"broken: more than {self.settings.max_redirects} redirects",
                    FIX_CONNECT,
                )
            if not target.startswith(("http://", "https://")):
                return Outcome(
                    BROKEN, f"broken: redirects to {target}, which is not a web page", FIX_GONE
                )
            seen.add(target)
            current = target


def classify(url: str, hops: list[Response]) -> Outcome:
    last = hops[-1]
    via = f" after redirect to {last.url}" if len(hops) > 1 else ""
    tries = f" (tried {last.attempts} times)" if last.attempts > 1 else ""
    if last.error:
        fix = FIX_TIMEOUT if last.error.startswith("timed out") else FIX_CONNECT
        if last.error.startswith("not a valid"):
            fix = FIX_OTHER
        return Outcome(BROKEN, f"broken: {last.error}{via}{tries}", fix, answered=False)
    code = last.status or 0
    said = f"{code} {last.reason}".strip()
    if 200 <= code < 300:
        if any(hop.status in PERMANENT for hop in hops[:-1]):
            return Outcome(
                MOVED,
                f"moved: permanently redirects to {last.url}",
                FIX_MOVED,
                last.url,
                last.anchors,
            )
        return Outcome(
            OK,
            said + (f" via {len(hops) - 1} redirect(s)" if via else ""),
            "",
            last.url,
            last.anchors,
        )
    if code == 429:
        waited = f", waited {last.waited:g} s" if last.waited else ""
        return Outcome(CHECK, f"check by hand: rate limited ({said}){via}{tries}{waited}", FIX_RATE)
    if code in BLOCKED:
        sign = f", {last.bot}" if last.bot else ""
        return Outcome(CHECK, f"blocked — check by hand: {said}{sign}{via}", FIX_BLOCKED)
    if code in (404, 410):
        return Outcome(BROKEN, f"broken: {said}{via}", FIX_REMOVED if code == 410 else FIX_GONE)
    if code >= 500:
        return Outcome(BROKEN, f"broken: {said}{via}{tries}", FIX_SERVER)
    return Outcome(BROKEN, f"broken: {said}{via}", FIX_OTHER)


async def check_addresses(
    urls: list[str], settings: Settings, progress: Callable[[int, int], None] | None = None
) -> tuple[dict[str, Outcome], int]:
    """Check each address once; return the outcomes and the number of requests made."""
    resolver = MappedResolver(settings.resolve) if settings.resolve else None
    connector = aiohttp.TCPConnector(
        limit=settings.total, limit_per_host=settings.per_host, resolver=resolver
    )
    headers = {
        "User-Agent": settings.user_agent,
        "Accept": "text/html,*/*;q=0.8",
        "Accept-Language": "en-GB,en;q=0.8",
    }
    timeout = aiohttp.ClientTimeout(total=settings.timeout)
    done = 0
    async with aiohttp.ClientSession(
        connector=connector, headers=headers, timeout=timeout, trust_env=not settings.resolve
    ) as session:
        checker = Checker(settings, session)

        async def one(url: str) -> Outcome:
            nonlocal done
            outcome = await checker.check(url)
            done += 1
            if progress:
                progress(done, len(urls))
            return outcome

        outcomes = await asyncio.gather(*(one(url) for url in urls))
    return dict(zip(urls, outcomes, strict=True)), checker.requests


def _fragment(url: str) -> str:
    fragment = urlsplit(url).fragment
    return "" if not fragment or fragment.startswith(":~:") else unquote(fragment)


def _finding(link: Link, outcome: Outcome) -> Finding:
    fragment = _fragment(link.url)
    status, category, action = outcome.status, outcome.category, outcome.action
    if outcome.cached:
        status += " (cached)"
    anchors = outcome.anchors
    if category in (OK, MOVED) and fragment and anchors is not None and fragment not in anchors:
        category, action = CHECK, FIX_ANCHOR
        status = f"check by hand: the page works but has no anchor #{fragment}"
    if category in (OK, MOVED) and fragment and anchors is None:
        status += f" (#{fragment} not checked: not an HTML page, or over 2 MB)"
    if link.form == "template" and category != OK:
        action += f"; {FROM_TEMPLATE}"
    return Finding(link.path, link.line, link.url, category, status, action, link.form, "external")


def _is_project(url: str, repo_url: str) -> bool:
    if not repo_url:
        return False
    repo = address(repo_url).rstrip("/")
    return address(url) == repo or address(url).startswith(repo + "/")


@dataclass
class Plan:
    """Which links will be checked, and which are skipped, with why."""

    by_address: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    skipped: list[Finding] = field(default_factory=list)
    used_rules: set[int] = field(default_factory=set)


def plan(links: list[Link], rules: list[IgnoreRule], repo_url: str) -> Plan:
    result = Plan()
    for link in links:
        if _is_project(link.url, repo_url):
            result.skipped.append(
                Finding(
                    link.path,
                    link.line,
                    link.url,
                    SKIPPED,
                    PROJECT_REPOSITORY,
                    "nothing to do: it works once the repository is published",
                    link.form,
                    "external",
                )
            )
        elif rule := rule_for(link.url, rules):
            result.used_rules.add(rule.line)
            result.skipped.append(
                Finding(
                    link.path,
                    link.line,
                    link.url,
                    SKIPPED,
                    f"ignored: {rule.reason}",
                    f"listed in links-ignore.yml line {rule.line}: check it by hand now and then",
                    link.form,
                    "external",
                )
            )
        else:
            result.by_address[address(link.url)].append(link)
    return result


def _from_cache(entry: dict) -> Outcome:
    return Outcome(
        entry["category"],
        entry["status"],
        entry.get("action", ""),
        entry.get("final_url", ""),
        None,
        cached=True,
    )


def check_external(
    links: list[Link],
    *,
    settings: Settings,
    rules: list[IgnoreRule],
    repo_url: str = "",
    cache: Cache | None = None,
    progress: Callable[[int, int], None] | None = None,
    report_unused_rules: bool = True,
) -> Report:
    """Check every external link; every link ends up in the report, checked or not."""
    report = Report("external", links=len(links))
    todo = plan(links, rules, repo_url)
    outcomes: dict[str, Outcome] = {}
    for url, users in todo.by_address.items():
        entry = cache.get(url) if cache else None
        if entry and not any(_fragment(link.url) for link in users):
            outcomes[url] = _from_cache(entry)
    fresh = [url for url in todo.by_address if url not in outcomes]
    checked, report.requests = asyncio.run(check_addresses(fresh, settings, progress))
    outcomes.update(checked)
    for url, outcome in checked.items():
        if cache is not None:
            if outcome.category in (OK, MOVED):
                cache.put(url, outcome.to_cache())
            else:
                cache.forget(url)
    report.findings = todo.skipped + [
        _finding(link, outcomes[url]) for url, users in todo.by_address.items() for link in users
    ]
    report.urls = len(todo.by_address)
    if cache is not None and cache.hits:
        report.notes.append(
            f"{cache.hits} addresses came from the cache of good results (younger than {cache.ttl / 3600:g} h)."
        )
    if report_unused_rules:
        report.notes += [
            f"links-ignore.yml line {rule.line}: '{rule.pattern}' matches no link — remove the entry"
            for rule in rules
            if rule.line not in todo.used_rules
        ]
    silent = {_host(url) for url, outcome in checked.items() if not outcome.answered}
    answered = [outcome for outcome in checked.values() if outcome.answered]
    if len(silent) >= 3 and not answered:
        report.errors.append(
            f"no site answered at all ({len(silent)} hosts): is this machine offline?"
        )
    return report
