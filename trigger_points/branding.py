"""A clinic's identity on the site and the handouts, from `site.yaml` in a data folder.

`site.yaml` is optional and small: the clinic's name, address and phone, a
logo, a footer line and the site's title. Without it every page is exactly
what it was before the file existed. It is read like every data file (placed
problems, unknown keys refused); the logo is a file inside the same data
folder, checked here for its kind and size, and carried as bytes so that a
standalone handout can hold it and the site can copy it. When several data
folders hold a `site.yaml`, the last one gives the whole identity: a clinic's
identity is one thing, not a merge of two.

A logo is shown with `<img>` only (a browser runs no script of an SVG shown
that way), and an SVG holding a script or an event handler is refused anyway,
since the site also serves the file itself.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Annotated

from pydantic import Field

from trigger_points.errors import DataError, Problem, excerpt, shown_path
from trigger_points.explain import validate
from trigger_points.loader import Document, not_a_regular_file, read_yaml
from trigger_points.model import Model, Text

__all__ = [
    "DEFAULT_SITE",
    "DEFAULT_TITLE",
    "IMAGES",
    "LOGO_KINDS",
    "MAX_LOGO_BYTES",
    "SITE_FILE",
    "Logo",
    "Site",
    "SiteFile",
    "read_site",
]

SITE_FILE = "site.yaml"
IMAGES = "images"
"""The one folder of a data folder that may hold images, beside the data files."""
DEFAULT_TITLE = "Trigger points of the low back and hip"
MAX_LOGO_BYTES = 200_000
"""A logo is printed a centimetre high; a bigger file would weigh on every standalone handout."""
LOGO_KINDS = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg"}
"""The kinds of logo file, by the suffix the site's copy gets, with their media types."""
_SUFFIXES = {".svg": ".svg", ".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg"}
_SIGNATURES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff"}
_SVG_ROOT = re.compile(r"<svg[\s>]")
_SVG_ACTIVE = re.compile(rb"<script|\son[a-z]+\s*=|javascript:|<foreignObject", re.IGNORECASE)

Line = Annotated[Text, Field(max_length=160)]


class SiteFile(Model):
    """`site.yaml`: a clinic's identity on the site's pages and on the handouts.

    Every field is optional; what is left out keeps the library's own look.
    """

    title: Annotated[
        Text, Field(max_length=80, examples=["Northside Physiotherapy: trigger points"])
    ] = DEFAULT_TITLE
    """The site's title: shown in every page's header and browser tab, such as
    `Northside Physiotherapy: trigger points`."""
    clinic: Line | None = Field(default=None, examples=["Northside Physiotherapy"])
    """The clinic's name, shown on every page and printed on every handout."""
    address: Line | None = Field(default=None, examples=["12 High Street, Leeds LS1 4AB"])
    """The clinic's address on one line, printed on the handouts and shown in the site's
    footer, such as `12 High Street, Leeds LS1 4AB`."""
    phone: Annotated[Text, Field(max_length=40)] | None = Field(
        default=None, examples=["0113 496 0000"]
    )
    """The clinic's phone number as it should be printed, such as `0113 496 0000`."""
    logo: Annotated[Text, Field(max_length=255)] | None = Field(
        default=None, examples=["images/logo.svg"]
    )
    """A path inside this data folder to the clinic's logo: an SVG, PNG or JPEG file of at
    most 200 kB, in the folder itself or in its `images/` folder, such as
    `images/logo.svg`. Printed a centimetre high."""
    footer: Annotated[Text, Field(max_length=300)] | None = Field(
        default=None, examples=["Questions about your handout? Call us."]
    )
    """One line at the foot of every page and handout, such as `Questions? Call us.`"""


@dataclass(frozen=True)
class Logo:
    """A checked logo: its bytes and what kind of image they are."""

    data: bytes
    suffix: str
    """`.svg`, `.png` or `.jpg`: the suffix of the site's copy."""

    @property
    def path(self) -> str:
        """Where the site keeps it, from its top folder."""
        return f"logo{self.suffix}"

    @property
    def data_uri(self) -> str:
        """The logo inside a page that must stand alone (a standalone handout or sheet)."""
        encoded = base64.b64encode(self.data).decode("ascii")
        return f"data:{LOGO_KINDS[self.suffix]};base64,{encoded}"


