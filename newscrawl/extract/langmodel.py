"""The language identifier's model, decompressed once per machine instead of once per crawl.

py3langid ships its model as an LZMA-compressed npz (4.5 MB that hold 68 MB of arrays):
decompressing it cost about 0.35 s of CPU in every crawl (in the worker pool's fork server), a
tenth of a millisecond per article of a 3,000-page crawl. `load_model` returns what py3langid's
own loader returns, from plain ``.npy`` copies of the arrays kept in a cache directory after
the first load (read back in a few hundredths of a second, mapped, so the page cache shares them).

The directory is ``$NEWSCRAWL_CACHE_DIR/langid``, else ``$XDG_CACHE_HOME/newscrawl/langid``,
else ``~/.cache/newscrawl/langid``; one subdirectory per model file (named after its size,
modification time and py3langid's version). A cache that cannot be written or read is no
error: the model is then decompressed as py3langid does it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shutil
import tempfile
from array import array
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
"""The arrays of py3langid's model file (`py3langid.modelio.save_model`)."""
_TYPECODES = {2: "H", 4: "I", 8: "L"}


def cache_root() -> Path:
    """Return the directory the decompressed models are kept in."""
    explicit = os.environ.get("NEWSCRAWL_CACHE_DIR")
    if explicit:
        return Path(explicit) / "langid"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "newscrawl" / "langid"


def load_model(path: Path) -> tuple[Any, ...]:
    """Return ``(ptc, pc, classes, nextmove, nextmove_row, out_feat)`` of the model at `path`.

    The same values as ``py3langid.modelio.load_model(path)``.
    """
    try:
        stat = path.stat()
        key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{version('py3langid')}"
    except OSError:
        key = None
    folder = cache_root() / hashlib.sha1(key.encode()).hexdigest()[:16] if key else None
    arrays = _read(folder) if folder is not None else None
    if arrays is None:
        arrays = _decompress(path)
        if folder is not None:
            _write(folder, arrays)
    return (
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        _as_array(arrays["nextmove"]),
        _as_array(arrays["nextmove_row"]),
        arrays["out_feat"].tolist(),
    )


def _decompress(path: Path) -> dict[str, Any]:
    from py3langid.modelio import load_model as decompress_model

    ptc, pc, classes, nextmove, row, out_feat = decompress_model(path)
    return {
        "ptc": np.asarray(ptc),
        "pc": np.asarray(pc),
        "classes": np.array(classes),
        "nextmove": np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode)),
        "nextmove_row": np.frombuffer(row, dtype=np.dtype(row.typecode)),
        "out_feat": np.asarray(out_feat, dtype=np.int32),
    }


def _read(folder: Path) -> dict[str, Any] | None:
    """Return the cached arrays of `folder`, or None when there is no complete copy."""
    if not (folder / "complete").exists():
        return None
    try:
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    except (OSError, ValueError) as exc:
        logger.debug("language model cache %s unreadable: %s", folder, exc)
        return None


def _write(folder: Path, arrays: dict[str, Any]) -> None:
    """Store `arrays` under `folder`, all or nothing (a temporary folder renamed into place)."""
    temporary: str | None = None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = tempfile.mkdtemp(prefix=".partial-", dir=folder.parent)
        for name in _ARRAYS:
            np.save(Path(temporary) / f"{name}.npy", arrays[name], allow_pickle=False)
        (Path(temporary) / "complete").touch()
        if (folder / "complete").exists():  # another process wrote it meanwhile
            return
        if folder.exists():  # an incomplete copy (a crash while writing): replaced
            shutil.rmtree(folder)
        Path(temporary).rename(folder)
        temporary = None
    except OSError as exc:  # read-only home, full disk, another process won the rename
        logger.debug("language model not cached in %s: %s", folder, exc)
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(temporary)


def _as_array(values: Any) -> array[int]:
    """Return an unsigned numpy array as the stdlib array py3langid's walk indexes."""
    out: array[int] = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out
