"""Writing output so that a failure never leaves a half-written file or folder behind.

A single file is written beside its target and renamed over it. What is not a
plain file is never replaced: a device or a FIFO (`/dev/null`, `/dev/stdout`,
a named pipe) is written into, a symlink is followed to its target, a
read-only file is refused, and nothing is made or renamed under `/dev` or
`/proc`.

A folder of files (the site) is written into a staging folder beside the
output and swapped in with renames once every file is there; the old folder is
kept until the new one is in place. Whatever the user added to the old folder
(`.git/`, `CNAME`: every file the last build did not write, as its marker file
lists them) is carried into the new one. A lock file beside the folder makes a
second build into it wait, and each build first puts back a site that a crash
between the two renames left under its temporary name and removes what dead
builds left. Paths come from our own page list, and each is still checked to
stay inside the folder. Errors name the output, never a temporary path.

Files are written into the staging folder as they come, so a caller that
renders them one by one (a generator) never holds the whole site in memory. A
file given as a `Keyed` carries a key: a digest of everything its bytes
depend on. The manifest (MANIFEST) records each such file's key and the digest
of its bytes; a rebuild whose file has the same key, and whose previous copy
still has the recorded bytes, hard-links (or copies) that copy into the
staging folder instead of rendering it again. A file found in neither is taken
from the store of earlier builds in the cache folder (`page_store`) when a
build rendered its key before, and rendered (and stored) otherwise. The swap
stays all-or-nothing.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import shutil
import stat
import string
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO, TypeVar

from trigger_points import page_store

__all__ = [
    "MANIFEST",
    "MARKER",
    "BuildReport",
    "Keyed",
    "relink_folder",
    "restore_folder",
    "write_all",
    "write_file",
    "write_folder",
    "write_text_file",
]

MARKER = ".trigger-points-site"
"""Written into every folder we build: we replace only a folder that holds it (or an empty one)."""

MANIFEST = ".trigger-points-manifest.json"
"""Beside MARKER: each keyed file's key and the digest of its bytes, for incremental rebuilds."""
MANIFEST_FORMAT = 1

_T = TypeVar("_T")


SYSTEM_FOLDERS = ("/dev", "/proc")
"""Where nothing is made or renamed: a path there is written into, as the shell's `>` does."""


