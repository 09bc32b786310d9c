"""The one registry of data-file kinds: where each is written, its model, where its items are.

The library reads folders by it, the schema generator writes one schema per
file it names, export writes one list per kind, and the tests walk it; a new
kind of data is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from trigger_points.branding import SiteFile
from trigger_points.model import (
    BodyView,
    ConditionsFile,
    GuidanceFile,
    Muscle,
    NerveRootsFile,
    RegionsFile,
    SourcesFile,
    ViewAdditions,
)

__all__ = [
    "DATA_FILES",
    "KINDS",
    "SKELETON_MARK",
    "DataFile",
    "Kind",
    "file_named",
    "kind_named",
]

SKELETON_MARK = "FILL IN"
"""What every text a skeleton (`trigger-points new`) leaves to its author starts with:
`validate` warns of each, and the library keeps the content of such files to say where."""


@dataclass(frozen=True)
class DataFile:
    """One kind of file in a data folder.

    A list file (`sources.yaml`) holds lists of items under its fields; an item
    folder (`muscles/`) holds one item per file, named `<id>.yaml`.
    """

    schema: str
    """The name of its JSON Schema (`muscle` -> `schema/muscle.schema.json`)."""
    path: str
    """`sources.yaml` for a list file, `muscles` for a folder of one-item files."""
    model: type[BaseModel]
    one_item_each: str | None = None
    """For an item folder, what each file is named after: `<id>`, `<view>`."""
    additions: type[BaseModel] | None = None
    """For a kind a file may add to instead of replacing (a body view), the model of such a
    file: one written without the field `whole_by`."""
    whole_by: str = ""
    """The field whose presence makes a file a whole item rather than additions."""

    def model_of(self, content: object) -> type[BaseModel]:
        """The model a file's content is read as: the whole item, or additions to it."""
        if (
            self.additions is not None
            and isinstance(content, dict)
            and self.whole_by not in content
        ):
            return self.additions
        return self.model

    @property
    def written_as(self) -> str:
        """How an author writes its path: `sources.yaml`, `muscles/<id>.yaml`."""
        return f"{self.path}/{self.one_item_each}.yaml" if self.one_item_each else self.path


@dataclass(frozen=True)
class Kind:
    """One kind of item, as the library holds it and export writes it."""

    name: str
    """What one item is called in messages: `source`, `guidance section`."""
    plural: str
    """The key of its list in the export, and of its argument to `Library(...)`."""
    file: DataFile
    field: str | None = None
    """The list it is written under in a list file; None in an item folder."""


SOURCES = DataFile("sources", "sources.yaml", SourcesFile)
CONDITIONS = DataFile("conditions", "conditions.yaml", ConditionsFile)
REGIONS = DataFile("regions", "regions.yaml", RegionsFile)
GUIDANCE = DataFile("guidance", "guidance.yaml", GuidanceFile)
MUSCLES = DataFile("muscle", "muscles", Muscle, one_item_each="<id>")
BODY = DataFile(
    "body", "body", BodyView, one_item_each="<view>", additions=ViewAdditions, whole_by="outline"
)
NERVE_ROOTS = DataFile("nerve_roots", "nerve_roots.yaml", NerveRootsFile)
SITE = DataFile("site", "site.yaml", SiteFile)
"""A clinic's identity: no items, read with its logo by `branding.read_site`."""

DATA_FILES: tuple[DataFile, ...] = (
    SOURCES,
    CONDITIONS,
    REGIONS,
    GUIDANCE,
    MUSCLES,
    BODY,
    NERVE_ROOTS,
    SITE,
)
"""Every kind of file, in the order a folder is read."""

KINDS: tuple[Kind, ...] = (
    Kind("source", "sources", SOURCES, "sources"),
    Kind("condition", "conditions", CONDITIONS, "conditions"),
    Kind("region", "regions", REGIONS, "regions"),
    Kind("muscle", "muscles", MUSCLES),
    Kind("guidance section", "guidance", GUIDANCE, "sections"),
    Kind("view", "views", BODY),
    Kind("region group", "region_groups", REGIONS, "groups"),
    Kind("nerve root", "nerve_roots", NERVE_ROOTS, "nerve_roots"),
)
"""Every kind of item, in the order the export writes them."""


def file_named(schema: str) -> DataFile:
    """The kind of file whose schema has this name; raises KeyError for another name."""
    for data_file in DATA_FILES:
        if data_file.schema == schema:
            return data_file
    raise KeyError(schema)


def kind_named(plural: str) -> Kind:
    """The kind of item with this plural name (`muscles`); raises KeyError for another."""
    for kind in KINDS:
        if kind.plural == plural:
            return kind
    raise KeyError(plural)
