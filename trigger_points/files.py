"""Writing output so that a failure never leaves a half-written file or folder behind.

A single file is written beside its target and renamed over it. A folder of
files (the site) is written into a staging folder beside the output and
swapped in with renames once every file is there; the old folder is kept
until the new one is in place. Paths come from our own page list, and each is
still checked to stay inside the folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

__all__ = ["MARKER", "BuildReport", "write_folder", "write_text_atomically"]

MARKER = ".trigger-points-site"
"""Written into every folder we build: we replace only a folder that holds it (or an empty one)."""


def write_text_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file, replacing the old file only when done.

    Raises IsADirectoryError when `path` is a folder, and OSError when it cannot be written.
    """
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        Path(temporary).chmod(0o644)  # mkstemp makes it private; output is meant to be shared
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class BuildReport:
    """What was written: the output folder, the number of files and their total size."""

    folder: Path
    files: int
    size: int


def _inside(root: Path, relative: PurePosixPath) -> Path:
    """The path of a file inside `root`; refuses any that would land outside it."""
    target = (root / relative).resolve()
    if (
        relative.is_absolute()
        or ".." in relative.parts
        or not target.is_relative_to(root.resolve())
    ):
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return target


def _check_replaceable(folder: Path) -> None:
    """Refuse to overwrite anything that is not a folder we built, so that nothing is lost."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder}: is a file, not a site folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise FileExistsError(
            f"{folder}: the folder is not empty and was not built by trigger-points; "
            "choose another folder or empty it first"
        )


def write_folder(files: Iterable[tuple[PurePosixPath, str]], folder: Path) -> BuildReport:
    """Write files into a new folder, then swap it in for `folder` in one rename.

    `folder` must be absent, empty, or a folder built before (it holds MARKER).
    If anything fails, the staging folder is removed and `folder` is untouched.
    Raises FileExistsError for a folder we may not replace, ValueError for a path
    that would leave it, and OSError for what the file system refuses.
    """
    folder = folder.resolve()
    _check_replaceable(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        count = size = 0
        for relative, text in [*files, (PurePosixPath(MARKER), "built by trigger-points\n")]:
            target = _inside(staging, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            target.write_bytes(data)
            count, size = count + 1, size + len(data)
        staging.chmod(0o755)
        _swap(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildReport(folder, count, size)


def _swap(staging: Path, folder: Path) -> None:
    """Put the staged folder where the old one was, keeping the old one until that worked."""
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    if not folder.exists():
        staging.rename(folder)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.previous-", dir=folder.parent))
    retired.rmdir()
    folder.rename(retired)
    try:
        staging.rename(folder)
    except BaseException:
        retired.rename(folder)
        raise
    shutil.rmtree(retired, ignore_errors=True)
