"""An in-memory near-duplicate index of MinHash signatures with a known, small size per entry.

datasketch's `MinHashLSH` plus a dict of `MinHash` objects costs about 4 KB per article
(a set per LSH bucket, bytes keys, each MinHash carrying its own permutation arrays): 200 MB
for a 50,000-article crawl. This index keeps, per article, the signature as 128 uint32 values
in one growing array (512 bytes) and one integer slot per LSH band (about 100 bytes each), and
finds the same candidates: two signatures are candidates when one band's values are equal,
and near-duplicates when the share of equal values reaches the threshold (as
`MinHash.jaccard`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from newscrawl.state.base import lsh_bands

if TYPE_CHECKING:
    from numpy.typing import NDArray

_MAX_HASH = (1 << 32) - 1


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
