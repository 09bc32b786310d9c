"""The `trigger-points` command: parses arguments and calls the library, nothing more.

Output goes to stdout unless `-o` names a file. A user's mistake is never a
traceback: bad data prints `file:line:col: field: message` lines to stderr
(the first PRINTED_PROBLEMS of them, then how many more) and exits 1, and so
does an error in a template, as `template error: FILE:LINE: message`; bad
usage (an unknown id, a missing folder) and what the file system refuses exit
2. When the reader of stdout goes away (`| head`), the command stops quietly
with EXIT_BROKEN_PIPE, as a program killed by SIGPIPE would.

Each verb imports what it renders with only when it runs: `validate`, `list`,
`show` and `guide` never import jinja2, svgwrite or the renderers, which
would cost them more than their work.

Adding a verb: one function `_<verb>(arguments) -> int` and one parser block
in `build_parser`, before `return parser`. The conventions come with one line
each:

- help: `verbs.add_parser(name, help=..., description=..., epilog=_examples(...))`
  makes a `_Parser`, whose formatter shows each default worth showing and keeps
  the examples' layout (a test reads every verb's help for all three);
- `parents=[data, output, templates, text_or_json]` for `--data` (with
  TRIGGER_POINTS_DATA), `-o`, `--templates` and `--format text|json`;
- ids a person types: `resolve(library, text, kinds)` or `resolve_all(...)`
  from `trigger_points.lookup` (id, name, alias, any case, unique beginning);
- a page or a picture: `_refuse_terminal(arguments, "HTML")` first, so that
  it is never written into a terminal without `-o`;
- text: `_width(arguments)` is the width to fold it to; JSON: `_print_json`;
- completion: `_completes(action, "file" | "dir" | ("muscles", ...))`.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import stat
import sys
import textwrap
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trigger_points.errors import (
    AmbiguousIdError,
    DataError,
    NotShownError,
    UnknownIdError,
    one_line,
)
from trigger_points.files import (
    MANIFEST,
    BuildReport,
    relink_folder,
    restore_folder,
    write_all,
    write_text_file,
)
from trigger_points.inputs import input_digest
from trigger_points.words import (
    AUDIENCES,
    NOT_A_DIAGNOSIS,
    REPORT_MUSCLES,
    SCHEMA_NAMES,
    SIDES,
    VIEW_NAMES,
)

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from trigger_points.guide import MuscleCandidate, Ranking
    from trigger_points.library import Library
    from trigger_points.model import Region

__all__ = [
    "DATA_VARIABLE",
    "EXIT_BAD_DATA",
    "EXIT_BAD_USAGE",
    "EXIT_BROKEN_PIPE",
    "EXIT_OK",
    "PRINTED_PROBLEMS",
    "build_parser",
    "main",
]

EXIT_OK, EXIT_BAD_DATA, EXIT_BAD_USAGE = 0, 1, 2
EXIT_BROKEN_PIPE = 128 + 13
"""The status of a program killed by SIGPIPE (13), which shells report for `cmd | head`."""
PRINTED_PROBLEMS = 200
"""Problems printed at most; the rest are counted (`DataError.problems` holds them all)."""
STDOUT = "<stdout>"
"""How an error names standard output, which has no file name."""


def _emit(text: str, output: Path | None) -> None:
    """Write UTF-8 to `output` or stdout, whatever the terminal's encoding (our HTML says UTF-8)."""
    if output is None:
        _say(text, end="")
    else:
        write_text_file(output, text)


def _say(text: str, *, end: str = "\n") -> None:
    """Print to stdout as UTF-8 bytes, whatever the terminal's encoding.

    A path that is not UTF-8 keeps its own bytes. An error names STDOUT.
    """
    try:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # stdout replaced by a text stream (redirect_stdout)
            sys.stdout.write(text + end)
        else:
            write_all(buffer, (text + end).encode("utf-8", "surrogateescape"))
    except OSError as error:
        raise type(error)(error.errno, error.strerror, STDOUT) from None


class _UsageError(Exception):
    """A mistake in how the command was called, said in one line; exit EXIT_BAD_USAGE."""


DATA_VARIABLE = "TRIGGER_POINTS_DATA"
"""The environment variable naming your data folders (os.pathsep between them), used
when a verb is given no `--data` (and by `validate` given no folder)."""


def _environment_entries() -> list[Path]:
    """The paths DATA_VARIABLE names, in order, empty entries skipped; not yet checked."""
    entries = os.environ.get(DATA_VARIABLE, "").split(os.pathsep)
    return [Path(entry) for entry in entries if entry]


def _environment_folders() -> list[Path]:
    """The folders DATA_VARIABLE names, in order; empty entries are skipped.

    A folder that is not there is a usage error naming the variable, so that the
    user looks in the right place.
    """
    folders = _environment_entries()
    for folder in folders:
        if not folder.is_dir():
            raise _UsageError(f"{DATA_VARIABLE} names {folder}, which is not a folder")
    return folders


def _library(arguments: argparse.Namespace) -> Library:
    """The library a verb works on, its objects left out of every later garbage collection.

    It lives as long as the command, and holds no cycles that collecting would free:
    frozen, a build of 1,000 muscles no longer walks it at each full collection.
    Only the command does this: a program importing the library keeps its collector.
    """
    from trigger_points.library import load_library

    library = load_library(*arguments.data)
    gc.freeze()
    return library


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced by an object without isatty, or closed
        return False


