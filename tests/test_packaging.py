"""The bundled data and templates are found wherever the package is installed."""

from __future__ import annotations

from trigger_points.resources import bundled_path


def test_bundled_data_and_templates_are_found() -> None:
    data = bundled_path("data")
    assert (data / "muscles" / "piriformis.yaml").is_file()
    assert (data / "schema" / "muscle.schema.json").is_file()
    assert (bundled_path("templates") / "README.md").is_file()