@dataclass(frozen=True)
class Site:
    """The identity every page and handout shows; `DEFAULT_SITE` is the library's own."""

    title: str = DEFAULT_TITLE
    clinic: str | None = None
    address: str | None = None
    phone: str | None = None
    footer: str | None = None
    logo: Logo | None = None

    @property
    def branded(self) -> bool:
        """Whether a clinic is named: then the handouts carry its name, address and phone."""
        return bool(self.clinic or self.address or self.phone or self.logo)

    def digest_parts(self) -> tuple[str | bytes, ...]:
        """Everything a page showing this identity depends on, for the build's keys."""
        texts = (self.title, self.clinic, self.address, self.phone, self.footer)
        logo = (self.logo.suffix, self.logo.data) if self.logo else ("", b"")
        return (*(text or "" for text in texts), *logo)


DEFAULT_SITE = Site()


def read_site(folders: Iterable[Path]) -> tuple[Site, list[Problem]]:
    """The identity from the last folder holding a `site.yaml`, and every problem found.

    Each folder's file is checked, so a mistake in an earlier one is not hidden
    by a later one; the default identity stands in for a file with problems.
    """
    site = DEFAULT_SITE
    problems: list[Problem] = []
    for folder in folders:
        path = folder / SITE_FILE
        if not (path.exists() or path.is_symlink()):
            continue
        try:
            site = _read_one(path, folder)
        except DataError as error:
            problems += error.problems
    return site, problems


def _read_one(path: Path, folder: Path) -> Site:
    """One folder's `site.yaml` with its logo, checked; raises DataError."""
    inside = folder.resolve()
    try:
        if not path.resolve(strict=True).is_relative_to(inside):
            raise _unplaced(path, "refusing a symlink that leads outside the data folder")
        refusal = not_a_regular_file(path.stat().st_mode)
    except OSError as error:
        raise _unplaced(path, f"cannot read the file: {error.strerror or error}") from None
    if refusal:
        raise _unplaced(path, refusal)
    document = read_yaml(path)
    settings = validate(document, SiteFile)
    logo = None if settings.logo is None else _logo(document, settings.logo, folder)
    return Site(
        title=settings.title,
        clinic=settings.clinic,
        address=settings.address,
        phone=settings.phone,
        footer=settings.footer,
        logo=logo,
    )


def _unplaced(path: Path, message: str) -> DataError:
    return DataError([Problem(shown_path(path), 1, 1, "", message)])


def _logo(document: Document, written: str, folder: Path) -> Logo:
    """The logo file `written` names inside `folder`, checked; raises DataError at `logo`."""

    def refused(message: str) -> DataError:
        return DataError([document.problem(("logo",), message)])

    relative = PurePosixPath(written)
    if relative.is_absolute() or ".." in relative.parts or "\\" in written:
        raise refused(f"{excerpt(written)}: give a path inside the data folder, like logo.svg")
    if relative.parts[:-1] not in ((), (IMAGES,)):
        # Deeper, the command's check that nothing changed since the last build would
        # not see the logo change (inputs.input_digest reads DATA_DEPTH levels).
        raise refused(f"{excerpt(written)}: put the logo in the data folder or in {IMAGES}/")
    suffix = _SUFFIXES.get(relative.suffix.lower())
    if suffix is None:
        raise refused(f"{excerpt(written)}: a logo must be an .svg, .png or .jpg file")
    path = folder.joinpath(*relative.parts)
    try:
        if not path.resolve(strict=True).is_relative_to(folder.resolve()):
            raise refused(f"{excerpt(written)}: refusing a symlink that leads outside the folder")
        refusal = not_a_regular_file(path.stat().st_mode)
        if refusal:
            raise refused(f"{excerpt(written)}: {refusal}")
        with path.open("rb") as file:
            data = file.read(MAX_LOGO_BYTES + 1)
    except FileNotFoundError:
        raise refused(f"{excerpt(written)}: no such file in {shown_path(folder)}") from None
    except OSError as error:
        raise refused(f"{excerpt(written)}: cannot read it: {error.strerror or error}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise refused(f"{excerpt(written)}: larger than {MAX_LOGO_BYTES // 1000} kB")
    trouble = _kind_trouble(data, suffix)
    if trouble:
        raise refused(f"{excerpt(written)}: {trouble}")
    return Logo(data, suffix)


def _kind_trouble(data: bytes, suffix: str) -> str | None:
    """Why the bytes are not a logo of the kind their suffix says, or None."""
    if suffix in _SIGNATURES:
        if data.startswith(_SIGNATURES[suffix]):
            return None
        return f"not a {suffix[1:].upper()} image (its first bytes say otherwise)"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "not an SVG image (not UTF-8 text)"
    if not _SVG_ROOT.search(text):
        return "not an SVG image (no <svg> element)"
    if _SVG_ACTIVE.search(data):
        return "an SVG logo may not hold scripts, event handlers or foreign objects"
    return None
