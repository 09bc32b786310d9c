"""The on-disk caches: entries of bytes kept in the user's cache folder, none of them required.

What is cached costs more than it takes to read back on every run, and never
changes what comes out: parsed data files (`loader.py` keys them on the
SHA-256 of the file's bytes and of its own source), compiled templates
(jinja2's bytecode cache, which checks each template's source before using
its code), the geometry checks' measures (`checks.py`: overlaps keyed on a
view's shapes, what fits inside the body keyed on its outline) and the pages
of earlier builds (`page_store.py`).

The folder is the user's cache folder, as `platformdirs` finds it on each
system (`~/.cache/trigger_points` on Linux), or the folder the environment
variable TRIGGER_POINTS_CACHE_DIR names; TRIGGER_POINTS_CACHE=off turns every
cache off. The folder may be deleted at any time.

A cache never makes a run fail: an entry that is missing, unreadable, cut short
or altered is a miss (each carries the SHA-256 of its payload), and a folder
that cannot be written is simply not written. Entries are written whole, to a
temporary file renamed into place, so a reader in another process never sees
half of one. This module knows folders and bytes; what the bytes mean is its
callers'.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

__all__ = [
    "CACHE_FOLDER_VARIABLE",
    "CACHE_VARIABLE",
    "cache_folder",
    "cache_subfolder",
    "read_entry",
    "write_entry",
]

CACHE_VARIABLE = "TRIGGER_POINTS_CACHE"
"""`TRIGGER_POINTS_CACHE=off` (or `0`, `false`, `no`) turns every cache off."""
CACHE_FOLDER_VARIABLE = "TRIGGER_POINTS_CACHE_DIR"
"""A folder to keep the caches in instead of the user's cache folder."""

_OFF = frozenset({"off", "0", "false", "no"})
_MAGIC = b"trigger_points cache 1\n"
_DIGEST = hashlib.sha256().digest_size


def cache_folder() -> Path | None:
    """The folder the caches live in, or None when TRIGGER_POINTS_CACHE turns them off.

    Read from the environment on every call, so that a test (or a program) can
    move or turn off the caches while running.
    """
    if os.environ.get(CACHE_VARIABLE, "").strip().lower() in _OFF:
        return None
    given = os.environ.get(CACHE_FOLDER_VARIABLE)
    if given:
        return Path(given)
    from platformdirs import user_cache_dir  # only when needed: it costs an import

    return Path(user_cache_dir("trigger_points", appauthor=False))


def cache_subfolder(kind: str) -> Path | None:
    """The sub-folder `kind` of the cache folder, made if missing; None when off or unwritable."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        (folder / kind).mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / kind


def _entry_path(kind: str, key: str) -> Path | None:
    folder = cache_folder()
    return None if folder is None else folder / kind / key


def read_entry(kind: str, key: str) -> bytes | None:
    """The payload stored under `kind/key`, or None: off, missing, unreadable or not intact."""
    path = _entry_path(kind, key)
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(_MAGIC) + _DIGEST
    if not data.startswith(_MAGIC) or len(data) < header:
        return None
    payload = data[header:]
    if hashlib.sha256(payload).digest() != data[len(_MAGIC) : header]:
        return None
    return payload


def write_entry(kind: str, key: str, payload: bytes) -> None:
    """Store `payload` under `kind/key`, whole or not at all; never raises for the file system.

    `kind` may name sub-folders (`yaml/<version>`); they are made as needed.
    """
    path = _entry_path(kind, key)
    if path is None:
        return
    data = _MAGIC + hashlib.sha256(payload).digest() + payload
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:16]}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
        temporary = None
    except OSError:
        pass  # a full disk or a read-only home: the run goes on without the cache
    finally:
        if temporary is not None:
            _remove(temporary)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        Path(path).unlink()