def _refuse_terminal(arguments: argparse.Namespace, what: str) -> None:
    """Stop a verb that writes `what` (SVG, HTML) before it writes it into a terminal.

    Without `-o`, and with stdout a terminal, the page would scroll past as markup;
    piped (`| cat > x.html`) or redirected it is written as asked.
    """
    if arguments.output is None and _stdout_is_terminal():
        raise _UsageError(
            f"{arguments.verb} writes {what}, which a terminal cannot show; give -o FILE, "
            f"or redirect or pipe it: trigger-points {arguments.verb} ... > "
            f"{arguments.verb}.{what.lower()}"
        )


def _width(arguments: argparse.Namespace) -> int:
    """The width to fold text to: the terminal's, `COLUMNS`, or READING_WIDTH for a file."""
    from trigger_points.terminal import fitted_width

    if getattr(arguments, "output", None) is not None:
        return fitted_width(to_file=True)
    terminal = None
    for stream in (sys.stdout, sys.stderr):  # piped to a pager, stderr is still the terminal
        try:
            number = stream.fileno()
        except (AttributeError, ValueError, OSError):
            continue
        if stream is sys.stdout and stat.S_ISREG(os.fstat(number).st_mode):
            return fitted_width(to_file=True)  # `> file.txt`: the same bytes as -o
        if os.isatty(number):
            terminal = number
            break
    return fitted_width(to_file=False, terminal_fd=terminal)


def _print_json(data: object, output: Path | None) -> None:
    """JSON as every verb writes it: UTF-8 as is, indented by 2, ending in a newline."""
    _emit(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)


def _validate(arguments: argparse.Namespace) -> int:
    from trigger_points.library import load_file, load_library

    folders = arguments.folders or _environment_folders()
    files = [path for path in folders if path.is_file()]
    if files and len(folders) > 1:
        raise _UsageError("validate one file alone, or folders")
    try:
        library = load_file(files[0]) if files else load_library(*folders)
    except DataError as error:
        if arguments.format != "json":
            raise
        problems = [dataclasses.asdict(problem) for problem in error.problems]
        _print_json({"ok": False, "folders": [str(f) for f in folders], "problems": problems}, None)
        return EXIT_BAD_DATA
    if arguments.format != "json":
        for warning in library.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    points = sum(len(muscle.trigger_points) for muscle in library.muscles)
    counts = {
        "muscles": len(library.muscles),
        "trigger_points": points,
        "regions": len(library.regions),
        "conditions": len(library.conditions),
        "sources": len(library.sources),
    }
    coverage = library.coverage() if arguments.verbose else {}
    if arguments.format == "json":
        data: dict[str, object] = {"ok": True, "folders": [str(f) for f in folders], **counts}
        data["warnings"] = [dataclasses.asdict(warning) for warning in library.warnings]
        if arguments.verbose:
            data["coverage"] = coverage
        _print_json(data, None)
        return EXIT_OK
    from trigger_points.terminal import fill

    width = _width(arguments)
    named = ", ".join(f"{count} {kind.replace('_', ' ')}" for kind, count in counts.items())
    given = ""
    if folders and not arguments.folders:
        given = f" (with {DATA_VARIABLE}: {', '.join(str(folder) for folder in folders)})"
    _say(fill(f"ok: {named}{given}", width))
    for view_id, share in coverage.items():
        measured = "not measured (no rib_10 landmark)" if share is None else f"{share:.1%}"
        line = f"  {view_id} view: regions cover {measured} of the body from rib 10 down"
        _say(fill(line, width))
    return EXIT_OK


def _list(arguments: argparse.Namespace) -> int:
    library = _library(arguments)
    if arguments.format == "json":
        from trigger_points.item_data import muscles_as_data

        _print_json(muscles_as_data(library), arguments.output)
        return EXIT_OK
    from trigger_points.terminal import list_muscles

    _emit(list_muscles(library, width=_width(arguments)), arguments.output)
    return EXIT_OK


def _show(arguments: argparse.Namespace) -> int:
    from trigger_points.lookup import resolve

    library = _library(arguments)
    item_id = resolve(library, arguments.id)
    if arguments.format == "json":
        from trigger_points.item_data import item_as_data

        _print_json(item_as_data(library, item_id), arguments.output)
        return EXIT_OK
    from trigger_points.terminal import show

    _emit(show(library, item_id, width=_width(arguments)), arguments.output)
    return EXIT_OK


def _ids(arguments: argparse.Namespace) -> int:
    """Every id of the kinds asked for, one a line: what shell completion offers."""
    library = _library(arguments)
    ids: list[str] = []
    for kind in arguments.kinds or ID_KINDS:
        if kind == "regions":
            for region in library.regions:
                sides = ("",) if region.laterality == "midline" else (":left", ":right")
                ids += [f"{region.id}{side}" for side in sides]
        else:
            ids += [item.id for item in getattr(library, ID_KINDS[kind])]
    _say("\n".join(ids))
    return EXIT_OK


