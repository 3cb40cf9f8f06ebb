"""`RecentUrls`: the URLs a crawl met lately, in bounded memory."""

from __future__ import annotations


class RecentUrls:
    """The URLs added lately, each with a value: at most twice `size`, the oldest half forgotten.

    A URL forgotten is only checked again (and its request dropped by Scrapy's dupefilter).
    """

    __slots__ = ("_new", "_old", "size")

    def __init__(self, size: int) -> None:
        self.size = size
        self._new: dict[str, str] = {}
        self._old: dict[str, str] = {}

    def __contains__(self, url: object) -> bool:
        return url in self._new or url in self._old

    def __len__(self) -> int:
        return len(self._new.keys() | self._old.keys())

    def get(self, url: str) -> str | None:
        """Return the value of `url`, or None if it is not remembered."""
        value = self._new.get(url)
        return self._old.get(url) if value is None else value

    def add(self, url: str, value: str = "") -> None:
        """Remember `url` (with `value`)."""
        self._new[url] = value
        if len(self._new) >= self.size:
            self._old, self._new = self._new, {}
