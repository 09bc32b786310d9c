"""Writing one output file: all of it or none of it, never a half-written file or a stray one."""

from __future__ import annotations

from pathlib import Path

import pytest

from trigger_points.files import write_text_atomically


def test_a_file_is_written_whole_and_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "new" / "map.svg"
    write_text_atomically(target, "<svg/>\n")
    assert target.read_text(encoding="utf-8") == "<svg/>\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in target.parent.iterdir()) == ["map.svg"]


def test_a_folder_is_not_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "index.html").write_text("keep me")
    with pytest.raises(IsADirectoryError, match="is a folder, not a file"):
        write_text_atomically(folder, "text")
    assert (folder / "index.html").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_mid_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "sheet.html"
    target.write_text("old", encoding="utf-8")
    # Text that cannot be encoded as UTF-8 fails inside the write, after the temporary
    # file was made beside the target.
    with pytest.raises(UnicodeEncodeError):
        write_text_atomically(target, "new text, then a lone surrogate: \ud800")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sheet.html"]