ID_KINDS = {
    "muscles": "muscles",
    "points": "trigger_points",
    "roots": "nerve_roots",
    "regions": "regions",
    "conditions": "conditions",
    "sources": "sources",
}
"""The kinds `ids` lists, and the Library attribute that holds each."""


def _map(arguments: argparse.Namespace) -> int:
    from trigger_points.lookup import MAPPABLE, resolve_all
    from trigger_points.maps import render_map

    _refuse_terminal(arguments, "SVG")
    library = _library(arguments)
    svg = render_map(
        library,
        resolve_all(library, arguments.ids, MAPPABLE),
        view=arguments.view,
        side=arguments.side,
        frame=arguments.frame,
    )
    _emit(svg, arguments.output)
    return EXIT_OK


def _regions(arguments: argparse.Namespace) -> int:
    library = _library(arguments)
    if arguments.list is None and arguments.format == "svg":
        from trigger_points.charts import render_regions_chart

        _refuse_terminal(arguments, "SVG")
        _emit(render_regions_chart(library, arguments.view), arguments.output)
        return EXIT_OK
    from trigger_points.lookup import fold

    word = fold(arguments.list or "")
    regions = [
        region
        for region in library.regions
        if word in fold(f"{region.id} {region.label} {region.description or ''}")
        and (arguments.view is None or _drawn_in(library, region, arguments.view))
    ]
    if arguments.format == "json":
        from trigger_points.item_data import regions_as_data

        _print_json(regions_as_data(library, tuple(regions)), arguments.output)
        return EXIT_OK
    from trigger_points.terminal import list_regions

    _emit(list_regions(library, regions, width=_width(arguments)), arguments.output)
    return EXIT_OK


def _drawn_in(library: Library, region: Region, view: str) -> bool:
    from trigger_points.item_data import views_drawing

    return view in views_drawing(library, region)


def _sheet(arguments: argparse.Namespace) -> int:
    from trigger_points.html import render_sheet
    from trigger_points.lookup import resolve

    _refuse_terminal(arguments, "HTML")
    library = _library(arguments)
    muscle_id = resolve(library, arguments.id, ("muscle",))
    _emit(render_sheet(library, muscle_id, templates=arguments.templates), arguments.output)
    return EXIT_OK


def _handout(arguments: argparse.Namespace) -> int:
    from trigger_points.html import render_handout
    from trigger_points.lookup import resolve_all

    _refuse_terminal(arguments, "HTML")
    library = _library(arguments)
    muscle_ids = resolve_all(library, arguments.ids, ("muscle",))
    html = render_handout(
        library,
        muscle_ids,
        arguments.audience,
        templates=arguments.templates,
        side=arguments.side,
    )
    _emit(html, arguments.output)
    return EXIT_OK


def _build(arguments: argparse.Namespace) -> int:
    start = time.perf_counter()
    inputs = input_digest(arguments.data, arguments.templates)
    report: BuildReport | None = None
    if arguments.incremental and (arguments.folder / MANIFEST).is_file():
        # The same code, data and templates as the last build: its files are ours again.
        report = relink_folder(arguments.folder, inputs)
    if report is None and arguments.incremental:
        # Built from the same code, data and templates before, into any folder: take its files.
        report = restore_folder(arguments.folder, inputs)
    if report is None:
        from trigger_points.site import build_site  # only now: relinking needs no renderer

        report = build_site(
            _library(arguments),
            arguments.folder,
            templates=arguments.templates,
            incremental=arguments.incremental,
            inputs=inputs,
        )
    seconds = time.perf_counter() - start
    kept = f", kept {report.kept} of your own files and folders" if report.kept else ""
    taken = [
        f"{count} {what}"
        for count, what in ((report.reused, "unchanged"), (report.cached, "from the cache"))
        if count
    ]
    reused = f" ({', '.join(taken)})" if taken else ""
    _say(
        f"built {report.folder}: {report.files} files{reused}, {report.size / 1024:.0f} KB "
        f"in {seconds:.1f} s{kept}; open {report.folder / 'index.html'}"
    )
    if report.leftover is not None:
        print(
            f"trigger-points: warning: could not remove the previous site, {report.leftover}; "
            "the next build tries again, or remove it yourself",
            file=sys.stderr,
        )
    return EXIT_OK


def _guide(arguments: argparse.Namespace) -> int:
    from trigger_points.export import guide_as_data
    from trigger_points.lookup import resolve_all
    from trigger_points.terminal import format_guide

    library = _library(arguments)
    regions = resolve_all(library, arguments.regions, ("region",))
    candidates: Ranking | list[MuscleCandidate]
    if arguments.by == "muscle":
        candidates = library.guide_muscles(regions, limit=arguments.limit)
    else:
        candidates = library.guide(regions, limit=arguments.limit)
    dermatomes = library.dermatomes(regions)
    alerts = library.emergency_roots(regions)
    if arguments.format == "json":
        data = guide_as_data(library, regions, arguments.by, candidates, dermatomes, alerts)
        _print_json(data, arguments.output)
    else:
        text = format_guide(library, candidates, dermatomes, alerts, width=_width(arguments))
        _emit(text, arguments.output)
    return EXIT_OK


