"""Drop duplicate articles: same canonical URL, same body, or a near-identical body.

Near-duplicates (syndicated copies, print variants without a canonical link) are found
with MinHash LSH over word shingles of the normalised body (`newscrawl.run.nearindex`). An
article an exact check settles (its id or body hash seen in this run, or its body unchanged
since an earlier run exported it) is dropped before its MinHash is computed.

With the run state on (the run ledger, `newscrawl.run.ledger`), the same checks also run
against the articles exported by earlier runs, and an exported article seen again is:

- dropped as `UnchangedArticle` when its body hash has not changed;
- exported again with ``revision`` + 1 when its body changed and either its sitemap lastmod
  moved (the middleware refetched it for that) or its ``modified`` date is later than the
  exported one;
- otherwise dropped as `AlreadyExportedArticle`.

Each article let through is *claimed* in the state for this run (``id:`` and ``body:`` keys),
so two workers sharing a Redis state never both export it.

Settings: NEWSCRAWL_DEDUP_ENABLED, NEWSCRAWL_DEDUP_NEAR_THRESHOLD, NEWSCRAWL_DEDUP_NUM_PERM,
NEWSCRAWL_DEDUP_SHINGLE_SIZE.
Stats: newscrawl/dedup/{seen,kept,revision,dropped/url,dropped/body,dropped/near,
dropped/exported,dropped/unchanged,dropped/body_seen,dropped/near_seen,dropped/claimed}.
"""

from __future__ import annotations

import datetime as dt
from hashlib import blake2b
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured

from newscrawl.exceptions import (
    AlreadyExportedArticle,
    DuplicateArticle,
    NearDuplicateArticle,
    UnchangedArticle,
)
from newscrawl.run.ledger import ledger_of
from newscrawl.run.nearindex import (
    NearDuplicateIndex,
    body_minhash,
    signature_bytes,
    signature_jaccard,
)

if TYPE_CHECKING:
    from typing import Self

    import numpy as np
    from numpy.typing import NDArray
    from scrapy.crawler import Crawler

    from newscrawl.items import ArticleItem
    from newscrawl.run.ledger import RunLedger
    from newscrawl.run.state.base import ExportRecord


class DedupPipeline:
    """Drop articles seen in this run or exported earlier (URL id, body hash, near-duplicate)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_DEDUP_ENABLED"):
            raise NotConfigured("NEWSCRAWL_DEDUP_ENABLED is False")
        self.ledger = ledger_of(crawler)
        self.stats = crawler.stats
        self.threshold = settings.getfloat("NEWSCRAWL_DEDUP_NEAR_THRESHOLD")
        if not 0 < self.threshold <= 1:
            raise ValueError(
                f"NEWSCRAWL_DEDUP_NEAR_THRESHOLD must be in (0, 1], got {self.threshold}"
            )
        self.num_perm = settings.getint("NEWSCRAWL_DEDUP_NUM_PERM")
        self.shingle_size = settings.getint("NEWSCRAWL_DEDUP_SHINGLE_SIZE")
        self._ids: set[str] = set()
        self._hashes: set[str] = set()
        # About 1 KB per article (datasketch's MinHashLSH + MinHash objects: about 4 KB).
        self._near = NearDuplicateIndex(self.threshold, self.num_perm)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        assert self.stats is not None
        self.stats.inc_value("newscrawl/dedup/seen")
        run = self.ledger
        if item.id in self._ids:
            self.stats.inc_value("newscrawl/dedup/dropped/url")
            raise DuplicateArticle(f"duplicate url {item.canonical_url}", log_level="INFO")
        if item.body_hash in self._hashes:
            self.stats.inc_value("newscrawl/dedup/dropped/body")
            raise DuplicateArticle(f"duplicate body {item.url}", log_level="INFO")
        record = None
        if run is not None:
            record = run.state.exported([item.id]).get(item.id)
            if record is not None and record.body_hash == item.body_hash:
                run.note_unchanged(item.id, item.fetched_at)
                self.stats.inc_value("newscrawl/dedup/dropped/unchanged")
                raise UnchangedArticle(f"unchanged since exported {item.url}", log_level="INFO")
        minhash = body_minhash(item.body, self.num_perm, self.shingle_size)
        match = self._near.match(minhash)
        if match is not None:
            self.stats.inc_value("newscrawl/dedup/dropped/near")
            raise NearDuplicateArticle(f"near-duplicate of {match}: {item.url}", log_level="INFO")
        if run is not None:
            self._check_earlier_runs(item, record, minhash, run)
        self._ids.add(item.id)
        self._hashes.add(item.body_hash)
        self._near.add(item.id, minhash)
        self.stats.inc_value("newscrawl/dedup/kept")
        return item

    def _check_earlier_runs(
        self,
        item: ArticleItem,
        record: ExportRecord | None,
        minhash: NDArray[np.uint32],
        run: RunLedger,
    ) -> None:
        """Drop `item` if an earlier run exported it (`record`, changed since) or a copy of it.

        Else claim it.
        """
        assert self.stats is not None
        state = run.state
        signature = signature_bytes(minhash)
        if record is not None:
            if not run.revisiting(item.id) and not _later(item.modified, record.modified):
                self.stats.inc_value("newscrawl/dedup/dropped/exported")
                raise AlreadyExportedArticle(f"already exported {item.url}", log_level="INFO")
            item.revision = record.revision + 1
            self.stats.inc_value("newscrawl/dedup/revision")
        else:
            seen = state.body_hashes([item.body_hash]).get(item.body_hash)
            if seen is not None:
                self.stats.inc_value("newscrawl/dedup/dropped/body_seen")
                raise DuplicateArticle(
                    f"body exported before as {seen}: {item.url}", log_level="INFO"
                )
            keys = run.lsh_keys(signature)
            for other_id, other in state.near_candidates(keys).items():
                if signature_jaccard(signature, other) >= self.threshold:
                    self.stats.inc_value("newscrawl/dedup/dropped/near_seen")
                    raise NearDuplicateArticle(
                        f"near-duplicate of {other_id} exported before: {item.url}",
                        log_level="INFO",
                    )
        claim_keys = [f"id:{item.id}", f"body:{item.body_hash}"]
        if run.distributed:
            # A near-duplicate that another worker is exporting right now is not committed yet,
            # so near_candidates cannot see it: claim the LSH bands too (a shared band of
            # `rows` hash values is, in practice, a near-duplicate).
            bands = run.lsh_keys(signature)
            claim_keys += [f"lsh:{blake2b(band, digest_size=16).hexdigest()}" for band in bands]
        refused = run.claim(claim_keys)
        if refused:
            self.stats.inc_value("newscrawl/dedup/dropped/claimed")
            raise DuplicateArticle(
                f"being exported by another worker: {item.url}", log_level="INFO"
            )
        run.note_signature(item.id, item.body_hash, signature)


def _later(new: str | None, old: str | None) -> bool:
    """Say whether ISO 8601 time `new` is later than `old` (False when either is missing)."""
    if not new or not old:
        return False
    try:
        a, b = dt.datetime.fromisoformat(new), dt.datetime.fromisoformat(old)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
    return a > b
