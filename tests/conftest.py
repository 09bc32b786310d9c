"""Shared fixtures: the bundled library, loaded once; and the `--fuzz-long` option."""

from __future__ import annotations

import pytest
from hypothesis import settings

from trigger_points.library import Library, load_library

# No deadline: a property holds or fails whatever the machine's load; how fast things are is
# the benchmarks' business (benchmarks/), never a unit test's.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-long",
        action="store_true",
        default=False,
        help="fuzz the data files with 10,000 cases instead of the quick 60 (tests/test_fuzz.py)",
    )


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


pytest_plugins = ["browser"]