def _report(arguments: argparse.Namespace) -> int:
    from trigger_points.drawing import read_drawing
    from trigger_points.report import render_report, report_json

    if arguments.format == "html":
        _refuse_terminal(arguments, "HTML")
    library = _library(arguments)
    drawing = read_drawing(arguments.drawing, library)
    if arguments.format == "json":
        text = report_json(library, drawing, limit=arguments.limit)
    else:
        limit = arguments.limit or REPORT_MUSCLES
        text = render_report(library, drawing, templates=arguments.templates, limit=limit)
    _emit(text, arguments.output)
    return EXIT_OK


def _schema(arguments: argparse.Namespace) -> int:
    from trigger_points.schema import schema_text, write_schemas

    if arguments.write:
        for path in write_schemas(arguments.write):
            _say(str(path))
    else:
        _emit(schema_text(arguments.name), arguments.output)
    return EXIT_OK


def _export(arguments: argparse.Namespace) -> int:
    from trigger_points.export import export_json

    _emit(export_json(_library(arguments)), arguments.output)
    return EXIT_OK


def _deck(arguments: argparse.Namespace) -> int:
    library = _library(arguments)
    if arguments.format == "csv":
        from trigger_points.flashcards import flashcards, flashcards_csv

        _emit(flashcards_csv(flashcards(library)), arguments.output)
        return EXIT_OK
    if arguments.output is None:
        raise _UsageError("an Anki deck is a file: give -o FILE.apkg")
    from trigger_points.deck import write_deck

    report = write_deck(library, arguments.output)
    _say(
        f"wrote {report.path}: {report.notes} notes, {report.cards} cards, {report.media} maps, "
        f"{report.size / 1024:.0f} KB; import it in Anki (File > Import)"
    )
    return EXIT_OK


def _id_kind(text: str) -> str:
    """A kind of id `ids` lists (a type, not choices: argparse 3.11 checks `*`'s empty list)."""
    if text not in ID_KINDS:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(ID_KINDS)}, got {text!r}")
    return text


def _new(arguments: argparse.Namespace) -> int:
    from trigger_points.library import load_library
    from trigger_points.scaffold import new_condition, new_muscle, new_region

    layers = _environment_entries()  # `new` may make the top layer: it need not exist yet
    folder: Path = arguments.data or (layers[-1] if layers else Path())
    if arguments.kind == "region" and arguments.view is None:
        raise _UsageError("new region needs --view (posterior, anterior or lateral)")
    try:
        library = load_library(folder)
    except (DataError, FileNotFoundError):
        library = load_library()  # the ids to check against: ours, at least
    try:
        if arguments.kind == "muscle":
            written = new_muscle(library, folder, arguments.id, force=arguments.force)
        elif arguments.kind == "condition":
            written = new_condition(library, folder, arguments.id, force=arguments.force)
        else:
            written = new_region(
                library, folder, arguments.id, arguments.view, force=arguments.force
            )
    except ValueError as error:
        raise _UsageError(str(error)) from None
    for path in written:
        _say(str(path))
    _say(f"next: fill in the FILL IN texts, then: trigger-points validate {folder}")
    return EXIT_OK


def _positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


class _Version(argparse.Action):
    """`--version`: the installed version, looked up only when asked for.

    Looking it up reads the package's metadata, which every other run would pay for
    nothing.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        import trigger_points

        print(f"trigger-points {trigger_points.__version__}")
        parser.exit()


class _HelpFormatter(argparse.RawDescriptionHelpFormatter, argparse.ArgumentDefaultsHelpFormatter):
    """Help that keeps the examples' lines as written and shows each default worth showing.

    `(default: None)` and `(default: False)` say nothing (the option is off unless
    given), so only a default with a value is shown, and only where the help text
    does not already say it.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """Prose folded to the width; a block under a heading (`examples:`) kept as written."""
        paragraphs = []
        for paragraph in text.split("\n\n"):
            first, *rest = paragraph.splitlines() or [""]
            if first.endswith(":") or any(line.startswith(" ") for line in rest):
                paragraphs.append("\n".join(indent + line for line in paragraph.splitlines()))
            else:
                paragraphs.append(
                    textwrap.fill(
                        " ".join(paragraph.split()),
                        width,
                        initial_indent=indent,
                        subsequent_indent=indent,
                    )
                )
        return "\n\n".join(paragraphs)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default in (None, False, [], (), argparse.SUPPRESS) or "default" in (
            action.help or ""
        ):
            return action.help
        return super()._get_help_string(action)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help is made by _HelpFormatter, for the command and each verb."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """As argparse prints, except that a closed stdout is told (argparse ignores it).

        `main` then ends quietly with EXIT_BROKEN_PIPE, as for any other verb's output.
        """
        if message and file is sys.stdout:
            print(message, end="", flush=True)
        else:
            super()._print_message(message, file)


def _examples(*lines: str) -> str:
    """A verb's epilog: examples a user can copy, each a line of its own."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def _completes(action: argparse.Action, what: str | tuple[str, ...]) -> None:
    """Say what shell completion offers for an argument: "file", "dir", or kinds of ids."""
    action.completes = what  # type: ignore[attr-defined]  # read by _completion


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per verb.

    Each verb has a description, an example in its epilog, and help for every
    argument; `verbs.add_parser` makes a _Parser, so a new verb's help shows its
    defaults and keeps its example's layout without asking.
    """
    parser = _Parser(
        prog="trigger-points",
        description=f"Trigger points of the low back and hip. {NOT_A_DIAGNOSIS}",
        epilog=_examples(
            "trigger-points show piriformis",
            "trigger-points guide sacroiliac:right buttock_lower:right",
            "trigger-points sheet gluteus_medius -o gluteus_medius.html",
        )
        + f"""

