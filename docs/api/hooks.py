"""MkDocs hooks for the API reference: what the pages show that is not a docstring.

Three things come from the repository at build time, so the reference never copies
what can drift: the JSON Schemas (`data/schema/`, published beside the pages and listed
with their titles), the command's help (`trigger-points --help` and each verb's), and
the Pygments colours of the code (the theme's highlight.js would come from a CDN).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from pygments.formatters import HtmlFormatter

SCHEMAS_MARKER = "<!-- schemas -->"
COMMAND_MARKER = "<!-- command -->"
HELP_COLUMNS = "88"
"""The width the help is wrapped to, whatever the terminal that builds the docs."""


def _repository(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).resolve().parent


def _schemas(config: MkDocsConfig) -> list[Path]:
    return sorted((_repository(config) / "data" / "schema").glob("*.schema.json"))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Publish the schemas and the code colours as files of the site, so links to them check."""
    for schema in _schemas(config):
        files.append(
            File.generated(config, f"schema/{schema.name}", abs_src_path=str(schema))
        )
    colours = HtmlFormatter(style="default").get_style_defs(".highlight")
    files.append(File.generated(config, "pygments.css", content=colours))
    return files


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load the code colours before our own style sheet, which may adjust them."""
    config.extra_css.insert(0, "pygments.css")
    return config


def _schema_table(config: MkDocsConfig) -> str:
    rows = ["| Schema | What it checks |", "| --- | --- |"]
    for schema in _schemas(config):
        document: dict[str, Any] = json.loads(schema.read_text(encoding="utf-8"))
        title = str(document.get("title", schema.name.removesuffix(".schema.json")))
        said = str(document.get("description", "")).split("\n\n")[0].replace("\n", " ")
        rows.append(f"| [`{schema.name}`](schema/{schema.name}) | **{title}**. {said} |")
    return "\n".join(rows)


def _help(arguments: list[str]) -> str:
    """The command's own help, run as a user runs it, so any parser library is shown truly."""
    environment = {**os.environ, "COLUMNS": HELP_COLUMNS, "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "trigger_points", *arguments, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return done.stdout.rstrip()


def _verbs() -> list[str]:
    """The verbs, in the order the command lists them (none if it is not argparse's)."""
    try:
        from trigger_points.cli import build_parser

        parser = build_parser()
    except (ImportError, AttributeError, TypeError):  # a command built otherwise
        return []
    subparsers = getattr(parser, "_subparsers", None)
    for action in subparsers._group_actions if subparsers else []:
        choices = getattr(action, "choices", None)
        if choices:
            return list(choices)
    return []


def _command_help() -> str:
    parts = ["```text", "$ trigger-points --help", _help([]), "```"]
    for verb in _verbs():
        parts += ["", f"### `{verb}`", "", "```text", f"$ trigger-points {verb} --help"]
        parts += [_help([verb]), "```"]
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the markers of the data-files-and-command page."""
    if SCHEMAS_MARKER in markdown:
        markdown = markdown.replace(SCHEMAS_MARKER, _schema_table(config))
    if COMMAND_MARKER in markdown:
        markdown = markdown.replace(COMMAND_MARKER, _command_help())
    return markdown
