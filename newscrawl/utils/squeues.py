"""The scheduler's disk queue (JOBDIR) without a search of the spider for every request.

Scrapy's ``PickleFifoDiskQueue`` stores each request as ``Request.to_dict(spider=…)``, which
names the callback and the errback by searching the spider's members
(``inspect.getmembers``, every attribute of the spider read) twice per request: ~80 µs a
request for the news spider, about a tenth of the crawl process's own work per page. This
queue names each callback function once and stores the same dictionaries (the same pickles,
read back by Scrapy's ``request_from_dict``).

Checked against Scrapy 2.19.0 (`newscrawl.utils.compat.CHECKED`): ``Request.to_dict`` and its
helper ``scrapy.http.request._find_method``; ``PickleFifoDiskQueue.push`` serialises the dict
with the queue class next in its MRO.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http.request import _find_method
from scrapy.squeues import PickleFifoDiskQueue as _ScrapyPickleFifoDiskQueue

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy import Spider
    from scrapy.crawler import Crawler

_PICKLING_QUEUE: Any = _ScrapyPickleFifoDiskQueue.__mro__[1]
"""The queue class under Scrapy's request queue: pickles what it is given to the disk."""


class PickleFifoDiskQueue(_ScrapyPickleFifoDiskQueue):  # type: ignore[misc,valid-type]
    """Scrapy's pickled FIFO disk queue, the callbacks' names looked up once per function."""

    spider: Spider | None

    def __init__(self, crawler: Crawler, key: str) -> None:
        super().__init__(crawler, key)
        self._names: dict[object, str] = {}

    def push(self, request: Request) -> None:
        # Scrapy's push without its to_dict: the pickling queue below it stores the dict
        _PICKLING_QUEUE.push(self, self.request_dict(request))

    def request_dict(self, request: Request) -> dict[str, Any]:
        """Return ``request.to_dict(spider=self.spider)``."""
        callback, errback = request.callback, request.errback
        d: dict[str, Any] = {
            "url": request.url,
            "callback": self._method_name(callback) if callable(callback) else callback,
            "errback": self._method_name(errback) if callable(errback) else errback,
            "headers": dict(request.headers),
        }
        for attr in request.attributes:
            d.setdefault(attr, getattr(request, attr))
        if type(request) is not Request:
            d["_class"] = type(request).__module__ + "." + type(request).__name__
        return d

    def _method_name(self, func: Callable[..., Any]) -> str:
        function = getattr(func, "__func__", None)
        name = self._names.get(function) if function is not None else None
        if name is None:
            # Scrapy's search, with its ValueError for a function that is no spider method
            name = self._names[function] = _find_method(self.spider, func)
        return name
