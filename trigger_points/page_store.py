"""The files of earlier builds, kept in the cache folder by key, so no build renders a page twice.

A site's file is named by its key (`files.Keyed`): a digest of everything its
bytes depend on. Two builds that compute the same key write the same bytes, so
what one build rendered another can take, whatever folder either wrote: a
build into a new folder, a build after switching back to an earlier branch, a
CI job that keeps its cache. And a whole site is named by the digest of all its
inputs (`inputs.input_digest`): its manifest is kept too, so a build whose
inputs were built before needs neither the library nor a renderer.

A stored file is a hard link to the file the build wrote (a copy where the
cache folder is on another file system): keeping a site costs no second write
and, while the site is there, no second copy on disk. A build that takes it
copies it, so no two sites ever share a file. Its name carries the SHA-256 of
its bytes, and they are checked on every read, so a file edited in place in the
site that wrote it (which edits the stored one with it) is a miss, never a
wrong page. The store keeps the files of the SITES_KEPT builds used last, and fewer
while they take more than STORE_LIMIT bytes; nothing here changes a file's
times, which a site shares with its stored files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from trigger_points.cache import cache_folder, read_entry, write_entry

__all__ = ["SITES_KEPT", "STORE_LIMIT", "Store", "store_site", "stored_site"]

PAGES = "pages/2"
"""The sub-folder of built files, `<key>-<SHA-256 of the bytes>`; its number changes with that."""
SITES = "sites/2"
"""The sub-folder of builds' manifests (`files.MANIFEST`'s text), by the digest of their inputs."""
SITES_KEPT = 8
"""How many builds' files are kept: those of the builds used last."""
STORE_LIMIT = 256 * 2**20
"""The most bytes the kept files may take (counted whole, even while a site shares them)."""

_DIGEST = re.compile(r"[0-9a-f]{64}")
"""What a key must be to be stored: a SHA-256 (`inputs.digest`), never a name or a path."""


class Store:
    """The stored files, as one build sees them: the folder is listed once, when first asked."""

    def __init__(self) -> None:
        root = cache_folder()
        self.folder = None if root is None else root / PAGES
        self._names: dict[str, str] | None = None
        self._made = False

    def _stored(self, key: str) -> str | None:
        if self.folder is None or not _DIGEST.fullmatch(key):
            return None
        if self._names is None:
            self._names = {}
            with contextlib.suppress(OSError), os.scandir(self.folder) as listing:
                for entry in listing:
                    key_part, _, digest = entry.name.partition("-")
                    if _DIGEST.fullmatch(key_part) and _DIGEST.fullmatch(digest):
                        self._names[key_part] = entry.name
        return self._names.get(key)

    def take(self, key: str, target: Path) -> str | None:
        """Copy the stored file of `key` to `target`, its bytes checked; their digest, or None.

        A file whose bytes no longer match its name is removed.
        """
        name = self._stored(key)
        if name is None or self.folder is None:
            return None
        path = self.folder / name
        expected = name.partition("-")[2]
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != expected:
            with contextlib.suppress(OSError):
                path.unlink()  # edited in place through a site that shared it: useless now
            return None
        # A copy, never a link: two sites sharing a file would both change when one is
        # edited in place.
        target.write_bytes(data)
        return expected

    def keep(self, key: str, digest: str, written: Path) -> bool:
        """Keep the file a build wrote for `key`; whether a new file was stored."""
        if self.folder is None or not _DIGEST.fullmatch(key) or self._stored(key) is not None:
            return False
        name = f"{key}-{digest}"
        try:
            if not self._made:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._made = True
            try:
                os.link(written, self.folder / name, follow_symlinks=False)
            except FileExistsError:
                pass
            except OSError:
                temporary = self.folder / f".{name}.tmp"
                shutil.copyfile(written, temporary)
                temporary.replace(self.folder / name)
        except OSError:
            return False  # a read-only or full cache folder: the build goes on without it
        if self._names is not None:
            self._names[key] = name
        return True


def stored_site(inputs: str) -> bytes | None:
    """The manifest a build of these inputs wrote (`files.MANIFEST`'s text), or None."""
    if not _DIGEST.fullmatch(inputs):
        return None
    data = read_entry(SITES, inputs)
    root = cache_folder()
    if data is not None and root is not None:
        with contextlib.suppress(OSError):
            os.utime(root / SITES / inputs)  # used last: kept longest
    return data


def store_site(name: str, manifest: bytes) -> None:
    """Keep a build's manifest, named by the digest of its inputs (or of itself)."""
    if _DIGEST.fullmatch(name):
        write_entry(SITES, name, manifest)


def prune(limit: int = STORE_LIMIT) -> None:
    """Keep the files of the SITES_KEPT builds used last, fewer while they exceed `limit`.

    Call it after storing the current build's manifest, which is then the newest,
    and always kept.
    """
    root = cache_folder()
    if root is None:
        return
    sites = sorted(_entries(root / SITES), reverse=True)  # used last first
    for _, path in sites[SITES_KEPT:]:
        _remove(path)
    kept = [(path, set(_keys(path))) for _, path in sites[:SITES_KEPT]]
    files = {path.name.partition("-")[0]: path for _, path in _entries(root / PAGES)}
    sizes = {key: _size(path) for key, path in files.items()}
    while True:
        wanted = set().union(*(keys for _, keys in kept))
        if len(kept) <= 1 or sum(sizes[key] for key in wanted if key in sizes) <= limit:
            break
        _remove(kept.pop()[0])
    for key, path in files.items():
        if key not in wanted:
            _remove(path)


def _entries(folder: Path) -> list[tuple[float, Path]]:
    """The entries of `folder` as (last change, path); temporary files left out."""
    found = []
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in listing:
            if not entry.name.startswith("."):
                with contextlib.suppress(OSError):
                    found.append((entry.stat(follow_symlinks=False).st_mtime, Path(entry.path)))
    return found


def _keys(site: Path) -> Iterable[str]:
    """The keys a stored manifest lists; none for one that cannot be read."""
    data = read_entry(SITES, site.name)
    if data is None:
        return ()
    try:
        files = json.loads(data)["files"]
        return [str(key) for key, _ in files.values()]
    except (ValueError, KeyError, TypeError, AttributeError):
        return ()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
