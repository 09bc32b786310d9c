"""`trigger-points validate`: what it loads to say whether the data is valid, and no more."""

from __future__ import annotations

import json
import subprocess
import sys

NOT_NEEDED = (
    "jinja2",
    "svgwrite",
    *(
        f"trigger_points.{name}"
        for name in ("guide", "dermatomes", "maps", "figure", "html", "site", "schema", "export")
    ),
)
"""What ranks, draws, renders or exports: validating reads and checks, and needs none of it."""

VALIDATE = """
import contextlib, io, json, sys
from trigger_points.cli import main
with contextlib.redirect_stdout(io.StringIO()) as printed:
    status = main(["validate"])
loaded = [name for name in json.loads(sys.argv[1]) if name in sys.modules]
print(json.dumps([status, printed.getvalue(), loaded]))
"""


def test_validate_imports_nothing_that_ranks_draws_or_renders() -> None:
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE, json.dumps(NOT_NEEDED)],
        capture_output=True,
        text=True,
        check=True,
    )
    status, printed, loaded = json.loads(result.stdout)
    assert (status, loaded) == (0, [])
    assert printed.startswith("ok: ")
