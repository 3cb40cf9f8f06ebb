"""Run ``scrapy`` with name resolution kept on this machine: the tests' DNS failures.

``python tests/offline_scrapy.py crawl news -a url=http://news.invalid/ …`` is ``scrapy crawl``
in a process where a host name other than ``localhost`` does not resolve: the lookup fails at
once with ``EAI_NONAME``, as a resolver answers for a ``.invalid`` name (RFC 6761), instead of
asking the system's DNS server, and connections to anything but loopback are refused. The
crawl sees a real DNS lookup failure, and no packet leaves 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket
import sys

_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _local(host: object) -> bool:
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


def _not_found(host: object) -> socket.gaierror:
    return socket.gaierror(socket.EAI_NONAME, f"Name or service not known: {host}")


def getaddrinfo(host, *args, **kwargs):
    if host is not None and not _local(host):
        raise _not_found(host)
    return _getaddrinfo(host, *args, **kwargs)


def gethostbyname(host):
    if not _local(host):
        raise _not_found(host)
    return "127.0.0.1"


def gethostbyname_ex(host):
    return host, [], [gethostbyname(host)]


def connect(self, address):
    if isinstance(address, tuple) and not _local(address[0]):
        raise ConnectionRefusedError(f"tests use 127.0.0.1 only, not {address[0]}")
    return _connect(self, address)


def connect_ex(self, address):
    if isinstance(address, tuple) and not _local(address[0]):
        raise ConnectionRefusedError(f"tests use 127.0.0.1 only, not {address[0]}")
    return _connect_ex(self, address)


def main() -> None:
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    socket.gethostbyname_ex = gethostbyname_ex
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    from scrapy.cmdline import execute

    execute(["scrapy", *sys.argv[1:]])


if __name__ == "__main__":
    main()