Ids may be written as the id, a name or an alias, in any case, or a unique
beginning of one: `show pirif`, `show "Gluteus Medius"`.

environment:
  {DATA_VARIABLE}   your data folders ({os.pathsep!r} between them), used when no
                        --data is given, and by validate given no folder
  TRIGGER_POINTS_CACHE  `off` turns the caches off
  COLUMNS               the width to fold text to (default: the terminal's)

Run `trigger-points COMMAND --help` for a command's options and examples.""",
    )
    parser.add_argument("--version", action=_Version)
    verbs = parser.add_subparsers(
        dest="verb", required=True, metavar="COMMAND", parser_class=_Parser
    )
    data = _Parser(add_help=False)
    _completes(
        data.add_argument(
            "--data",
            action="append",
            default=[],
            type=Path,
            metavar="DIR",
            help="a folder of your own data, layered over the bundled data (repeatable; "
            f"default: the folders in {DATA_VARIABLE}, if set)",
        ),
        "dir",
    )
    output = _Parser(add_help=False)
    _completes(
        output.add_argument(
            "-o", "--output", type=Path, metavar="FILE", help="write here, not to stdout"
        ),
        "file",
    )
    text_or_json = _Parser(add_help=False)
    text_or_json.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (folded to the terminal's width), or JSON for programs",
    )

    validate = verbs.add_parser(
        "validate",
        parents=[text_or_json],
        help="check the bundled data and your folders, or one file of yours",
        description="Check the bundled data layered under your folders, or one data file "
        "with the bundled data, and report every problem at once as FILE:LINE:COL: field: "
        "message (exit status 1). Values still holding a skeleton's FILL IN text, and former "
        "ids, are warnings (exit status 0).",
        epilog=_examples(
            "trigger-points validate my_data",
            "trigger-points validate my_data/muscles/adductor_longus.yaml",
            "trigger-points validate -v",
        ),
    )
    _completes(
        validate.add_argument(
            "folders",
            nargs="*",
            type=Path,
            metavar="DIR|FILE",
            help=f"your data folders (default: those in {DATA_VARIABLE}, else none), or one "
            "data file (muscles/x.yaml), checked alone with the bundled data",
        ),
        "file",
    )
    validate.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say how much of each view's body (rib 10 to the soles) the regions cover",
    )
    validate.set_defaults(run=_validate)

    listing = verbs.add_parser(
        "list",
        parents=[data, output, text_or_json],
        help="list the muscles by group",
        description="Every muscle under its group, with its id and how many trigger points it has.",
        epilog=_examples("trigger-points list", "trigger-points list --format json"),
    )
    listing.set_defaults(run=_list)

    show_verb = verbs.add_parser(
        "show",
        parents=[data, output, text_or_json],
        help="describe a muscle or any id",
        description="Everything the library holds about a muscle, trigger point, region, "
        "condition, source or nerve root; as JSON, the item as the export writes it.",
        epilog=_examples(
            "trigger-points show piriformis",
            'trigger-points show "gluteus medius" --format json',
            "trigger-points show sacroiliac",
        ),
    )
    _completes(
        show_verb.add_argument(
            "id",
            metavar="ID",
            help="an id, a name or an alias (any case), or a unique beginning of one",
        ),
        tuple(ID_KINDS),
    )
    show_verb.set_defaults(run=_show)

    map_verb = verbs.add_parser(
        "map",
        parents=[data, output],
        help="the body map of muscles or trigger points (SVG)",
        description="The referral pattern of muscles, trigger points or nerve roots on the "
        "body, as SVG: essential zones solid, spillover stippled.",
        epilog=_examples(
            "trigger-points map piriformis -o piriformis.svg",
            "trigger-points map gluteus_medius.trp1 --view lateral --side left -o gm.svg",
        ),
    )
    _completes(
        map_verb.add_argument(
            "ids", nargs="+", metavar="ID", help="a muscle, trigger point or nerve root (l5)"
        ),
        ("muscles", "points", "roots"),
    )
    map_verb.add_argument(
        "--view",
        choices=[*VIEW_NAMES, "auto"],
        default="auto",
        help="one view, or auto: the fewest views that show it (render_map's default is "
        "posterior; default: auto)",
    )
    map_verb.add_argument("--side", choices=SIDES, default="right", help="the patient's side")
    map_verb.add_argument(
        "--frame", choices=["whole", "focus"], default="whole", help="whole body, or the pattern"
    )
    map_verb.set_defaults(run=_map)

    regions = verbs.add_parser(
        "regions",
        parents=[data, output],
        help="the regions: a labelled chart (SVG), or their ids (--list)",
        description="A numbered chart of every region with its key, as SVG; or, with --list "
        "or --format text|json, the region vocabulary: how each region is written (with its "
        "sides), its label, its group, the parts of a composite and the views it is drawn in.",
        epilog=_examples(
            "trigger-points regions --list",
            "trigger-points regions --list buttock",
            "trigger-points regions --format json",
            "trigger-points regions --view posterior -o regions.svg",
        ),
    )
    regions.add_argument(
        "--list",
        nargs="?",
        const="",
        default=None,
        metavar="WORD",
        help="list the regions instead of drawing them; with WORD, those whose id, label "
        "or description holds it (any case)",
    )
    regions.add_argument(
        "--format",
        choices=["svg", "text", "json"],
        default="svg",
        help="svg draws the chart; text or json list the regions (as --list does)",
    )
    regions.add_argument("--view", choices=VIEW_NAMES, default=None, help="one view (default: all)")
    regions.set_defaults(run=_regions)

    guide = verbs.add_parser(
        "guide",
        parents=[data, output],
        help="which trigger points may refer pain to these regions",
        description="The pain guide: the muscles (or trigger points) whose referral patterns "
        "best cover the painful regions, best first, each with its reasons; emergency "
        "questions first when the pain reaches the saddle.",
        epilog=_examples(
            "trigger-points guide sacroiliac:right buttock_lower:right",
            "trigger-points guide 'Sacrum' --by point --limit 5",
            "trigger-points guide coccyx --format json",
        ),
    )
    _completes(
        guide.add_argument(
            "regions",
            nargs="+",
            metavar="REGION",
            help="a painful region, with its side if it has one: sacroiliac:right, sacrum, "
            "... (ids, labels, any case, a unique beginning; see regions --list)",
        ),
        ("regions",),
    )
    guide.add_argument("--limit", type=_positive, default=None, metavar="N", help="the best N only")
    guide.add_argument(
        "--by",
        choices=["muscle", "point"],
        default="muscle",
        help="rank muscles, their points under them, or each trigger point alone",
    )
    guide.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (folded to the terminal's width), or JSON for programs",
    )
    guide.set_defaults(run=_guide)

    templates = _Parser(add_help=False)
    _completes(
        templates.add_argument(
            "--templates", type=Path, metavar="DIR", help="your templates, used before ours"
        ),
        "dir",
    )
    sheet = verbs.add_parser(
        "sheet",
        parents=[data, output, templates],
        help="a muscle's reference sheet (HTML)",
        description="A muscle's reference sheet as one HTML page: its maps, trigger points, "
        "needling and its hazards, self-care and sources.",
        epilog=_examples("trigger-points sheet piriformis -o piriformis.html"),
    )
    _completes(
        sheet.add_argument("id", metavar="ID", help="a muscle: its id, name or alias"),
        ("muscles",),
    )
    sheet.set_defaults(run=_sheet)

    handout = verbs.add_parser(
        "handout",
        parents=[data, output, templates],
        help="a printable handout (HTML)",
        description="A printable handout, one page a muscle, in the words of its audience.",
        epilog=_examples(
            "trigger-points handout piriformis -o piriformis-handout.html",
            "trigger-points handout ql gluteus_medius --audience student -o low-back.html",
            "trigger-points handout piriformis --side left -o piriformis-left.html",
        ),
    )
    _completes(
        handout.add_argument(
            "ids", nargs="+", metavar="ID", help="muscles (ids, names or aliases), one page each"
        ),
        ("muscles",),
    )
    handout.add_argument(
        "--audience", choices=list(AUDIENCES), default="patient", help="who reads it"
    )
    handout.add_argument(
        "--side",
        choices=SIDES,
        default="right",
        help="the patient's side the maps are drawn for and the words name",
    )
    handout.set_defaults(run=_handout)

    report = verbs.add_parser(
        "report",
        parents=[data, output, templates],
        help="the one-page report of a pain drawing (HTML), or its codes and ranking (JSON)",
        description="The one-page report of a pain drawing saved from the intake page: the "
        "drawing, its CHOIR and Michigan codes and the muscles that may explain it.",
        epilog=_examples(
            "trigger-points report drawing.json -o report.html",
            "trigger-points report drawing.json --format json",
        ),
    )
    _completes(
        report.add_argument(
            "drawing", type=Path, metavar="DRAWING", help="a saved pain drawing (.json)"
        ),
        "file",
    )
    report.add_argument(
        "--format", choices=["html", "json"], default="html", help="a page, or data"
    )
    report.add_argument(
        "--limit",
        type=_positive,
        default=None,
        metavar="N",
        help=f"the best N muscles only (HTML default: {REPORT_MUSCLES})",
    )
    report.set_defaults(run=_report)

    build = verbs.add_parser(
        "build",
        parents=[data, templates],
        help="build the static reference site",
        description="The static reference site: a page per muscle, trigger point and region, "
        "the pain guide, handouts and the intake drawing; it works offline. Only what "
        "changed since the last build is rendered again.",
        epilog=_examples("trigger-points build", "trigger-points build mysite --data my_data"),
    )
    _completes(
        build.add_argument(
            "folder",
            nargs="?",
            default=Path("site"),
            type=Path,
            metavar="OUT",
            help="the folder to build into",
        ),
        "dir",
    )
    build.add_argument(
        "--no-incremental",
        dest="incremental",
        action="store_false",
        help="render every page again, even those whose inputs did not change since the last build",
    )
    build.set_defaults(run=_build)

    schema = verbs.add_parser(
        "schema",
        parents=[output],
        help="print the JSON Schema of a data file",
        description="The JSON Schema of a kind of data file (or of a saved pain drawing), "
        "for editors that complete and check YAML.",
        epilog=_examples(
            "trigger-points schema muscle", "trigger-points schema --write my_data/schema"
        ),
    )
    schema.add_argument(
        "name", nargs="?", default="muscle", choices=SCHEMA_NAMES, help="which schema"
    )
    _completes(
        schema.add_argument(
            "--write", type=Path, metavar="DIR", help="write every schema into DIR"
        ),
        "dir",
    )
    schema.set_defaults(run=_schema)

    export = verbs.add_parser(
        "export",
        parents=[data, output],
        help="the whole library as JSON",
        description="The whole library as JSON, every list in a stable order: the same data "
        "gives the same bytes.",
        epilog=_examples("trigger-points export -o library.json"),
    )
    export.add_argument("--format", choices=["json"], default="json", help="the only format")
    export.set_defaults(run=_export)

    deck = verbs.add_parser(
        "deck",
        parents=[data, output],
        help="a study deck: Anki (.apkg) or CSV flashcards",
        description=(
            "Write a study deck: a note per trigger point (its map to the muscle and point, "
            "and back) and per muscle (nerve supply, actions, attachments), with sources. "
            "Notes keep their ids, so importing a newer deck updates the cards. A study aid, "
            "not a diagnosis."
        ),
        epilog=_examples(
            "trigger-points deck -o lowback.apkg",
            "trigger-points deck --format csv -o cards.csv",
        ),
    )
    deck.add_argument(
        "--format",
        choices=["apkg", "csv"],
        default="apkg",
        help="apkg: an Anki package with the maps (needs -o); csv: text-only cards (front, "
        "back, tags, guid) for other tools",
    )
    deck.set_defaults(run=_deck)

    completion = verbs.add_parser(
        "completion",
        help="print a shell completion script",
        description="A script that completes the commands, options, choices and ids "
        "(muscles, trigger points, regions, ...) in your shell. Load it from your shell's "
        "start-up file.",
        epilog=_examples(
            'eval "$(trigger-points completion bash)"          # in ~/.bashrc',
            "trigger-points completion zsh > ~/.zfunc/_trigger-points   # in $fpath",
        ),
    )
    completion.add_argument("shell", choices=["bash", "zsh"], help="your shell")
    completion.set_defaults(run=_completion)

    ids = verbs.add_parser("ids", parents=[data])  # no help: unlisted, for completion
    ids.add_argument("kinds", nargs="*", type=_id_kind, metavar="KIND", help="what to list")
    ids.set_defaults(run=_ids)

    new = verbs.add_parser(
        "new",
        help="write a valid, commented skeleton of a muscle, region or condition to fill in",
        description="Write a complete skeleton that validates as written: required fields hold "
        "FILL IN text (validate warns of each until it is replaced), optional ones are "
        "commented out. Also writes the JSON Schemas into DIR/schema/ when absent, for "
        "editors. A region is added to DIR/regions.yaml and its shape to "
        "DIR/body/VIEW.yaml, which adds to our view instead of copying it.",
        epilog=_examples(
            "trigger-points new muscle adductor_longus --data my_data",
            "trigger-points new region medial_knee --view anterior --data my_data",
        ),
    )
    new.add_argument("kind", choices=["muscle", "region", "condition"], help="what to add")
    new.add_argument("id", help="its id: lower-case letters, digits and underscores")
    new_data = new.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        default=None,
        help=f"the data folder to write into (default: the last in {DATA_VARIABLE}, else the "
        "current folder)",
    )
    new.add_argument(
        "--view", choices=VIEW_NAMES, help="the view to draw a region in (required for a region)"
    )
    new.add_argument(
        "--force",
        action="store_true",
        help="replace an existing file, or reuse an id the bundled data has (default: refuse)",
    )
    _completes(new_data, "dir")
    new.set_defaults(run=_new)
    return parser


