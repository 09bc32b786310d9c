"""Shared fixtures: the bundled library, loaded once; and the `--fuzz-long` option."""

from __future__ import annotations

import pytest

from trigger_points.library import Library, load_library


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
