"""Send a truthful User-Agent that names newscrawl and the crawl's contact.

``USER_AGENT`` in settings.py is computed when the module is imported, so
``-s NEWSCRAWL_CONTACT=mailto:me@example.org`` alone would not change it. This middleware
(in place of Scrapy's UserAgentMiddleware) builds ``newscrawl/<version> (+<contact>)`` from
NEWSCRAWL_CONTACT unless USER_AGENT was set to something else, which then wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from newscrawl import __version__

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler


def contact_user_agent(contact: str) -> str:
    """Return newscrawl's User-Agent string for `contact` (URL or ``mailto:``)."""
    contact = contact.strip()
    return f"newscrawl/{__version__} (+{contact})" if contact else f"newscrawl/{__version__}"


class ContactUserAgentMiddleware:
    """Set the User-Agent header from NEWSCRAWL_CONTACT (or an explicit USER_AGENT).

    Settings: NEWSCRAWL_CONTACT, USER_AGENT.
    """

    def __init__(self, crawler: Crawler) -> None:
        from newscrawl import settings as defaults

        agent = crawler.settings.get("USER_AGENT") or ""
        if agent in ("", defaults.USER_AGENT) or agent.startswith("Scrapy/"):
            agent = contact_user_agent(crawler.settings.get("NEWSCRAWL_CONTACT") or "")
        self.user_agent: str = agent

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        """Set the User-Agent header unless the request has one."""
        request.headers.setdefault(b"User-Agent", self.user_agent)
