"""A synthetic library of many muscles, for timing what grows with the data.

Run: python benchmarks/synthetic.py OUT [--muscles N]
writes OUT/muscles/*.yaml, each a copy of a bundled muscle under a new id with
its trigger points' zones drawn at random from the region vocabulary (seeded,
so the same N gives the same files). Load it with load_library(OUT).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from trigger_points.library import Library, load_library
from trigger_points.loader import dump_yaml
from trigger_points.model import Muscle


def synthetic_muscles(library: Library, count: int, seed: int = 1) -> list[Muscle]:
    """`count` muscles modelled on the bundled ones, with random referral zones."""
    chooser = random.Random(seed)
    # Leaves only: a composite beside one of its parts would be refused (it adds nothing).
    region_ids = [region.id for region in library.regions if not region.composite]
    models = library.muscles
    made = []
    for number in range(count):
        model = models[number % len(models)]
        muscle_id = f"synthetic_{number:04d}"
        points = []
        for point in model.trigger_points:
            zones = chooser.sample(region_ids, chooser.randint(2, 7))
            split = chooser.randint(1, len(zones))
            points.append(
                point.model_copy(
                    update={
                        "id": f"{muscle_id}.{point.local_id}",
                        "essential": tuple(zones[:split]),
                        "spillover": tuple(zones[split:]),
                        "laterality": chooser.choice(["ipsilateral", "ipsilateral", "bilateral"]),
                    }
                )
            )
        made.append(model.model_copy(update={"id": muscle_id, "trigger_points": tuple(points)}))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--muscles", type=int, default=1000)
    arguments = parser.parse_args()
    folder = arguments.out / "muscles"
    folder.mkdir(parents=True, exist_ok=True)
    for muscle in synthetic_muscles(load_library(), arguments.muscles):
        header = "# yaml-language-server: $schema=../schema/muscle.schema.json\n"
        (folder / f"{muscle.id}.yaml").write_text(header + dump_yaml(muscle), encoding="utf-8")
    print(f"wrote {arguments.muscles} muscles to {folder}")


if __name__ == "__main__":
    main()
