"""Shared fixtures: the bundled library, loaded once."""

from __future__ import annotations

import pytest

from trigger_points.library import Library, load_library


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


pytest_plugins = ["browser"]
