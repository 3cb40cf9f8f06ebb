"""Canonicalise URLs: one spelling per article, whatever tracking/print/AMP variant links to it.

Built on w3lib (`canonicalize_url`, `url_query_cleaner`): drops fragments, tracking
parameters (``utm_*``, ``fbclid``, ``gclid`` …), session ids (query or ``;jsessionid=``),
print/AMP switches; lower-cases the host, removes the default port and sorts the query.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url as _w3lib_canonicalize

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gclsrc",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "cmpid",
        "ito",
        "icid",
        "ocid",
        "ncid",
        "smid",
        "spm",
        "share",
        "output",
        "amp",
        "print",
        "printpage",
        "replytocom",
        "at_medium",
        "at_campaign",
    }
)
"""Query parameters that never change which article a URL names."""
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "__hs", "oly_")
SESSION_PARAMS = frozenset(
    {
        "phpsessid",
        "sid",
        "sessionid",
        "session_id",
        "jsessionid",
        "aspsessionid",
        "cfid",
        "cftoken",
    }
)
"""Query parameters carrying a session id (a classic crawler trap)."""
_PATH_SESSION_RE = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)
_AMP_SUFFIX_RE = re.compile(r"/(amp|print)/?$", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_FIRST_RE = re.compile(r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+(:\d+)?(/|$)", re.IGNORECASE)


def _keep_param(name: str) -> bool:
    lowered = name.lower()
    return not (
        lowered in TRACKING_PARAMS
        or lowered in SESSION_PARAMS
        or lowered.startswith(TRACKING_PREFIXES)
    )


def canonicalize_url(url: str) -> str:
    """Return the canonical spelling of `url` (see the module docstring for the rules).

    Never raises: a scheme-less ``host/path`` is read as ``http://host/path``, an invalid
    port is dropped, and a URL that cannot be split at all is returned stripped.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        if not parts.scheme and not parts.netloc and _HOST_FIRST_RE.match(url):
            parts = urlsplit("http://" + url)
    except ValueError:
        return url
    scheme = parts.scheme.lower() or "http"
    host = (parts.hostname or "").rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    try:
        port = parts.port if parts.port and parts.port != _DEFAULT_PORTS.get(scheme) else None
    except ValueError:
        port = None
    netloc = f"{host}:{port}" if port else host
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k)]
    )
    path = _remove_dot_segments(_PATH_SESSION_RE.sub("", parts.path))
    if not query:
        path = path.rstrip()  # w3lib strips the URL's trailing blanks: do it before judging
    path = path or "/"
    while _AMP_SUFFIX_RE.search(path):  # repeated, so that the result is a fixed point
        path = _AMP_SUFFIX_RE.sub("/", path)
    try:
        return _w3lib_canonicalize(urlunsplit((scheme, netloc, path, query, "")))
    except ValueError:
        return url


def _remove_dot_segments(path: str) -> str:
    """Resolve ``.`` and ``..`` segments (RFC 3986, 5.2.4) before any suffix is judged."""
    if "." not in path:
        return path
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        elif segment == ".":
            if last:
                output.append("")
        else:
            output.append(segment)
    return "/".join(output)


def url_fingerprint(url: str) -> str:
    """Return the article id of a URL: SHA-1 hex digest of its canonical form."""
    return hashlib.sha1(canonicalize_url(url).encode("utf-8")).hexdigest()


def root_of(url: str) -> str:
    """Return ``scheme://host[:port]/`` of `url`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def host_of(url: str) -> str:
    """Return the lower-case host of `url` without a leading ``www.``."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def is_same_site(url: str, domains: tuple[str, ...] | list[str]) -> bool:
    """Say whether `url` is on one of `domains` or their subdomains."""
    host = host_of(url)
    return any(
        host == d or host.endswith("." + d) for d in (host_of(f"http://{d}/") for d in domains)
    )