def _completion(arguments: argparse.Namespace) -> int:
    """The completion script of `arguments.shell`, made by shtab from the parser itself.

    Ids come from `trigger-points ids KIND...` when the user presses Tab, so they
    follow TRIGGER_POINTS_DATA and never go stale.
    """
    import shtab

    parser = build_parser()
    for action in _actions(parser):
        what = getattr(action, "completes", None)
        if what == "file":
            action.complete = shtab.FILE  # type: ignore[attr-defined]
        elif what == "dir":
            action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
        elif isinstance(what, tuple):
            action.complete = _id_completion(what)  # type: ignore[attr-defined]
    _say(shtab.complete(parser, arguments.shell), end="")
    return EXIT_OK


_BASH_IDS = """
# Bash splits `sacroiliac:ri` at the colon and completes `ri` alone: match the whole
# word before the cursor, then give back what follows its last colon.
{function}() {{
  local line="${{COMP_LINE:0:COMP_POINT}}"
  local word="${{line##*[[:space:]]}}"
  [ -n "$line" ] || word="$1"
  local match
  for match in $(compgen -W "$({command})" -- "$word"); do
    echo "${{match#"${{word%"${{word##*:}}"}}"}}"
  done
}}"""


def _id_completion(kinds: tuple[str, ...]) -> dict[str, str | dict[str, str]]:
    """What shtab offers for an argument that takes ids: `trigger-points ids KIND...`.

    It runs when Tab is pressed; in bash a region key's side completes after its colon.
    """
    command = f"trigger-points ids {' '.join(kinds)} 2>/dev/null"
    function = f"_trigger_points_ids_{'_'.join(kinds)}"
    return {
        "bash": function,
        "zsh": f"($({command}))",
        "preamble": {"bash": _BASH_IDS.format(function=function, command=command)},
    }


