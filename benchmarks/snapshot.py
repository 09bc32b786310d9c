"""Write every output the library makes into one folder, and compare two such folders.

A refactoring must not change what users get. Run `write` before and after a
change and `compare` the two trees: every differing, missing or extra file is
listed, and the exit status is 1 if there is any.

Run: python benchmarks/snapshot.py write OUT
     python benchmarks/snapshot.py compare BEFORE AFTER

Only the command and the public API are used, so the script runs unchanged on
both sides of a refactoring. What it covers: the site, the JSON export and
schemas, `list`, `show` of every id, the map of every muscle and trigger
point in every view, side and frame, the region charts, every sheet and
handout, guide queries in text and JSON, and what `validate` prints for each
broken data folder of the test corpus.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Iterator
from pathlib import Path

import trigger_points as tp
from trigger_points.cli import main

HERE = Path(__file__).resolve().parent
BROKEN = HERE.parent / "tests" / "broken"
VIEWS = ("posterior", "anterior", "lateral", "auto")
GUIDE_QUERIES = (
    ("sacroiliac:right", "buttock_lower:right"),
    ("lateral_thigh:right", "lateral_leg:right"),
    ("coccyx",),
    ("sacrum",),
    ("groin:left", "anterior_thigh:left"),
    ("iliac_crest:right", "iliac_crest:left", "lumbar_lower:right"),
    ("lower_abdomen:right",),
    ("posterior_thigh_upper:left", "popliteal:left", "calf:left"),
)


def _run(out: Path, name: str, *argv: str) -> None:
    """Run the command, keeping what it wrote to stdout and stderr (and `-o`) under `name`."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        status = main([*argv, "-o", str(out / name)] if _takes_output(argv) else list(argv))
    text = f"exit {status}\n--- stdout\n{stdout.getvalue()}--- stderr\n{stderr.getvalue()}"
    (out / f"{name}.run").write_text(text, encoding="utf-8")


def _takes_output(argv: tuple[str, ...]) -> bool:
    return argv[0] not in {"validate", "build"}


def _map_requests(library: tp.Library) -> Iterator[tuple[str, list[str]]]:
    for muscle in library.muscles:
        targets = [muscle.id, *(point.id for point in muscle.trigger_points)]
        for target in targets:
            for view in VIEWS:
                for side in ("right", "left"):
                    for frame in ("whole", "focus"):
                        name = f"map-{target}-{view}-{side}-{frame}.svg"
                        yield name, [target, "--view", view, "--side", side, "--frame", frame]
    together = [muscle.id for muscle in library.muscles[:3]]
    yield "map-three-muscles.svg", together


def write(out: Path) -> int:
    """Write every output into `out`, which must not exist yet."""
    out.mkdir(parents=True)
    library = tp.load_library()
    _run(out, "build", "build", str(out / "site"))
    _run(out, "export.json", "export")
    _run(out, "list.txt", "list")
    for name in ("muscle", "body", "regions", "sources", "conditions", "guidance"):
        _run(out, f"schema-{name}.json", "schema", name)
    ids = [
        *(muscle.id for muscle in library.muscles),
        *(point.id for muscle in library.muscles for point in muscle.trigger_points),
        *(region.id for region in library.regions),
        *(condition.id for condition in library.conditions),
        *(source.id for source in library.sources),
        "sacroiliac:right",
        "no_such_id",
    ]
    for identifier in ids:
        _run(out, f"show-{identifier}.txt", "show", identifier)
    for name, argv in _map_requests(library):
        _run(out, name, "map", *argv)
    for view in ("posterior", "anterior", "lateral"):
        _run(out, f"regions-{view}.svg", "regions", "--view", view)
    _run(out, "regions-all.svg", "regions")
    for muscle in library.muscles:
        _run(out, f"sheet-{muscle.id}.html", "sheet", muscle.id)
        for audience in ("patient", "student"):
            _run(
                out,
                f"handout-{muscle.id}-{audience}.html",
                "handout",
                muscle.id,
                "--audience",
                audience,
            )
    _run(out, "handout-all.html", "handout", *(muscle.id for muscle in library.muscles))
    for number, query in enumerate(GUIDE_QUERIES):
        _run(out, f"guide-{number}.txt", "guide", *query)
        _run(out, f"guide-{number}-limit.txt", "guide", *query, "--limit", "3")
        _run(out, f"guide-{number}.json", "guide", *query, "--format", "json")
    _run(out, "guide-bad.txt", "guide", "sacrum:left")
    for folder in sorted(BROKEN.iterdir()):
        if folder.is_dir():
            shown = str(folder.relative_to(Path.cwd()))
            _run(out, f"validate-{folder.name}.txt", "validate", shown)
    return 0


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not path.name.endswith("build.run")
    }


def compare(before: Path, after: Path) -> int:
    """List every file that differs, is missing or is new; 1 if any does."""
    old, new = _files(before), _files(after)
    differing = sorted(name for name in old.keys() & new.keys() if old[name] != new[name])
    missing = sorted(old.keys() - new.keys())
    added = sorted(new.keys() - old.keys())
    for label, names in (("differs", differing), ("missing", missing), ("new", added)):
        for name in names:
            print(f"{label}: {name}")
    same = len(old.keys() & new.keys()) - len(differing)
    print(f"{same} identical, {len(differing)} differ, {len(missing)} missing, {len(added)} new")
    return 1 if differing or missing or added else 0


def run(argv: list[str]) -> int:
    """Parse the arguments and run `write` or `compare`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    verbs = parser.add_subparsers(dest="verb", required=True)
    write_verb = verbs.add_parser("write")
    write_verb.add_argument("out", type=Path)
    compare_verb = verbs.add_parser("compare")
    compare_verb.add_argument("before", type=Path)
    compare_verb.add_argument("after", type=Path)
    arguments = parser.parse_args(argv)
    if arguments.verb == "write":
        return write(arguments.out)
    return compare(arguments.before, arguments.after)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
