"""The README's data examples validate as shown: a newcomer copies them as starting files."""

from __future__ import annotations

import re
from pathlib import Path

from trigger_points.library import Library, load_library
from trigger_points.scaffold import new_region

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
SECTION = README[README.index("## Writing a data file") : README.index("## Layout")]
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", SECTION, flags=re.DOTALL)


def test_the_readmes_muscle_validates_as_shown(tmp_path: Path) -> None:
    muscle = YAML_BLOCKS[0]
    assert muscle.startswith("# yaml-language-server: $schema=../schema/muscle.schema.json")
    (tmp_path / "muscles").mkdir()
    (tmp_path / "muscles" / "my_muscle.yaml").write_text(muscle, encoding="utf-8")
    library = load_library(tmp_path)
    assert library.muscle("my_muscle").trigger_points[0].id == "my_muscle.trp1"
    assert library.warnings == ()


def test_the_readmes_view_addition_loads_beside_a_region_made_by_new(
    tmp_path: Path, library: Library
) -> None:
    new_region(library, tmp_path, "front_of_neck", "anterior")
    (tmp_path / "body" / "anterior.yaml").write_text(YAML_BLOCKS[1], encoding="utf-8")
    view = load_library(tmp_path).view("anterior")
    assert "front_of_neck" in view.regions
    assert [mark.label for mark in view.landmarks if mark.id == "xiphoid"] == ["Xiphoid process"]
