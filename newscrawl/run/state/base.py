"""The run-state interface, shared by the SQLite (default) and Redis (distributed) back-ends.

The run state is what a scheduled run remembers between runs, per site:

- the articles exported so far (`ExportRecord`: id, body hash, revision, modified, when and in
  which file), keyed by article id, plus the *URL keys* (`url_fingerprint` of the requested URL)
  that led to an exported article, so a second run skips them before fetching;
- the body hashes of exported articles (exact duplicates across runs);
- MinHash signatures indexed by LSH band keys (near-duplicates across runs);
- per-source watermarks (sitemap lastmod, newest feed item, and the HTTP validators of
  sitemaps of article URLs and feeds, for conditional requests);
- the output files already committed, and *claims* of article keys by a running owner.

Exactly once
------------
Output goes to ``<run-id>.jsonl.part``; the feed storage renames it to ``<run-id>.jsonl`` when it
is complete (fsync, rename, fsync the directory). Only **after** the rename does the run call
`RunState.commit_file`, which records, in one transaction, every article of the file as exported
and the file itself as committed. So:

- killed before the rename: a ``.part`` file is left, nothing of it is in the state. The next
  run (under the site lock, before crawling) keeps the complete lines whose articles are not yet
  exported, cuts a torn last line, renames the part to its final name and commits it.
- killed between rename and commit: a complete ``.jsonl`` that is not in `committed_files`.
  The next run commits it (its articles are not in the state, so none is lost or repeated).
- killed during the commit: the transaction is atomic (SQLite transaction, Redis MULTI/EXEC),
  so it happened fully or not at all; `commit_file` is idempotent for a file already committed.

While a run is live, the dedup pipeline *claims* the keys of each article it lets through
(``id:<article id>`` and ``body:<body hash>``) for its owner (the run id). Claims stop two live
writers (Redis workers) from both exporting one article; a committed file turns its claims into
exports, and `release` drops the claims of an owner that ended (or died and was recovered).

Watermarks are written only when a run finished cleanly, so a killed run never makes the next
one skip a sitemap whose articles it did not export.

Batching: every lookup takes many keys and answers with one round trip, and every write takes
many records; back-ends must not need one call per article on the hot path.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Self

UrlKeys: TypeAlias = "Mapping[str, str]"
"""URL keys (`url_fingerprint`) to the id of the article they led to."""
LshKeys: TypeAlias = "Mapping[str, Sequence[bytes]]"
"""Article ids to the LSH band keys of their signature."""

SCHEMA_VERSION = 2
"""2 added the HTTP validators and `listed` count of `Watermark`; a version-1 state is migrated
when opened."""


@dataclass(frozen=True, slots=True)
class ExportRecord:
    """One exported article, as the state remembers it."""

    id: str
    """Article id (SHA-1 of the canonical URL)."""
    url: str
    """Final URL the article was fetched from."""
    body_hash: str
    """Body hash of the exported revision."""
    revision: int
    """Revision of the last export (1 for the first)."""
    modified: str | None
    """Newest modification time known at export (ISO 8601): the later of the item's
    `modified` and its sitemap lastmod, else its `published`; a later sitemap lastmod means
    the article changed since."""
    fetched_at: str
    """ISO 8601 UTC time the exported revision was fetched."""
    exported_at: str
    """ISO 8601 UTC time the file holding it was committed."""
    file: str
    """Name of the output file holding it (relative to the site's output dir)."""
    signature: bytes = b""
    """MinHash hash values (``numpy.uint64`` array ``.tobytes()``), or empty."""


@dataclass(frozen=True, slots=True)
class Watermark:
    """How far a sitemap or feed was read by the last clean run."""

    source: str
    """Sitemap or feed URL (a page's URL for ``article`` and ``empty_archive``;
    ``family:<host><URL family>`` for ``url_family``)."""
    kind: str
    """``sitemap``, ``feed``, ``article`` (the lastmod of an exported article that was
    refetched and found unchanged, so it is not refetched again for that lastmod),
    ``empty_archive`` (a past date archive that gave no new article URL) or ``url_family``
    (the new article URLs a family of listings or feeds gave, in ``listed``)."""
    lastmod: str | None = None
    """The source's own lastmod (from its sitemap index) when last fully processed."""
    newest: str | None = None
    """Newest entry date (ISO 8601) seen in the source."""
    etag: str | None = None
    """The source's ``ETag`` when it was last read whole (sent back as ``If-None-Match``)."""
    last_modified: str | None = None
    """Its ``Last-Modified`` then (sent back as ``If-Modified-Since``)."""
    listed: int | None = None
    """Article URLs the source listed then: found again when it answers ``304``; for a
    ``url_family``, the new article URLs its pages gave."""

    @property
    def validators(self) -> dict[str, str]:
        """Return the conditional-request headers that ask for the source only if it changed."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


class RunState(abc.ABC):
    """Remember exports, hashes, signatures, watermarks and claims for one site.

    Lookups accept many keys and return only the hits. Writes are atomic per call.
    Implementations raise `StateError` (one readable line) when the store is unusable.
    """

    site: str

    # ------------------------------------------------------------------ lookups

    @abc.abstractmethod
    def exported(self, ids: Iterable[str]) -> dict[str, ExportRecord]:
        """Return the export records of those of `ids` already exported."""

    @abc.abstractmethod
    def known_urls(self, url_keys: Iterable[str]) -> dict[str, str]:
        """Return ``{url key: article id}`` for the URL keys that led to an exported article."""

    @abc.abstractmethod
    def body_hashes(self, hashes: Iterable[str]) -> dict[str, str]:
        """Return ``{body hash: article id}`` for hashes of exported articles."""

    @abc.abstractmethod
    def near_candidates(self, keys: Sequence[bytes]) -> dict[str, bytes]:
        """Return ``{article id: signature}`` of exported articles sharing an LSH key."""

    @abc.abstractmethod
    def watermarks(self, sources: Iterable[str]) -> dict[str, Watermark]:
        """Return the watermarks recorded for those of `sources` that have one."""

    @abc.abstractmethod
    def committed_files(self) -> set[str]:
        """Return the names of the output files already committed."""

    @abc.abstractmethod
    def count(self) -> int:
        """Return the number of exported articles."""

    # ------------------------------------------------------------------ writes

    @abc.abstractmethod
    def commit_file(
        self, file: str, records: Sequence[ExportRecord], url_keys: UrlKeys, lsh: LshKeys
    ) -> None:
        """Record a completed output file and every article in it, atomically.

        `url_keys` maps URL keys to article ids; `lsh` maps article ids to their LSH keys.
        A record replaces an earlier one with the same id (a new revision). Calling it again
        for a file already committed does nothing.
        """

    @abc.abstractmethod
    def touch(self, fetched: Mapping[str, str]) -> None:
        """Set the `fetched_at` of exported articles refetched and found unchanged."""

    @abc.abstractmethod
    def set_watermarks(self, marks: Iterable[Watermark]) -> None:
        """Record watermarks (replacing earlier ones for the same sources)."""

    @abc.abstractmethod
    def claim(self, keys: Sequence[str], owner: str) -> list[str]:
        """Claim `keys` for `owner`; return those held by another owner (nothing is taken then).

        Keys are ``id:<article id>`` and ``body:<body hash>``. A key already claimed by
        `owner` stays claimed. Claims are all-or-nothing: when any key is refused, none is taken.
        Exports do not refuse a claim (a new revision of an exported article is claimed too);
        the caller checks `exported`/`body_hashes` first.
        """

    @abc.abstractmethod
    def release(self, owner: str) -> None:
        """Drop every claim of `owner`."""

    @abc.abstractmethod
    def close(self) -> None:
        """Flush and close the store."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