def _actions(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every argument of the parser and of its verbs (argparse keeps them in `_actions`)."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for verb in action.choices.values():
                yield from _actions(verb)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status.

    A warning raised while a verb runs (a renamed id the library still follows) is
    printed as one line, `trigger-points: warning: ...`, once.
    """
    try:
        arguments = build_parser().parse_args(argv)
    except SystemExit:  # --help or a usage error: its text may meet a closed pipe
        _flush_stdout()
        raise
    except BrokenPipeError:  # --help's or --version's text met a closed pipe
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    run: Callable[[argparse.Namespace], int] = arguments.run
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = _warning_printer()
        try:
            if getattr(arguments, "data", None) == []:
                arguments.data = _environment_folders()
            return run(arguments)
        except DataError as error:
            _print_problems(error.problems)
            return EXIT_BAD_DATA
        except _template_errors() as error:  # before OSError: TemplateNotFound is an IOError
            print(f"trigger-points: template error: {_template_error(error)}", file=sys.stderr)
            return EXIT_BAD_DATA
        except BrokenPipeError as error:
            if error.filename != STDOUT:
                print(f"trigger-points: {error.filename}: {error.strerror}", file=sys.stderr)
                return EXIT_BAD_USAGE
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except UnknownIdError as error:
            hint = ""
            if getattr(arguments, "data", None) == [] and error.hint is None:
                hint = f" (if it is in your own data: --data DIR, or set {DATA_VARIABLE})"
            print(f"trigger-points: {error}{hint}", file=sys.stderr)
            return EXIT_BAD_USAGE
        except (
            _UsageError,
            AmbiguousIdError,
            NotShownError,
            FileNotFoundError,
            FileExistsError,
            NotADirectoryError,
        ) as error:
            print(f"trigger-points: {error}", file=sys.stderr)
            return EXIT_BAD_USAGE
        except OSError as error:
            if error.filename is None:
                print(f"trigger-points: {error.strerror or error}", file=sys.stderr)
            else:
                print(f"trigger-points: {error.filename}: {error.strerror}", file=sys.stderr)
            return EXIT_BAD_USAGE
        except KeyboardInterrupt:
            return 130
        except Exception as error:
            message = _template_error(error)
            if message is None:
                raise  # not the user's doing: our bug, shown whole
            print(f"trigger-points: template error: {message}", file=sys.stderr)
            return EXIT_BAD_DATA


def _warning_printer() -> Callable[..., None]:
    """A `warnings.showwarning` that prints each message once, on one line of stderr."""
    printed: set[str] = set()

    def show(message: Warning | str, *_: object, **__: object) -> None:
        text = one_line(str(message))
        if text not in printed:
            printed.add(text)
            print(f"trigger-points: warning: {text}", file=sys.stderr)

    return show


def _flush_stdout() -> None:
    """Flush what argparse printed; a reader that went away ends the command quietly."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(EXIT_BROKEN_PIPE) from None
    except (OSError, ValueError):
        pass


def _print_problems(problems: Sequence[object]) -> None:
    """Each problem on its own line, the first PRINTED_PROBLEMS of them, then the count."""
    for problem in problems[:PRINTED_PROBLEMS]:
        print(problem, file=sys.stderr)
    count = len(problems)
    if count > PRINTED_PROBLEMS:
        print(f"... and {count - PRINTED_PROBLEMS} more problems", file=sys.stderr)
    print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)


