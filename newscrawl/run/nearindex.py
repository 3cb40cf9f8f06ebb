"""Near-duplicates: MinHash signatures of bodies, their LSH band keys, an in-memory index.

`body_minhash` is the MinHash of a body's word shingles; the run state stores its hash values as
bytes (`signature_bytes`) indexed by LSH band keys (`lsh_keys`), with the bands and rows that
datasketch picks for a threshold (`lsh_bands`).

`NearDuplicateIndex` is an in-memory near-duplicate index with a known, small size per entry.

datasketch's `MinHashLSH` plus a dict of `MinHash` objects costs about 4 KB per article
(a set per LSH bucket, bytes keys, each MinHash carrying its own permutation arrays): 200 MB
for a 50,000-article crawl. This index keeps, per article, the signature as 128 uint32 values
in one growing array (512 bytes) and one integer slot per LSH band (about 100 bytes each), and
finds the same candidates: two signatures are candidates when one band's values are equal,
and near-duplicates when the share of equal values reaches the threshold (as
`MinHash.jaccard`).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash

from newscrawl.utils.compat import lsh_optimal_params

if TYPE_CHECKING:
    from numpy.typing import NDArray

_MAX_HASH = (1 << 32) - 1
_WORD_RE = re.compile(r"\w+")


def body_minhash(body: str, num_perm: int, shingle_size: int) -> MinHash:
    """Return the MinHash of the word shingles of `body` (lower-cased)."""
    words = _WORD_RE.findall(body.lower())
    n = max(1, min(shingle_size, len(words)))
    shingles = {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}
    template = _template(num_perm)
    minhash = MinHash(
        num_perm=num_perm, permutations=template.permutations, scheme=template.scheme
    )
    if shingles:
        minhash.update_batch(list(shingles))
    return minhash


@functools.lru_cache(maxsize=4)
def _template(num_perm: int) -> MinHash:
    """Return a MinHash whose permutations every `body_minhash` shares.

    Drawing them (they depend only on `num_perm` and the seed) cost more than hashing an
    article's shingles.
    """
    return MinHash(num_perm=num_perm)


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Return (bands, rows) of the LSH index for Jaccard `threshold`, as datasketch picks them."""
    return lsh_optimal_params(threshold, num_perm)


def signature_bytes(hashvalues: Any) -> bytes:
    """Return MinHash hash values (a numpy array) as the state stores them: uint64 bytes."""
    return bytes(np.asarray(hashvalues, dtype=np.uint64).tobytes())


def signature_jaccard(a: bytes, b: bytes) -> float:
    """Return the Jaccard estimate of two stored signatures (0.0 when their sizes differ)."""
    x, y = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    if x.shape != y.shape or not len(x):
        return 0.0
    return float(np.mean(x == y))


def lsh_keys(signature: bytes, bands: int, rows: int) -> list[bytes]:
    """Return the LSH band keys of a MinHash signature (uint64 hash values as bytes).

    A key is the band number (1 byte) followed by the band's bytes; two signatures that share
    a key are near-duplicate candidates. Both back-ends index these keys, so they agree.
    """
    width = rows * 8
    return [bytes([b]) + signature[b * width : (b + 1) * width] for b in range(bands)]


class NearDuplicateIndex:
    """Find an indexed signature whose estimated Jaccard similarity reaches `threshold`."""

    def __init__(self, threshold: float, num_perm: int, capacity: int = 1024) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = lsh_bands(threshold, num_perm)
        self._signatures: NDArray[np.uint32] = np.empty((capacity, num_perm), dtype=np.uint32)
        self._keys: list[str] = []
        self._buckets: list[dict[int, int]] = [{} for _ in range(self.bands)]
        self._more: dict[tuple[int, int], list[int]] = {}
        """Further entries of a bucket that holds more than one (rare: near-duplicates)."""

    def __len__(self) -> int:
        return len(self._keys)

    def _band_hashes(self, signature: NDArray[np.uint32]) -> list[int]:
        rows = self.rows
        return [hash(signature[b * rows : (b + 1) * rows].tobytes()) for b in range(self.bands)]

    def _as_signature(self, hashvalues: NDArray[np.generic]) -> NDArray[np.uint32]:
        values = np.asarray(hashvalues)
        if values.shape != (self.num_perm,):
            raise ValueError(f"expected {self.num_perm} hash values, got {values.shape}")
        if values.dtype != np.uint32:
            if values.size and int(values.max()) > _MAX_HASH:
                raise ValueError("hash values must fit in 32 bits (datasketch MinHash values do)")
            values = values.astype(np.uint32)
        return values

    def match(self, hashvalues: NDArray[np.generic]) -> str | None:
        """Return the key of an indexed signature with Jaccard >= threshold, if any."""
        signature = self._as_signature(hashvalues)
        checked: set[int] = set()
        for band, value in enumerate(self._band_hashes(signature)):
            first = self._buckets[band].get(value)
            if first is None:
                continue
            for index in (first, *self._more.get((band, value), ())):
                if index in checked:
                    continue
                checked.add(index)
                equal = int(np.count_nonzero(self._signatures[index] == signature))
                if equal / self.num_perm >= self.threshold:
                    key: str = self._keys[index]
                    return key
        return None

    def add(self, key: str, hashvalues: NDArray[np.generic]) -> None:
        """Index the signature `hashvalues` under `key`."""
        signature = self._as_signature(hashvalues)
        index = len(self._keys)
        if index == len(self._signatures):
            grown = np.empty((2 * index, self.num_perm), dtype=np.uint32)
            grown[:index] = self._signatures
            self._signatures = grown
        self._signatures[index] = signature
        self._keys.append(key)
        for band, value in enumerate(self._band_hashes(signature)):
            bucket = self._buckets[band]
            if value in bucket:
                self._more.setdefault((band, value), []).append(index)
            else:
                bucket[value] = index

    def nbytes(self) -> int:
        """Return an estimate of the memory held (signatures, band slots, keys list)."""
        slots = sum(len(b) for b in self._buckets) * 100
        return int(self._signatures.nbytes) + slots + 8 * len(self._keys)
