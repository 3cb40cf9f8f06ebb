"""Drop duplicate articles: same canonical URL, same body, or a near-identical body.

Near-duplicates (syndicated copies, print variants without a canonical link) are found
with MinHash LSH (datasketch) over word shingles of the normalised body.

Settings: NEWSCRAWL_DEDUP_ENABLED, NEWSCRAWL_DEDUP_NEAR_THRESHOLD, NEWSCRAWL_DEDUP_NUM_PERM,
NEWSCRAWL_DEDUP_SHINGLE_SIZE.
Stats: newscrawl/dedup/{seen,kept,dropped/url,dropped/body,dropped/near}.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from datasketch import MinHash, MinHashLSH
from scrapy.exceptions import NotConfigured

from newscrawl.exceptions import DuplicateArticle, NearDuplicateArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

    from newscrawl.items import ArticleItem

_WORD_RE = re.compile(r"\w+")


def body_minhash(body: str, num_perm: int, shingle_size: int) -> MinHash:
    """Return the MinHash of the word shingles of `body` (lower-cased)."""
    words = _WORD_RE.findall(body.lower())
    n = max(1, min(shingle_size, len(words)))
    shingles = {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}
    minhash = MinHash(num_perm=num_perm)
    if shingles:
        minhash.update_batch(list(shingles))
    return minhash


class DedupPipeline:
    """Drop articles already exported in this run (by URL id, body hash, or near-duplicate body)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_DEDUP_ENABLED"):
            raise NotConfigured("NEWSCRAWL_DEDUP_ENABLED is False")
        self.crawler = crawler
        self.stats = crawler.stats
        self.threshold = settings.getfloat("NEWSCRAWL_DEDUP_NEAR_THRESHOLD")
        if not 0 < self.threshold <= 1:
            raise ValueError(f"NEWSCRAWL_DEDUP_NEAR_THRESHOLD must be in (0, 1], got {self.threshold}")
        self.num_perm = settings.getint("NEWSCRAWL_DEDUP_NUM_PERM")
        self.shingle_size = settings.getint("NEWSCRAWL_DEDUP_SHINGLE_SIZE")
        self._ids: set[str] = set()
        self._hashes: set[str] = set()
        self._lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        self._signatures: dict[str, MinHash] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        assert self.stats is not None
        self.stats.inc_value("newscrawl/dedup/seen")
        if item.id in self._ids:
            self.stats.inc_value("newscrawl/dedup/dropped/url")
            raise DuplicateArticle(f"duplicate url {item.canonical_url}", log_level="INFO")
        if item.body_hash in self._hashes:
            self.stats.inc_value("newscrawl/dedup/dropped/body")
            raise DuplicateArticle(f"duplicate body {item.url}", log_level="INFO")
        minhash = body_minhash(item.body, self.num_perm, self.shingle_size)
        match = self._near_match(minhash)
        if match is not None:
            self.stats.inc_value("newscrawl/dedup/dropped/near")
            raise NearDuplicateArticle(f"near-duplicate of {match}: {item.url}", log_level="INFO")
        self._ids.add(item.id)
        self._hashes.add(item.body_hash)
        self._lsh.insert(item.id, minhash)
        self._signatures[item.id] = minhash
        self.stats.inc_value("newscrawl/dedup/kept")
        return item

    def _near_match(self, minhash: MinHash) -> str | None:
        """Return the id of an indexed body with estimated Jaccard >= threshold, if any."""
        for key in self._lsh.query(minhash):
            if self._signatures[key].jaccard(minhash) >= self.threshold:
                return str(key)
        return None
