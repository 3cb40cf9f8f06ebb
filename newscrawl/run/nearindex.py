"""Near-duplicates: MinHash signatures of bodies, their LSH band keys, an in-memory index.

`body_minhash` is the MinHash of a body's word shingles; the run state stores its hash values as
bytes (`signature_bytes`) indexed by LSH band keys (`lsh_keys`), with the bands and rows that
datasketch picks for a threshold (`lsh_bands`).

Both are computed here with numpy, bit for bit as datasketch 2 computes them (``MinHash`` with
its default ``affine32`` scheme and seed, ``MinHashLSH``'s optimal parameters; the tests compare
them with datasketch): importing datasketch brings scipy into the crawl process (``datasketch``
→ ``datasketch.lsh`` → ``scipy.integrate``), about 0.5 s of CPU and 60 MB, for one integral.

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
import hashlib
import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

_MAX_HASH = (1 << 32) - 1
_WORD_RE = re.compile(r"\w+")
_SEED = 1
"""datasketch's default seed: the permutations, hence the signatures, are those of
``MinHash(num_perm)``."""


def body_minhash(body: str, num_perm: int, shingle_size: int) -> NDArray[np.uint32]:
    """Return the MinHash hash values of the word shingles of `body` (lower-cased).

    The values of ``datasketch.MinHash(num_perm)`` updated with the same shingles: each shingle
    hashed with the first 4 bytes of its SHA-1 (little-endian), mixed with the MurmurHash3
    finalizer, then permuted by ``a * h + b`` modulo 2**32 for each of the `num_perm` pairs.
    """
    words = _WORD_RE.findall(body.lower())
    n = max(1, min(shingle_size, len(words)))
    shingles = {" ".join(words[i : i + n]).encode("utf-8") for i in range(len(words) - n + 1)}
    if not shingles:
        return np.full(num_perm, _MAX_HASH, dtype=np.uint32)
    digests = b"".join(hashlib.sha1(shingle).digest()[:4] for shingle in shingles)
    hashes = _fmix32(np.frombuffer(digests, dtype="<u4").astype(np.uint32)).reshape(-1, 1)
    a, b = _permutations(num_perm)
    values: NDArray[np.uint32] = (hashes * a + b).min(axis=0)
    return values


def _fmix32(values: NDArray[np.uint32]) -> NDArray[np.uint32]:
    """Return the MurmurHash3 32-bit finalizer of each value (wrapping uint32 arithmetic)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


@functools.lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[NDArray[np.uint32], NDArray[np.uint32]]:
    """Return the `num_perm` (a, b) pairs of the permutations, drawn once (a odd)."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


@functools.lru_cache(maxsize=8)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """Return (bands, rows) of the LSH index for Jaccard `threshold`, as datasketch picks them.

    The pair minimising the sum of the false-positive area (the chance that two bodies of
    similarity s below `threshold` share a band, ``1 - (1 - s**r)**b``, integrated over
    s in [0, threshold]) and the false-negative area (``(1 - s**r)**b`` over [threshold, 1]),
    with equal weights, as ``MinHashLSH(threshold, num_perm)``. The integrands are polynomials
    of degree ``b * r <= num_perm``, which Gauss-Legendre quadrature with
    ``num_perm // 2 + 1`` nodes integrates exactly.
    """
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    below = (nodes + 1) * threshold / 2
    above = threshold + (nodes + 1) * (1 - threshold) / 2
    best, choice = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = threshold / 2 * float(weights @ (1 - (1 - below**rows) ** bands))
            false_negative = (1 - threshold) / 2 * float(weights @ ((1 - above**rows) ** bands))
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best:
                best, choice = error, (bands, rows)
    return choice


def signature_bytes(hashvalues: NDArray[np.generic]) -> bytes:
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
