"""The wheel carries the data and templates, and an installed copy finds them inside itself.

The wheel is built from this checkout and unpacked (what pip does with a pure-Python wheel)
into a folder put first on the path of a fresh interpreter, run from another folder, so the
checkout's fallback cannot answer for it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from trigger_points.resources import bundled_path

ROOT = Path(__file__).parent.parent


def test_bundled_data_and_templates_are_found() -> None:
    data = bundled_path("data")
    assert (data / "muscles" / "piriformis.yaml").is_file()
    assert (data / "schema" / "muscle.schema.json").is_file()
    assert (bundled_path("templates") / "README.md").is_file()


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The package as a wheel installs it: built from the checkout, unpacked into a folder."""
    pytest.importorskip("hatchling", reason="building the wheel offline needs hatchling")
    wheels = tmp_path_factory.mktemp("wheels")
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "--quiet"]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), *offline, "--wheel-dir", str(wheels)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("trigger_points-*.whl")
    installed = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    return installed


def run_installed(installed: Path, elsewhere: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run Python from `elsewhere`, with the unpacked wheel first on its path."""
    path = os.pathsep.join([str(installed), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, *argv],
        cwd=elsewhere,
        env={**os.environ, "PYTHONPATH": path, "PYTHONSAFEPATH": "1"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_wheel_ships_data_and_templates_inside_the_package(installed_wheel: Path) -> None:
    bundled = installed_wheel / "trigger_points" / "_bundled"
    assert (bundled / "data" / "muscles" / "piriformis.yaml").is_file()
    assert (bundled / "data" / "schema" / "muscle.schema.json").is_file()
    assert (bundled / "templates" / "sheet.html.j2").is_file()
    assert (installed_wheel / "trigger_points" / "py.typed").is_file()
    (entry_points,) = installed_wheel.glob("trigger_points-*.dist-info/entry_points.txt")
    assert "trigger-points = trigger_points.cli:main" in entry_points.read_text(encoding="utf-8")


def test_an_installed_wheel_reads_its_own_bundled_data(
    installed_wheel: Path, tmp_path: Path
) -> None:
    found = run_installed(
        installed_wheel,
        tmp_path,
        "-c",
        "import trigger_points.resources as r; print(r.__file__); print(r.bundled_path('data'))",
    )
    assert found.returncode == 0, found.stderr
    module, data = (Path(line) for line in found.stdout.splitlines())
    package = installed_wheel / "trigger_points"
    assert module.is_relative_to(package), "the checkout was imported, not the wheel"
    assert data == package / "_bundled" / "data"
    validated = run_installed(installed_wheel, tmp_path, "-m", "trigger_points", "validate")
    assert validated.returncode == 0, validated.stderr
    assert validated.stdout.startswith("ok: ")
