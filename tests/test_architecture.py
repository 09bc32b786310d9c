"""Data flows one way (DESIGN.md): YAML -> loader -> model -> Library -> outputs -> command.

These tests read each module's imports, so a shortcut that reaches back up the
flow, or a renderer that leans on the validator, fails here and not in review.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import trigger_points

PACKAGE = Path(trigger_points.__file__).parent
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if not path.stem.startswith("__"))

VALIDATION = {"checks", "loader", "entries", "explain"}
RENDERERS = {"figure", "maps", "charts", "phrases", "terminal", "html", "site", "export"}
RENDERERS |= {"study", "deck", "flashcards", "quiz"}  # the study deck and the self-test
LAYERS = {
    "errors": set(),
    "crosswalk": {"errors"},
    "model": {"crosswalk", "words"},
    "words": set(),
    "geometry": {"model"},
    "cache": set(),
    "loader": {"cache", "errors", "model"},
    "explain": {"errors", "loader", "model"},
    "datafiles": {"model"},
    "entries": {"errors", "loader", "model"},
    "checks": {
        "cache",
        "crosswalk",
        "entries",
        "errors",
        "geometry",
        "model",
        "referral",
        "resources",
    },
    "referral": {"model"},
    "guide": {"model", "referral"},
    "dermatomes": {"model", "referral"},
    "drawing": {"errors", "explain", "library", "loader", "model"},
    "files": set(),
    "inputs": {"resources"},
    "resources": set(),
}
"""What the lower modules may import from the package; nothing of the outputs or the command."""


def imports_of(module: str) -> set[str]:
    """The package's modules that `module` imports, by their short names."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("trigger_points."):
            found.add((node.module or "").split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {
                alias.name.split(".")[1]
                for alias in node.names
                if alias.name.startswith("trigger_points.")
            }
    return found


@pytest.mark.parametrize("module", sorted(RENDERERS))
def test_no_renderer_imports_the_validator(module: str) -> None:
    assert imports_of(module) & VALIDATION == set()


@pytest.mark.parametrize("module", sorted(LAYERS))
def test_lower_modules_never_reach_up_the_flow(module: str) -> None:
    assert imports_of(module) <= LAYERS[module]


def test_only_the_command_imports_the_command() -> None:
    assert [module for module in MODULES if "cli" in imports_of(module)] == []


@pytest.mark.parametrize("module", MODULES)
def test_every_module_says_what_it_offers(module: str) -> None:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{module}.py has no module docstring"
    names = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert "__all__" in names, f"{module}.py has no __all__"
