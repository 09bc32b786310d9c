"""Shared fixtures: the bundled library, loaded once; and the `--fuzz-long` option.

The caches (`trigger_points/cache.py`) go to a temporary folder of the test run's
own, never to the user's cache folder: set here, before anything is loaded, and
inherited by every command a test runs.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest
from hypothesis import settings

from trigger_points.cache import CACHE_FOLDER_VARIABLE, CACHE_VARIABLE
from trigger_points.library import Library, load_library

# No deadline: a property holds or fails whatever the machine's load; how fast things are is
# the benchmarks' business (benchmarks/), never a unit test's.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

TEST_CACHE = tempfile.mkdtemp(prefix="trigger_points_test_cache_")
os.environ[CACHE_FOLDER_VARIABLE] = TEST_CACHE
os.environ.pop(CACHE_VARIABLE, None)  # the caches on, as users have them, unless a test says
atexit.register(shutil.rmtree, TEST_CACHE, ignore_errors=True)


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