def write_text_file(path: Path, text: str) -> None:
    """Write `text` as UTF-8 to `path` by the rules of `write_file`."""
    write_file(path, text.encode("utf-8"))  # text that cannot be written changes nothing


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path`, whatever is there, without destroying it.

    A new path or a regular file is written beside it and renamed over it only
    when done (a replaced file keeps its permissions). A character device or a
    FIFO, and any path under /dev or /proc, is opened and written into. A
    symlink is followed: its target gets the data by the same rules.
    Raises IsADirectoryError for a folder, PermissionError for a read-only file,
    and OSError for a block device, a socket, or what cannot be written; every
    error names `path`, never a temporary file.
    """
    try:
        mode: int | None = path.stat().st_mode
    except FileNotFoundError:
        mode = None  # a new path, or a symlink to one: made below
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        kind = "block device" if stat.S_ISBLK(mode) else "socket or other special file"
        raise OSError(errno.EINVAL, f"is a {kind}; refusing to write to it", str(path))
    if (
        mode is not None
        and stat.S_ISREG(mode)
        and (not mode & 0o222 or not os.access(path, os.W_OK))
    ):
        # Checked on the mode too: root may write anything, but a file nobody may
        # write was made read-only on purpose.
        raise PermissionError(errno.EACCES, "is read-only; refusing to replace it", str(path))
    if (mode is not None and not stat.S_ISREG(mode)) or _in_system_folder(path):
        _write_into(path, data)
    else:
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        _replace(target, data, None if mode is None else stat.S_IMODE(mode), shown=path)


def write_all(stream: BinaryIO, data: bytes) -> None:
    """Write every byte of `data` to `stream`, or raise.

    A buffered write can stop short and say so only in its count (a pipe whose
    reader went away, a disk that filled up); the next write raises the error.
    """
    rest = memoryview(data)
    while rest:
        written = stream.write(rest)
        if not written:
            raise OSError(errno.EIO, "the write stopped short")
        rest = rest[written:]
    stream.flush()


def _in_system_folder(path: Path) -> bool:
    places = [path.absolute(), path.resolve()]
    return any(place.is_relative_to(folder) for place in places for folder in SYSTEM_FOLDERS)


def _write_into(path: Path, data: bytes) -> None:
    """Open `path` (following links) and write into it: no temporary file, no rename."""
    try:
        with path.open("wb") as stream:  # a FIFO waits here for its reader
            write_all(stream, data)
    except OSError as error:
        raise _renamed(error, lambda name: str(path)) from None


def _replace(target: Path, data: bytes, mode: int | None, *, shown: Path) -> None:
    """Write `data` beside `target` and rename it over `target`; errors name `shown`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    except OSError as error:
        raise _renamed(error, lambda name: str(shown)) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            write_all(stream, data)
        # mkstemp makes a private file; output is meant to be shared, a replaced file
        # keeps its own permissions.
        Path(temporary).chmod(0o644 if mode is None else mode)
        Path(temporary).replace(target)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _renamed(error, lambda name: str(shown)) from None
        raise


def _renamed(error: OSError, show: Callable[[str | None], str | None]) -> OSError:
    """The same error with its file names passed through `show` (a missing one too)."""
    if error.errno is None:
        return error  # raised with a message of our own, which names what it means
    first, second = (
        None if name is None else os.fsdecode(name) for name in (error.filename, error.filename2)
    )
    return type(error)(error.errno, error.strerror, show(first), None, second and show(second))


@dataclass(frozen=True)
class BuildReport:
    """What was written: the output folder, the number of files and their total size.

    [`build_site`][trigger_points.site.build_site] returns one, and `trigger-points build`
    prints it; a rebuild says how many files it took unchanged from the old site.

    Examples:
        >>> from pathlib import Path
        >>> report = tp.BuildReport(Path("site"), files=120, size=4_200_000, reused=118)
        >>> f"{report.files} files, {report.size / 1e6:.1f} MB, {report.reused} reused"
        '120 files, 4.2 MB, 118 reused'

    """

    folder: Path
    """The folder the site is in, once swapped in."""
    files: int
    """How many files the site holds."""
    size: int
    """Their total size, in bytes."""
    kept: int = 0
    """Files and folders of the old site that no build wrote, carried into the new one."""
    leftover: Path | None = None
    """The old site, when it could not be removed after the swap (the next build tries again)."""
    reused: int = 0
    """Files taken unchanged from the old site (their key and bytes matched), not rendered."""
    cached: int = 0
    """Files taken from the cache folder's store of earlier builds (`page_store`), not rendered."""


@dataclass(frozen=True)
class Keyed:
    """A file rendered only when the old site has no copy made from the same inputs.

    `key` must change whenever the file's bytes could: a digest of everything
    they depend on. `render` is called only when the file is written.
    """

    path: PurePosixPath
    key: str
    render: Callable[[], str | bytes]
    """The file's text (written as UTF-8), or its bytes (an image)."""


Entry = tuple[PurePosixPath, str] | Keyed
"""What `write_folder` takes: a path and its text, or a `Keyed` file."""


def _inside(root: Path, relative: PurePosixPath) -> Path:
    """The path of a file inside `root`; refuses any that would land outside it.

    Checked on the path's text: `root` is the fresh staging folder (resolved
    once), which holds nothing but what we made, so no link can lead out of it.
    """
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"refusing to write outside the output folder: {relative}")
    return root.joinpath(*relative.parts)


def _check_replaceable(folder: Path) -> None:
    """Refuse to overwrite anything that is not a folder we built, so that nothing is lost."""
    if folder.exists() and not folder.is_dir():
        raise FileExistsError(f"{folder}: is a file, not a site folder")
    if folder.is_dir() and any(folder.iterdir()) and not (folder / MARKER).is_file():
        raise FileExistsError(
            f"{folder}: the folder is not empty and was not built by trigger-points; "
            "choose another folder or empty it first"
        )


def write_folder(
    files: Iterable[Entry],
    folder: Path,
    *,
    incremental: bool = True,
    inputs: str | None = None,
) -> BuildReport:
    """Write files into a new folder, then swap it in for `folder` with renames.

    `files` is consumed one at a time, each written before the next is asked
    for. A `Keyed` file whose key and bytes the old site's manifest records is
    linked from the old site instead of rendered, unless `incremental` is
    false. `inputs`, a digest of everything the whole site depends on, is kept
    in the manifest for `relink_folder`.
    `folder` must be absent, empty, or a folder built before (it holds MARKER).
    Every file and folder of the old site that no build wrote is carried over.
    A build into the same folder from another process waits for this one.
    If anything fails, the staging folder is removed and `folder` is untouched.
    Raises FileExistsError for a folder we may not replace, ValueError for a path
    that would leave it, and OSError for what the file system refuses (naming
    `folder` or a file inside it, never a temporary path).
    """
    return _locked(folder, lambda resolved: _build(files, resolved, incremental, inputs))


def relink_folder(folder: Path, inputs: str) -> BuildReport | None:
    """Build `folder` again from its own files when its manifest was made from `inputs`.

    Nothing is rendered: every file the manifest lists is linked into a new
    folder and swapped in as `write_folder` does. Returns None, changing
    nothing, when the manifest records other inputs, or a file is missing or
    no longer holds the bytes it was written with.
    """

    def relink(resolved: Path) -> BuildReport | None:
        manifest = _read_manifest(resolved)
        if manifest is None or manifest[0] != inputs:
            return None
        files = manifest[1]
        if not all(_unchanged(resolved / path, digest) for path, (_, digest) in files.items()):
            return None
        entries = [Keyed(PurePosixPath(path), key, _never) for path, (key, _) in files.items()]
        return _build(entries, resolved, True, inputs, trusted=True)

    return _locked(folder, relink)


def _never() -> str:
    raise AssertionError("a relinked file is never rendered")


def restore_folder(folder: Path, inputs: str) -> BuildReport | None:
    """Build `folder` from the store of earlier builds, when a build of `inputs` was kept there.

    Nothing is loaded or rendered: every file of that build comes from the
    cache folder (`page_store`), or is linked from `folder` when it is there
    unchanged, and the folder is swapped in as `write_folder` does. Returns None,
    changing nothing, when no build of these inputs was kept, or one of its files
    no longer is (pruned, damaged, caches off).
    """
    text = page_store.stored_site(inputs)
    manifest = None if text is None else _parsed_manifest(text)
    if manifest is None or manifest[0] != inputs:
        return None
    entries = [
        Keyed(PurePosixPath(path), key, _missing_from_store)
        for path, (key, _) in manifest[1].items()
    ]
    try:
        return write_folder(entries, folder, inputs=inputs)
    except _NotStoredError:
        return None


class _NotStoredError(Exception):
    """A file of a stored build is no longer in the store: the build starts again, rendering."""


def _missing_from_store() -> str:
    raise _NotStoredError


def _locked(folder: Path, work: Callable[[Path], _T]) -> _T:
    folder = folder.resolve()
    _check_replaceable(folder)  # before anything is made beside it
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with _lock(folder):
            _recover(folder)
            _check_replaceable(folder)
            return work(folder)
    except OSError as error:
        raise _renamed(error, lambda name: _shown(name, folder)) from None


def _build(
    files: Iterable[Entry],
    folder: Path,
    incremental: bool,
    inputs: str | None,
    *,
    trusted: bool = False,
) -> BuildReport:
    made_before = _made_by_last_build(folder)
    manifest = _read_manifest(folder) if incremental else None
    previous = {} if manifest is None else manifest[1]
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        writer = _Staging(staging)
        store = page_store.Store()
        written: list[str] = []
        recorded: dict[str, tuple[str, str]] = {}
        size = reused = cached = 0
        unkeyed = stored = False
        for entry in files:
            if isinstance(entry, Keyed):
                name = entry.path.as_posix()
                old = previous.get(name)
                if old is not None and old[0] == entry.key:
                    linked = writer.link(folder, entry.path, old[1], trusted=trusted)
                    if linked is not None:
                        size += linked
                        reused += 1
                        recorded[name] = old
                        written.append(name)
                        continue
                target = writer.target(entry.path)
                digest = store.take(entry.key, target) if incremental else None
                if digest is not None:
                    cached += 1
                    size += os.lstat(target).st_size
                else:
                    rendered = entry.render()
                    data = rendered if isinstance(rendered, bytes) else rendered.encode("utf-8")
                    digest = hashlib.sha256(data).hexdigest()
                    size += writer.write(entry.path, data)
                    stored = store.keep(entry.key, digest, target) or stored
                recorded[name] = (entry.key, digest)
            else:
                relative, text = entry
                name = relative.as_posix()
                size += writer.write(relative, text.encode("utf-8"))
                unkeyed = True
            written.append(name)
        listing = _manifest_text(inputs, recorded)
        if recorded:
            size += writer.write(PurePosixPath(MANIFEST), listing)
        size += writer.write(PurePosixPath(MARKER), _marker_text(written).encode("utf-8"))
        kept = 0
        if folder.is_dir():
            if made_before is None:  # built before the marker listed its files
                made_before = _made_by_an_unlisted_build(folder, written)
            kept = _carry_over(folder, staging, made_before | set(written) | {MANIFEST})
        staging.chmod(stat.S_IMODE(folder.stat().st_mode) if folder.is_dir() else 0o755)
        leftover = _swap(staging, folder)
    except BaseException:
        _remove(staging)
        raise
    if recorded and not unkeyed:
        # Named by its inputs, a later build of them finds it; by itself, it keeps its files.
        page_store.store_site(inputs or hashlib.sha256(listing).hexdigest(), listing)
        if stored:
            page_store.prune()
    count = len(written) + 1 + (1 if recorded else 0)
    return BuildReport(folder, count, size, kept, leftover, reused, cached)


class _Staging:
    """The staging folder being filled: each folder in it is made once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folders: set[Path] = {root}

    def target(self, relative: PurePosixPath) -> Path:
        """Where a file goes in the staging folder, its folder made."""
        target = _inside(self.root, relative)
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.update(target.parents)
        return target

    def write(self, relative: PurePosixPath, data: bytes) -> int:
        with self.target(relative).open("wb") as stream:
            write_all(stream, data)
        return len(data)

    def link(self, old: Path, relative: PurePosixPath, digest: str, *, trusted: bool) -> int | None:
        """Link the old site's copy of a file in; None when it is gone or its bytes changed.

        `trusted`: the caller has just checked the bytes, under the same lock.
        """
        source = _inside(old, relative)
        if not trusted and not _unchanged(source, digest):
            return None
        target = self.target(relative)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            shutil.copyfile(source, target, follow_symlinks=False)
        return os.lstat(target).st_size


def _unchanged(path: Path, digest: str) -> bool:
    """Whether `path` is a plain file (not a link) holding bytes of this SHA-256 digest.

    A page edited by hand, or replaced by a link, is rendered again.
    """
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return False
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest() == digest
    except OSError:
        return False


def _manifest_text(inputs: str | None, files: dict[str, tuple[str, str]]) -> bytes:
    """The manifest: a function of the keys and bytes only, so a clean build writes the same."""
    data = {
        "format": MANIFEST_FORMAT,
        "inputs": inputs,
        "files": {path: list(files[path]) for path in sorted(files)},
    }
    return (json.dumps(data, indent=0, sort_keys=True) + "\n").encode("utf-8")


def _read_manifest(folder: Path) -> tuple[str | None, dict[str, tuple[str, str]]] | None:
    """The inputs and the files a folder's manifest records; None for none or a damaged one."""
    try:
        text = (folder / MANIFEST).read_bytes()
    except OSError:
        return None
    return _parsed_manifest(text)


def _parsed_manifest(text: bytes) -> tuple[str | None, dict[str, tuple[str, str]]] | None:
    """A manifest's inputs and files; None for a damaged one."""
    try:
        data = json.loads(text)
        if data["format"] != MANIFEST_FORMAT:
            return None
        inputs = data["inputs"]
        files = {
            str(path): (str(key), str(digest)) for path, (key, digest) in data["files"].items()
        }
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    if inputs is not None and not isinstance(inputs, str):
        return None
    return inputs, files


MARKER_HEADING = "# A rebuild replaces the files listed below and keeps every other file here."


def _marker_text(written: Iterable[str]) -> str:
    """The marker: who built the folder, and which files the build wrote."""
    return "\n".join(["built by trigger-points", MARKER_HEADING, *sorted(set(written)), ""])


def _made_by_last_build(folder: Path) -> frozenset[str] | None:
    """The files the last build wrote, as its marker lists them; None when it lists none."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if MARKER_HEADING not in lines:
        return None
    return frozenset(line for line in lines[1:] if line and not line.startswith("#"))


def _made_by_an_unlisted_build(folder: Path, written: Iterable[str]) -> frozenset[str]:
    """For a site whose marker lists no files: whatever lies under a name this build writes.

    `.git/`, `CNAME` and any other name of the user's own at the top are kept.
    """
    tops = {PurePosixPath(path).parts[0] for path in written}
    found: set[str] = set()
    for root, _, names in os.walk(folder):
        here = Path(root).relative_to(folder)
        found.update((here / name).as_posix() for name in names)
    return frozenset(path for path in found if PurePosixPath(path).parts[0] in tops)


def _carry_over(old: Path, new: Path, made: frozenset[str] | set[str]) -> int:
    """Link into `new` every file and folder of `old` that no build made; returns how many.

    A path the new build wrote wins over the user's file of the same name.
    """
    ours = made | {str(parent) for path in made for parent in PurePosixPath(path).parents}
    kept = 0
    for root, folders, names in os.walk(old):
        here = Path(root).relative_to(old)
        theirs = [name for name in [*folders, *names] if (here / name).as_posix() not in ours]
        folders[:] = [name for name in folders if name not in theirs]  # descend into ours only
        for name in theirs:
            destination = new / here / name
            if os.path.lexists(destination):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            _carry(Path(root) / name, destination)
            kept += 1
    return kept


def _carry(source: Path, destination: Path) -> None:
    """Hard-link `source` (a whole folder, file by file) to `destination`; copy if refused.

    A link costs no space or time, and the old site keeps its bytes until the swap.
    """
    mode = os.lstat(source).st_mode
    if stat.S_ISDIR(mode):
        destination.mkdir()
        for entry in source.iterdir():
            _carry(entry, destination / entry.name)
        shutil.copystat(source, destination)
        return
    try:
        os.link(source, destination, follow_symlinks=False)
    except OSError:
        if stat.S_ISLNK(mode):
            destination.symlink_to(source.readlink())
        elif stat.S_ISREG(mode):
            shutil.copy2(source, destination)
        else:
            raise


def _swap(staging: Path, folder: Path) -> Path | None:
    """Put the staged folder where the old one was, keeping the old one until that worked.

    Returns the old folder's temporary path when it could not be removed.
    """
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    if not folder.exists():
        staging.rename(folder)
        return None
    retired = Path(tempfile.mkdtemp(prefix=f".{folder.name}.previous-", dir=folder.parent))
    retired.rmdir()
    folder.rename(retired)
    try:
        staging.rename(folder)
    except BaseException:
        retired.rename(folder)
        raise
    return None if _remove(retired) else retired


def _remove(folder: Path) -> bool:
    """Remove a folder of ours, its read-only folders too; False if it is still there."""
    try:
        shutil.rmtree(folder)
        return True
    except FileNotFoundError:
        return True
    except OSError:
        pass
    try:  # a read-only folder's entries cannot be removed: make the folders writable first
        folder.chmod(0o700)
        for root, folders, _ in os.walk(folder):
            for name in folders:
                if not (Path(root) / name).is_symlink():  # never change what a link points to
                    (Path(root) / name).chmod(0o700)
        shutil.rmtree(folder)
    except OSError:
        return not os.path.lexists(folder)
    return True


TEMPORARY_KINDS = ("building", "previous")
"""`.NAME.building-XXXXXXXX` is a build being written; `.NAME.previous-XXXXXXXX` an old site."""
_TEMPORARY_LETTERS = frozenset(string.ascii_lowercase + string.digits + "_")  # as mkdtemp's


def _temporaries(folder: Path, kind: str) -> list[Path]:
    prefix = f".{folder.name}.{kind}-"
    return [
        entry
        for entry in folder.parent.iterdir()
        if entry.name.startswith(prefix)
        and len(entry.name) == len(prefix) + 8
        and set(entry.name[len(prefix) :]) <= _TEMPORARY_LETTERS
        and entry.is_dir()
        and not entry.is_symlink()
    ]


def _recover(folder: Path) -> None:
    """Put back a site that a crash left under its temporary name; remove what dead builds left.

    A crash between the swap's two renames leaves the old site as
    `.NAME.previous-*` and no NAME: the newest such site (it holds MARKER)
    becomes NAME again. Runs under the lock, so no live build owns these folders.
    """
    previous = [p for p in _temporaries(folder, "previous") if (p / MARKER).is_file()]
    if not os.path.lexists(folder) and previous:
        newest = max(previous, key=lambda p: p.stat().st_mtime)
        newest.rename(folder)
        previous.remove(newest)
    for stray in [*_temporaries(folder, "building"), *previous]:
        _remove(stray)  # one that stays is tried again by the next build


@contextmanager
def _lock(folder: Path) -> Iterator[None]:
    """Hold the lock of builds into `folder` (`.NAME.lock` beside it); a second build waits.

    The lock file is removed while still held: a build waiting on the removed file
    notices, and takes the lock on a new one.
    """
    path = folder.parent / f".{folder.name}.lock"
    while True:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            held, current = os.fstat(handle), path.stat()
        except FileNotFoundError:
            os.close(handle)
            continue
        except BaseException:
            os.close(handle)
            raise
        if (held.st_dev, held.st_ino) == (current.st_dev, current.st_ino):
            break
        os.close(handle)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        os.close(handle)


def _shown(name: str | None, folder: Path) -> str:
    """A path as the user knows it: OUT or a file inside it, never our temporaries beside it."""
    if name is None:
        return str(folder)
    try:
        first, *rest = Path(name).relative_to(folder.parent).parts
    except ValueError:
        return name
    kind = first.removeprefix(f".{folder.name}.")
    temporary = kind == "lock" or kind.startswith(tuple(f"{k}-" for k in TEMPORARY_KINDS))
    if kind != first and temporary:
        return str(folder.joinpath(*rest))
    return name
