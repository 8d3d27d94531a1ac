"""The model cache never passes off a cut-short copy as a model."""
import shutil

import pytest

from scripts import model_cache


def test_a_copy_cut_short_leaves_no_model(tmp_path, monkeypatch):
    source, target = tmp_path / "a.tar.gz", tmp_path / "cache" / "a.tar.gz"
    source.write_bytes(b"x" * 1000)
    target.parent.mkdir()

    def copy_half(src, dst):
        with open(dst, "wb") as out:
            out.write(open(src, "rb").read()[:500])
        raise OSError("disk full")

    monkeypatch.setattr(shutil, "copy2", copy_half)
    with pytest.raises(OSError):
        model_cache.copy_atomically(source, target)
    assert not target.exists()


def test_a_whole_copy_is_in_place(tmp_path):
    source, target = tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"
    source.write_bytes(b"model" * 100)
    model_cache.copy_atomically(source, target)
    assert target.read_bytes() == source.read_bytes()
    assert not list(tmp_path.glob("*.partial"))
