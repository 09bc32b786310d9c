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
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trigger_points.errors import DataError, NotShownError, UnknownIdError, one_line
from trigger_points.files import MANIFEST, BuildReport, relink_folder, write_all, write_text_file
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
    from trigger_points.guide import Candidate, MuscleCandidate
    from trigger_points.library import Library

__all__ = [
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


def _library(arguments: argparse.Namespace) -> Library:
    from trigger_points.library import load_library

    return load_library(*arguments.data)


def _validate(arguments: argparse.Namespace) -> int:
    from trigger_points.library import load_file, load_library

    files = [path for path in arguments.folders if path.is_file()]
    if files and len(arguments.folders) > 1:
        print("trigger-points: validate one file alone, or folders", file=sys.stderr)
        return EXIT_BAD_USAGE
    library = load_file(files[0]) if files else load_library(*arguments.folders)
    for warning in library.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    points = sum(len(muscle.trigger_points) for muscle in library.muscles)
    _say(
        f"ok: {len(library.muscles)} muscles, {points} trigger points, {len(library.regions)} "
        f"regions, {len(library.conditions)} conditions, {len(library.sources)} sources"
    )
    if arguments.verbose:
        for view_id, share in library.coverage().items():
            measured = "not measured (no rib_10 landmark)" if share is None else f"{share:.1%}"
            _say(f"  {view_id} view: regions cover {measured} of the body from rib 10 down")
    return EXIT_OK


def _list(arguments: argparse.Namespace) -> int:
    from trigger_points.terminal import list_muscles

    _emit(list_muscles(_library(arguments)), arguments.output)
    return EXIT_OK


def _show(arguments: argparse.Namespace) -> int:
    from trigger_points.terminal import show

    _emit(show(_library(arguments), arguments.id), arguments.output)
    return EXIT_OK


def _map(arguments: argparse.Namespace) -> int:
    from trigger_points.maps import render_map

    svg = render_map(
        _library(arguments),
        arguments.ids,
        view=arguments.view,
        side=arguments.side,
        frame=arguments.frame,
    )
    _emit(svg, arguments.output)
    return EXIT_OK


def _regions(arguments: argparse.Namespace) -> int:
    from trigger_points.charts import render_regions_chart

    _emit(render_regions_chart(_library(arguments), arguments.view), arguments.output)
    return EXIT_OK


def _sheet(arguments: argparse.Namespace) -> int:
    from trigger_points.html import render_sheet

    html = render_sheet(_library(arguments), arguments.id, templates=arguments.templates)
    _emit(html, arguments.output)
    return EXIT_OK


def _handout(arguments: argparse.Namespace) -> int:
    from trigger_points.html import render_handout

    library = _library(arguments)
    html = render_handout(library, arguments.ids, arguments.audience, templates=arguments.templates)
    _emit(html, arguments.output)
    return EXIT_OK


def _build(arguments: argparse.Namespace) -> int:
    start = time.perf_counter()
    inputs = input_digest(arguments.data, arguments.templates)
    report: BuildReport | None = None
    if arguments.incremental and (arguments.folder / MANIFEST).is_file():
        # The same code, data and templates as the last build: its files are ours again.
        report = relink_folder(arguments.folder, inputs)
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
    reused = f" ({report.reused} unchanged)" if report.reused else ""
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
    from trigger_points.terminal import format_guide

    library = _library(arguments)
    candidates: list[Candidate] | list[MuscleCandidate]
    if arguments.by == "muscle":
        candidates = library.guide_muscles(arguments.regions, limit=arguments.limit)
    else:
        candidates = library.guide(arguments.regions, limit=arguments.limit)
    dermatomes = library.dermatomes(arguments.regions)
    alerts = library.emergency_roots(arguments.regions)
    if arguments.format == "json":
        data = guide_as_data(
            library, arguments.regions, arguments.by, candidates, dermatomes, alerts
        )
        _emit(json.dumps(data, indent=2) + "\n", arguments.output)
    else:
        _emit(format_guide(library, candidates, dermatomes, alerts), arguments.output)
    return EXIT_OK


def _report(arguments: argparse.Namespace) -> int:
    from trigger_points.drawing import read_drawing
    from trigger_points.report import render_report, report_json

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
        print("trigger-points: an Anki deck is a file: give -o FILE.apkg", file=sys.stderr)
        return EXIT_BAD_USAGE
    from trigger_points.deck import write_deck

    report = write_deck(library, arguments.output)
    _say(
        f"wrote {report.path}: {report.notes} notes, {report.cards} cards, {report.media} maps, "
        f"{report.size / 1024:.0f} KB; import it in Anki (File > Import)"
    )
    return EXIT_OK


def _new(arguments: argparse.Namespace) -> int:
    from trigger_points.library import load_library
    from trigger_points.scaffold import new_condition, new_muscle, new_region

    folder: Path = arguments.data or Path(os.environ.get("TRIGGER_POINTS_DATA") or ".")
    if arguments.kind == "region" and arguments.view is None:
        print(
            "trigger-points: new region needs --view (posterior, anterior or lateral)",
            file=sys.stderr,
        )
        return EXIT_BAD_USAGE
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
        print(f"trigger-points: {error}", file=sys.stderr)
        return EXIT_BAD_USAGE
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per verb."""
    parser = argparse.ArgumentParser(
        prog="trigger-points",
        description=f"Trigger points of the low back and hip. {NOT_A_DIAGNOSIS}",
    )
    parser.add_argument("--version", action=_Version)
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument(
        "--data",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="a folder of your own data, layered over the bundled data (repeatable)",
    )
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write here, not to stdout"
    )

    validate = verbs.add_parser(
        "validate", help="check the bundled data and your folders, or one file of yours"
    )
    validate.add_argument(
        "folders",
        nargs="*",
        type=Path,
        metavar="DIR|FILE",
        help="data folders, layered in order; or one data file (muscles/x.yaml), checked alone "
        "with the bundled data",
    )
    validate.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also say how much of each view's body (rib 10 to the soles) the regions cover",
    )
    validate.set_defaults(run=_validate)

    listing = verbs.add_parser("list", parents=[data, output], help="list the muscles by group")
    listing.set_defaults(run=_list)

    show_verb = verbs.add_parser("show", parents=[data, output], help="describe a muscle or any id")
    show_verb.add_argument("id", help="a muscle, trigger point, region, condition or source id")
    show_verb.set_defaults(run=_show)

    map_verb = verbs.add_parser(
        "map", parents=[data, output], help="the body map of muscles or trigger points (SVG)"
    )
    map_verb.add_argument("ids", nargs="+", metavar="ID", help="a muscle or trigger point id")
    map_verb.add_argument(
        "--view",
        choices=[*VIEW_NAMES, "auto"],
        default="auto",
        help="one view, or auto (the default, as in render_map): the fewest views that show it",
    )
    map_verb.add_argument(
        "--side", choices=SIDES, default="right", help="the patient's side (default: right)"
    )
    map_verb.add_argument(
        "--frame", choices=["whole", "focus"], default="whole", help="whole body, or the pattern"
    )
    map_verb.set_defaults(run=_map)

    regions = verbs.add_parser(
        "regions", parents=[data, output], help="a labelled chart of the regions (SVG)"
    )
    regions.add_argument("--view", choices=VIEW_NAMES, default=None, help="one view (default: all)")
    regions.set_defaults(run=_regions)

    guide = verbs.add_parser(
        "guide", parents=[data, output], help="which trigger points may refer pain to these regions"
    )
    guide.add_argument(
        "regions",
        nargs="+",
        metavar="REGION",
        help="a painful region: sacroiliac:right, sacrum, ...",
    )
    guide.add_argument("--limit", type=_positive, default=None, metavar="N", help="the best N only")
    guide.add_argument(
        "--by",
        choices=["muscle", "point"],
        default="muscle",
        help="rank muscles, their points under them (default), or each trigger point alone",
    )
    guide.add_argument("--format", choices=["text", "json"], default="text")
    guide.set_defaults(run=_guide)

    templates = argparse.ArgumentParser(add_help=False)
    templates.add_argument(
        "--templates", type=Path, metavar="DIR", help="your templates, used before ours"
    )
    sheet = verbs.add_parser(
        "sheet", parents=[data, output, templates], help="a muscle's reference sheet (HTML)"
    )
    sheet.add_argument("id", help="a muscle id")
    sheet.set_defaults(run=_sheet)

    handout = verbs.add_parser(
        "handout", parents=[data, output, templates], help="a printable handout (HTML)"
    )
    handout.add_argument("ids", nargs="+", metavar="ID", help="muscle ids, one page each")
    handout.add_argument("--audience", choices=list(AUDIENCES), default="patient")
    handout.set_defaults(run=_handout)

    report = verbs.add_parser(
        "report",
        parents=[data, output, templates],
        help="the one-page report of a pain drawing (HTML), or its codes and ranking (JSON)",
    )
    report.add_argument(
        "drawing", type=Path, metavar="DRAWING", help="a saved pain drawing (.json)"
    )
    report.add_argument("--format", choices=["html", "json"], default="html")
    report.add_argument(
        "--limit",
        type=_positive,
        default=None,
        metavar="N",
        help=f"the best N muscles only (HTML default: {REPORT_MUSCLES})",
    )
    report.set_defaults(run=_report)

    build = verbs.add_parser(
        "build", parents=[data, templates], help="build the static reference site"
    )
    build.add_argument("folder", nargs="?", default=Path("site"), type=Path, metavar="OUT")
    build.add_argument(
        "--no-incremental",
        dest="incremental",
        action="store_false",
        help="render every page again, even those whose inputs did not change since the last build",
    )
    build.set_defaults(run=_build)

    schema = verbs.add_parser(
        "schema", parents=[output], help="print the JSON Schema of a data file"
    )
    schema.add_argument("name", nargs="?", default="muscle", choices=SCHEMA_NAMES)
    schema.add_argument("--write", type=Path, metavar="DIR", help="write every schema into DIR")
    schema.set_defaults(run=_schema)

    export = verbs.add_parser("export", parents=[data, output], help="the whole library as JSON")
    export.add_argument("--format", choices=["json"], default="json")
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
        epilog=(
            "examples:\n  trigger-points deck -o lowback.apkg\n"
            "  trigger-points deck --format csv -o cards.csv"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    deck.add_argument(
        "--format",
        choices=["apkg", "csv"],
        default="apkg",
        help="apkg: an Anki package with the maps (needs -o); csv: text-only cards (front, "
        "back, tags, guid) for other tools (default: apkg)",
    )
    deck.set_defaults(run=_deck)

    new = verbs.add_parser(
        "new",
        help="write a valid, commented skeleton of a muscle, region or condition to fill in",
        description="Write a complete skeleton that validates as written: required fields hold "
        "FILL IN text (validate warns of each until it is replaced), optional ones are "
        "commented out. Also writes the JSON Schemas into DIR/schema/ when absent, for "
        "editors. A region is added to DIR/regions.yaml and its shape to "
        "DIR/body/VIEW.yaml, which adds to our view instead of copying it.",
        epilog="example: trigger-points new muscle adductor_longus --data my_data",
    )
    new.add_argument("kind", choices=["muscle", "region", "condition"], help="what to add")
    new.add_argument("id", help="its id: lower-case letters, digits and underscores")
    new.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        default=None,
        help="the data folder to write into (default: $TRIGGER_POINTS_DATA, else the "
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
    new.set_defaults(run=_new)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; return its exit status."""
    arguments = build_parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = arguments.run
    try:
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
    except (
        UnknownIdError,
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
