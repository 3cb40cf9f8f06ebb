"""Refuse requests to private, loopback, link-local and other non-public addresses (SSRF guard).

A page (or a redirect) on a public site must not turn the crawler against the network it
runs in: ``http://169.254.169.254/`` (cloud metadata), ``http://10.0.0.5/admin``,
``http://localhost:6379/``. Host names are resolved and every address they resolve to is
checked; IP literals are read the way browsers and ``inet_aton`` read them, so
``http://2130706433/``, ``http://0x7f.1/`` and ``http://0177.0.0.1/`` are all 127.0.0.1, and
IPv4-mapped IPv6 addresses (``[::ffff:127.0.0.1]``) count as their IPv4 address.

Exceptions: the addresses the crawl's own start URLs resolve to (a crawl of a site on
127.0.0.1 or on the intranet may fetch that site), and the networks listed in
NEWSCRAWL_SSRF_ALLOWED_NETWORKS.

The middleware checks a request before it is sent; `SSRFSafeResolver` (the Twisted DNS
resolver, setting TWISTED_DNS_RESOLVER) checks again the address each connection is actually
made to, so a name that answers a public address to the check and a private one to the
connection (DNS rebinding) fails with a DNS lookup error.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError
from twisted.internet.threads import deferToThread

from newscrawl.utils.settings import require_enabled

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from twisted.internet.base import ReactorBase
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_CACHE_SIZE = 4096
_START_ADDRESSES: set[IPAddress] = set()
"""Non-public start addresses of the crawls in this process (shared with the resolver)."""


class SSRFRefused(IgnoreRequest):
    """A request to a non-public address was refused."""


def parse_ip_host(host: str) -> IPAddress | None:
    """Return the IP address a URL host spells, or None when it is a name.

    Accepts IPv6 literals (with or without brackets and zone) and every IPv4 spelling that
    ``inet_aton`` and the WHATWG URL standard accept: 1 to 4 dot-separated parts, each decimal,
    octal (leading ``0``) or hexadecimal (``0x``), the last part filling the remaining bytes.
    """
    host = host.strip().rstrip(".").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        try:
            if part.startswith(("0x", "0X")):
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            else:
                if not part.isdigit():
                    return None
                numbers.append(int(part))
        except ValueError:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for i, n in enumerate(head):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def non_public_reason(ip: IPAddress) -> str | None:
    """Return why `ip` is not a public unicast address (a stats detail), or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return non_public_reason(mapped)
        if ip.teredo is not None:
            return non_public_reason(ip.teredo[1])
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_unspecified or ip.is_reserved:
        return "reserved"
    if ip.is_private or not ip.is_global:
        return "private"
    return None