def _template_errors() -> tuple[type[Exception], ...]:
    """jinja2's error class, if jinja2 was imported: an error no template raised otherwise.

    Evaluated only when an exception reaches its `except`, so the verbs that render
    nothing never import jinja2.
    """
    if "jinja2" not in sys.modules:
        return ()
    import jinja2

    return (jinja2.TemplateError,)


def _template_error(error: BaseException) -> str | None:
    """`FILE:LINE: message` for an error raised by a template, or None for any other error.

    jinja2 rewrites a traceback so that each frame of template code carries the
    template's file name and line: the innermost one is where the template failed
    (for a missing template, the one that asked for it).
    """
    if "jinja2" not in sys.modules:
        return None  # no template ran
    import jinja2

    if isinstance(error, jinja2.TemplateSyntaxError):
        return one_line(f"{error.filename or error.name}:{error.lineno}: {error.message}")
    place = None
    trace = error.__traceback__
    while trace is not None:
        if "__jinja_exception__" in trace.tb_frame.f_globals:  # a frame of jinja2.debug's making
            place = f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}: "
        trace = trace.tb_next
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"no template named {error.name!r}"
    elif isinstance(error, jinja2.TemplateError):
        message = error.message or type(error).__name__
    elif place is None:
        return None
    else:
        message = f"{type(error).__name__}: {error}"
    return one_line(f"{place or ''}{message}")


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that Python's last flush on exit finds no broken pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a real file: nothing will be flushed to it
        pass
