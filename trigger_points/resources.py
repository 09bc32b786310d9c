"""Where the bundled data and templates live, decided in this one place.

A wheel carries them inside the package (`trigger_points/_bundled/`, placed
there by hatchling's force-include); an editable install or a checkout reads
them from the repository's top level, where authors edit them.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["bundled_path"]


def bundled_path(name: str) -> Path:
    """The folder `data` or `templates` that ships with the package."""
    packaged = Path(str(files("trigger_points"))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"the bundled {name!r} folder is missing from this installation")
