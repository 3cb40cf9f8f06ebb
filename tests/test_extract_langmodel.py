"""The language model cache: the arrays py3langid's own loader gives, decompressed once."""

from __future__ import annotations

from array import array
from typing import TYPE_CHECKING

import numpy as np
import pytest
from py3langid.langid import MODEL_DIR, MODEL_FILE
from py3langid.modelio import load_model as py3langid_load_model

from newscrawl.extract import langmodel

if TYPE_CHECKING:
    from pathlib import Path

MODEL = MODEL_DIR / MODEL_FILE


@pytest.fixture(scope="module")
def reference() -> tuple[object, ...]:
    return tuple(py3langid_load_model(MODEL))


def assert_same_model(got: tuple[object, ...], want: tuple[object, ...]) -> None:
    ptc, pc, classes, nextmove, row, output = got
    w_ptc, w_pc, w_classes, w_nextmove, w_row, w_output = want
    assert isinstance(ptc, np.ndarray)
    assert ptc.dtype == w_ptc.dtype  # type: ignore[attr-defined]
    assert np.array_equal(ptc, w_ptc)  # type: ignore[arg-type]
    assert np.array_equal(pc, w_pc)  # type: ignore[arg-type]
    assert classes == w_classes
    assert isinstance(nextmove, array)
    assert isinstance(row, array)
    assert nextmove.typecode == w_nextmove.typecode  # type: ignore[attr-defined]
    assert nextmove == w_nextmove
    assert row == w_row
    assert output == w_output


def test_first_load_writes_the_cache_and_the_second_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[object, ...]
) -> None:
    monkeypatch.setenv("NEWSCRAWL_CACHE_DIR", str(tmp_path))
    assert_same_model(langmodel.load_model(MODEL), reference)
    folders = list((tmp_path / "langid").iterdir())
    assert len(folders) == 1
    assert (folders[0] / "complete").exists()

    def no_decompression(path: Path) -> None:
        raise AssertionError("the cached copy should have been read")

    monkeypatch.setattr(langmodel, "_decompress", no_decompression)
    assert_same_model(langmodel.load_model(MODEL), reference)


def test_an_unwritable_cache_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[object, ...]
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory would be")
    monkeypatch.setenv("NEWSCRAWL_CACHE_DIR", str(blocker))
    assert_same_model(langmodel.load_model(MODEL), reference)


def test_an_incomplete_copy_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: tuple[object, ...]
) -> None:
    monkeypatch.setenv("NEWSCRAWL_CACHE_DIR", str(tmp_path))
    langmodel.load_model(MODEL)
    (folder,) = (tmp_path / "langid").iterdir()
    (folder / "complete").unlink()
    (folder / "ptc.npy").write_bytes(b"truncated by a crash")
    assert_same_model(langmodel.load_model(MODEL), reference)
    assert (folder / "complete").exists()  # the copy was written again
    assert np.array_equal(np.load(folder / "ptc.npy"), reference[0])  # type: ignore[arg-type]


def test_a_copy_another_process_completed_first_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSCRAWL_CACHE_DIR", str(tmp_path))
    langmodel.load_model(MODEL)
    (folder,) = (tmp_path / "langid").iterdir()
    marker = (folder / "complete").stat().st_mtime_ns
    arrays = {name: np.load(folder / f"{name}.npy") for name in langmodel._ARRAYS}
    langmodel._write(folder, arrays)  # a second writer that lost the race
    assert (folder / "complete").stat().st_mtime_ns == marker  # the first copy stays
    assert [p.name for p in (tmp_path / "langid").iterdir()] == [folder.name]  # no leftovers
