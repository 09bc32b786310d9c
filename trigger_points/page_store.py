"""The files of earlier builds, kept in the cache folder by key, so no build renders a page twice.

A site's file is named by its key (`files.Keyed`): a digest of everything its
bytes depend on. Two builds that compute the same key write the same bytes, so
what one build rendered another can take, whatever folder either wrote: a
build into a new folder, a build after switching back to an earlier branch, a
CI job that keeps its cache. And a whole site is named by the digest of all its
inputs (`inputs.input_digest`): its list of files and keys is kept too, so a
build whose inputs were built before needs neither the library nor a renderer.

Entries go through `cache.py`, which checks each one's bytes against their
digest on every read, so a damaged entry is a miss, never a wrong page. The
store is kept under STORE_LIMIT bytes: after a build that added to it, the
entries used least recently are removed first (a read marks an entry used), and
never one the build that prunes has just used.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Collection
from pathlib import Path

from trigger_points.cache import cache_folder, read_entry, write_entry

__all__ = ["STORE_LIMIT", "prune", "store", "store_site", "stored", "stored_site"]

PAGES = "pages/1"
"""The sub-folder of rendered files; its number changes if what an entry holds ever does."""
SITES = "sites/1"
"""The sub-folder of whole sites' manifests, by the digest of their inputs."""
STORE_LIMIT = 256 * 2**20
"""The most bytes the stored files may take: a few builds of a large library."""
SITES_KEPT = 32
"""How many sites' manifests are kept (each is a few kilobytes per hundred files)."""


_DIGEST = re.compile(r"[0-9a-f]{64}")
"""What a key must be to be stored: a SHA-256 (`inputs.digest`), never a name or a path."""


def stored(key: str) -> bytes | None:
    """The bytes a build wrote for `key`, or None: none kept, caches off, or damaged."""
    return _read(PAGES, key)


def store(key: str, data: bytes) -> None:
    """Keep `data` as the bytes of `key`; silently nothing when the cache cannot be written."""
    _write(PAGES, key, data)


def stored_site(inputs: str) -> bytes | None:
    """The manifest a build of these inputs wrote (`files.MANIFEST`'s text), or None."""
    return _read(SITES, inputs)


def store_site(inputs: str, manifest: bytes) -> None:
    """Keep the manifest of a site built from `inputs`."""
    _write(SITES, inputs, manifest)


def _read(kind: str, key: str) -> bytes | None:
    """An entry, marked used; None for a key that is no digest (it was never stored)."""
    if not _DIGEST.fullmatch(key):
        return None
    data = read_entry(kind, key)
    if data is not None:
        _mark_used(kind, key)
    return data


def _write(kind: str, key: str, data: bytes) -> None:
    if _DIGEST.fullmatch(key):
        write_entry(kind, key, data)


def prune(used: Collection[str], limit: int = STORE_LIMIT) -> None:
    """Bring the store under `limit` bytes and SITES_KEPT manifests, least recently used first.

    `used` holds the keys of the build that prunes: they stay whatever their age.
    """
    folder = cache_folder()
    if folder is None:
        return
    pages = _entries(folder / PAGES)
    total = sum(size for _, size, _ in pages)
    for _, size, path in pages:
        if total <= limit:
            break
        if path.name not in used and _removed(path):
            total -= size
    sites = _entries(folder / SITES)
    for _, _, path in sites[: max(0, len(sites) - SITES_KEPT)]:
        _removed(path)


def _entries(folder: Path) -> list[tuple[float, int, Path]]:
    """The entries of `folder` as (last use, size, path), least recently used first."""
    entries = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                with contextlib.suppress(OSError):
                    if entry.is_file(follow_symlinks=False) and not entry.name.startswith("."):
                        status = entry.stat(follow_symlinks=False)
                        entries.append((status.st_mtime, status.st_size, Path(entry.path)))
    except OSError:
        return []
    return sorted(entries, key=lambda entry: (entry[0], entry[2].name))


def _removed(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


def _mark_used(kind: str, key: str) -> None:
    """Touch an entry, so that pruning sees it as recently used."""
    folder = cache_folder()
    if folder is not None:
        with contextlib.suppress(OSError):
            os.utime(folder / kind / key)