def system_resolve(host: str) -> list[str]:
    """Return every address `host` resolves to (blocking; [] when it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class SSRFGuardMiddleware:
    """Refuse requests whose host is or resolves to a non-public address.

    Settings: NEWSCRAWL_SSRF_ENABLED (default True), NEWSCRAWL_SSRF_ALLOWED_NETWORKS (CIDRs
    always allowed, default none), NEWSCRAWL_SSRF_ALLOW_START_ADDRESSES (default True: the
    addresses of the crawl's start URLs are allowed), NEWSCRAWL_SSRF_ALLOWED_SCHEMES (default
    http, https).
    Stats: newscrawl/ssrf/refused/{loopback,private,link_local,multicast,reserved,scheme}.
    """

    def __init__(
        self, crawler: Crawler, resolve: Callable[[str], list[str]] | None = None
    ) -> None:
        settings = crawler.settings
        require_enabled(settings, "NEWSCRAWL_SSRF_ENABLED")
        self.crawler = crawler
        self.stats = crawler.stats
        self.resolve = resolve or system_resolve
        self.allowed = _networks(settings.getlist("NEWSCRAWL_SSRF_ALLOWED_NETWORKS"))
        self.allow_start = settings.getbool("NEWSCRAWL_SSRF_ALLOW_START_ADDRESSES")
        self.schemes = {s.lower() for s in settings.getlist("NEWSCRAWL_SSRF_ALLOWED_SCHEMES")}
        self.start_addresses: set[IPAddress] = set()
        self._cache: OrderedDict[str, tuple[IPAddress, ...]] = OrderedDict()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        """Allow the addresses of the crawl's start URLs (when they are not public)."""
        if self.allow_start:
            self.allow_start_urls(_start_urls(spider))

    def allow_start_urls(self, urls: Iterable[str]) -> None:
        """Add the non-public addresses that `urls`' hosts resolve to, to the allowed ones."""
        from urllib.parse import urlsplit

        for url in urls:
            host = urlsplit(url).hostname
            if not host:
                continue
            for ip in self._lookup_blocking(host):
                if non_public_reason(ip) is not None:
                    self.start_addresses.add(ip)
                    _START_ADDRESSES.add(ip)
        if self.start_addresses:
            logger.info(
                "ssrf guard: start URLs are on non-public addresses %s; allowing them",
                ", ".join(sorted(map(str, self.start_addresses))),
            )

    async def process_request(self, request: Request) -> None:
        """Raise `SSRFRefused` when the request's host is a non-public address.

        Requests in other schemes than NEWSCRAWL_SSRF_ALLOWED_SCHEMES (``file:``, ``ftp:``,
        ``s3:``, ``data:``…) are refused too: a news crawl reads the web, not local files.
        """
        parts = urlparse_cached(request)
        if parts.scheme.lower() not in self.schemes:
            self.stats.inc_value("newscrawl/ssrf/refused/scheme")
            logger.warning("ssrf guard: refused %s (scheme %s)", request.url, parts.scheme)
            raise SSRFRefused(f"ssrf guard: scheme {parts.scheme!r} is not allowed")
        host = parts.hostname
        if not host:
            return
        addresses = self._cached(host)
        if addresses is None:
            found = await maybe_deferred_to_future(deferToThread(self.resolve, host))
            addresses = self._store(host, found)
        for ip in addresses:
            reason = self.refusal(ip)
            if reason is not None:
                self.stats.inc_value(f"newscrawl/ssrf/refused/{reason}")
                logger.warning(
                    "ssrf guard: refused %s (%s resolves to %s, %s)",
                    request.url,
                    host,
                    ip,
                    reason.replace("_", "-"),
                )
                raise SSRFRefused(f"ssrf guard: {host} is a {reason} address ({ip})")

    def refusal(self, ip: IPAddress) -> str | None:
        """Return why a request to `ip` is refused, or None when it is allowed."""
        reason = non_public_reason(ip)
        if reason is None:
            return None
        if ip in self.start_addresses:
            return None
        if any(ip.version == net.version and ip in net for net in self.allowed):
            return None
        return reason

    # ------------------------------------------------------------------ resolution

    def _lookup_blocking(self, host: str) -> tuple[IPAddress, ...]:
        cached = self._cached(host)
        return cached if cached is not None else self._store(host, self.resolve(host))

    def _cached(self, host: str) -> tuple[IPAddress, ...] | None:
        literal = parse_ip_host(host)
        if literal is not None:
            return (literal,)
        found = self._cache.get(host)
        if found is not None:
            self._cache.move_to_end(host)
        return found

    def _store(self, host: str, found: list[str]) -> tuple[IPAddress, ...]:
        addresses: list[IPAddress] = []
        for text in found:
            ip = parse_ip_host(text)
            if ip is not None:
                addresses.append(ip)
        result = tuple(addresses)
        self._cache[host] = result
        if len(self._cache) > _CACHE_SIZE:
            self._cache.popitem(last=False)
        return result


def _start_urls(spider: Any) -> list[str]:
    target = getattr(spider, "target", None)
    profile = getattr(target, "profile", None)
    urls = list(getattr(profile, "start_urls", ()) or ())
    urls.extend(getattr(spider, "start_urls", ()) or ())
    return [u for u in urls if isinstance(u, str)]


def _networks(values: Iterable[Any]) -> list[IPNetwork]:
    networks: list[IPNetwork] = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(str(value).strip(), strict=False))
        except ValueError:
            raise ValueError(
                f"NEWSCRAWL_SSRF_ALLOWED_NETWORKS: not an IP network: {value!r}"
            ) from None
    return networks


class SSRFSafeResolver(CachingThreadedResolver):
    """Scrapy's caching DNS resolver, failing names that resolve to a non-public address.

    This is the check at connection time (see the module docstring). Addresses allowed by
    NEWSCRAWL_SSRF_ALLOWED_NETWORKS and the start addresses the SSRF guard registered pass;
    IP literals are left to `SSRFGuardMiddleware`. Off when NEWSCRAWL_SSRF_ENABLED is False.
    """

    def __init__(
        self,
        reactor: ReactorBase,
        cache_size: int,
        timeout: float,
        enabled: bool = True,
        allowed: list[IPNetwork] | None = None,
    ) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.enabled = enabled
        self.allowed = allowed or []

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: ReactorBase) -> Self:
        settings = crawler.settings
        cache_size = (
            settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        )
        return cls(
            reactor,
            cache_size,
            settings.getfloat("DNS_TIMEOUT"),
            enabled=settings.getbool("NEWSCRAWL_SSRF_ENABLED"),
            allowed=_networks(settings.getlist("NEWSCRAWL_SSRF_ALLOWED_NETWORKS")),
        )

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        """Resolve `name`; fail with `DNSLookupError` when it is a refused address."""
        result = super().getHostByName(name, timeout)
        if self.enabled and parse_ip_host(name) is None:
            result.addCallback(self._check, name)
        return result

    def _check(self, address: str, name: str) -> str:
        ip = parse_ip_host(address)
        if ip is None:
            return address
        reason = non_public_reason(ip)
        if reason is None or ip in _START_ADDRESSES:
            return address
        if any(ip.version == net.version and ip in net for net in self.allowed):
            return address
        logger.warning("ssrf guard: %s resolved to %s (%s); refused", name, ip, reason)
        raise DNSLookupError(f"ssrf guard: {name} resolves to a {reason} address ({ip})")
