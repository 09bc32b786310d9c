"""Digests of what a built site depends on: our code, its libraries, the templates, the data.

The command compares `input_digest` with the one the last build recorded
(see `files.relink_folder`) to tell, before it loads anything, that nothing
changed. Each digest is made from file contents and relative names only,
never from times or absolute paths, so two clean builds of the same inputs
record the same digest wherever they ran. This module reads files and hashes
them; it must not import the model, the loader or any renderer.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from trigger_points.resources import bundled_path

__all__ = ["code_digest", "digest", "folder_digest", "input_digest"]

LIBRARIES = ("jinja2", "markupsafe", "svgwrite", "pydantic", "pydantic_core", "yaml")
"""The imported packages whose version can change what a build writes."""
DISTRIBUTIONS = ("jinja2", "markupsafe", "svgwrite", "pydantic", "pyyaml")
"""Their distributions' names, as the start of their `.dist-info` folders' lower-cased names."""
DATA_DEPTH = 2
"""How deep the loader reads a data folder: `muscles/x.yaml` and no deeper."""


def digest(*parts: str | bytes) -> str:
    """The SHA-256 of the parts, each length-prefixed so that no two lists of parts collide."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


@cache
def code_digest() -> str:
    """Our modules' source, Python's version and the versions of the libraries we render with.

    A changed module changes it, so a developer's rebuild never keeps a page
    that the old code rendered.
    """
    parts: list[str | bytes] = [sys.version]
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        parts += [path.name, path.read_bytes()]
    places: set[Path] = set()
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            parts.append(f"{name}: missing")
            continue
        places.add(Path(spec.origin).parent.parent)
        parts.append(name)
    for place in sorted(places):
        try:
            names = sorted(entry.name for entry in place.iterdir())
        except OSError:
            continue
        parts += [
            name
            for name in names
            if name.endswith(".dist-info") and name.lower().startswith(DISTRIBUTIONS)
        ]
    return digest(*parts)


def folder_digest(folder: Path, depth: int | None = None) -> str:
    """The relative names and contents of a folder's files, `depth` levels down at most.

    Names starting with a dot are left out, as the loader leaves them; links are followed.
    """
    parts: list[str | bytes] = []
    for root, folders, names in os.walk(folder, followlinks=True):
        here = Path(root).relative_to(folder)
        if depth is not None and len(here.parts) >= depth:
            folders.clear()
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = Path(root) / name
            try:
                parts += [(here / name).as_posix(), path.read_bytes()]
            except OSError as error:  # unreadable: the build will say so; differ from a file
                parts += [(here / name).as_posix(), f"unreadable: {error.errno}"]
    return digest(*parts)


def input_digest(data: Sequence[Path], templates: Path | None) -> str:
    """Everything a site built with `load_library(*data)` and `templates` depends on."""
    return digest(
        code_digest(),
        folder_digest(bundled_path("data"), DATA_DEPTH),
        *(_present(folder, DATA_DEPTH) for folder in data),
        folder_digest(bundled_path("templates")),
        "" if templates is None else _present(templates),
    )


def _present(folder: Path, depth: int | None = None) -> str:
    """A folder's digest, unlike any digest when it is missing: a build then fails, not relinks."""
    return folder_digest(folder, depth) if folder.is_dir() else "missing"
