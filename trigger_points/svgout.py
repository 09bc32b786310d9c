"""SVG text from svgwrite's objects, the same bytes as `drawing.tostring()`, written faster.

svgwrite turns every element into an ElementTree element and serialises that
tree through a codec; for our drawings that is most of the cost of a map. This
module walks the svgwrite objects and writes the text directly, exactly as
ElementTree would (attributes sorted by name, `None` and empty values left out,
`<tag />` for an empty element, the same escaping). An element of a kind it
does not know is handed to svgwrite and ElementTree, so the result is always
what svgwrite writes. A `Prerendered` element (a part of the figure shared by
many drawings) is serialised once and its text reused.

Only drawing-time code uses this; it knows nothing of the library or the models.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import svgwrite
import svgwrite.base
import svgwrite.container
import svgwrite.params
import svgwrite.path
import svgwrite.shapes
import svgwrite.text
from svgwrite.utils import strlist

__all__ = ["Fragment", "Prerendered", "SvgDocument", "markup", "text_markup", "tostring"]

Write = Callable[[str], Any]


def tostring(element: Any) -> str:
    """The text `element.tostring()` gives, for a drawing or any element of one."""
    parts: list[str] = []
    _write(element, parts.append)
    return "".join(parts)


class SvgDocument(svgwrite.Drawing):  # type: ignore[misc]
    """svgwrite's Drawing without the attributes HTML does not allow on an inline SVG."""

    styled = False
    """Whether the drawing carries its own style sheet (`figure.finished` writes it)."""

    def get_xml(self) -> Any:
        """The XML tree, less `xmlns:ev`, `baseProfile` and `version`."""
        xml = super().get_xml()
        for name in _LEFT_OUT:
            xml.attrib.pop(name, None)
        return xml


_LEFT_OUT = ("xmlns:ev", "baseProfile", "version")


class Fragment(svgwrite.base.BaseElement):  # type: ignore[misc]
    """One element already written as text (`markup`), placed in a drawing as it is.

    A map writes its own layers this way: building svgwrite's objects for every
    zone of every panel, then walking them again to write them, costs more than
    the drawing. svgwrite's own serialisation (`get_xml`) reads the text back.
    """

    elementname = "g"  # never written: the text is the element

    def __init__(self, text: str) -> None:
        # What BaseElement.__init__ sets, less a new validator for every fragment (a
        # map has hundreds): fragments share one set of parameters, never validated.
        self._parameter = _FRAGMENT_PARAMETERS
        self.attribs: dict[str, Any] = {}
        self.elements: list[Any] = []
        self.text = text

    def get_xml(self) -> Any:
        """The element as svgwrite would have built it: plain tags, `xlink:href` spelt so."""
        wrapped = ET.fromstring(f'<g xmlns="{_SVG}" xmlns:xlink="{_XLINK}">{self.text}</g>')
        (element,) = wrapped
        for part in element.iter():
            part.tag = part.tag.removeprefix(f"{{{_SVG}}}")
            named = {name.replace(f"{{{_XLINK}}}", "xlink:"): v for name, v in part.attrib.items()}
            part.attrib = dict(sorted(named.items()))  # as svgwrite sets them
        return element


_FRAGMENT_PARAMETERS = svgwrite.params.Parameter(debug=False)
_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"


class Prerendered(Fragment):
    """An element drawn the same way in many drawings: its text is written once, then reused.

    It stands in the tree for the element it wraps, which must not change once
    wrapped. svgwrite's own serialisation sees the wrapped element unchanged.
    """

    def __init__(self, element: svgwrite.base.BaseElement) -> None:
        super().__init__(tostring(element))
        self.element = element

    def get_xml(self) -> Any:
        """The wrapped element's tree, for svgwrite's serialisation."""
        return self.element.get_xml()


def markup(tag: str, attributes: dict[str, Any], content: str = "") -> str:
    """An element's text as svgwrite and ElementTree write it, from its final attribute names.

    `content` is its children, already written (`markup`, `text_markup`). Attributes
    are sorted, `None` and empty ones left out; an element with no content is `<tag />`.
    """
    start = f"<{tag}{_attributes(sorted(attributes.items()))}"
    return f"{start}>{content}</{tag}>" if content else f"{start} />"


def text_markup(tag: str, attributes: dict[str, Any], text: str) -> str:
    """An element holding character data (`<text>`), escaped as ElementTree escapes it."""
    return markup(tag, attributes, _escape_text(text))


def _escape_text(text: str) -> str:
    """Character data escaped as ElementTree escapes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ESCAPED = re.compile('[&<>"\r\n\t]')
_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\r", "&#13;"),
    ("\n", "&#10;"),
    ("\t", "&#09;"),
)


def _escape_attribute(text: str) -> str:
    """An attribute's value escaped as ElementTree escapes it (in the same order)."""
    if not _ESCAPED.search(text):
        return text  # most values (path data, numbers, ids) have nothing to escape
    for character, entity in _ATTRIBUTE_ESCAPES:
        if character in text:
            text = text.replace(character, entity)
    return text


def _attributes(items: list[tuple[str, Any]]) -> str:
    """Attributes as svgwrite writes them, in the order given: `None` and empty left out."""
    pieces = []
    for name, value in items:
        if value is None:
            continue
        text = str(value)
        if text:
            pieces.append(f' {name}="{_escape_attribute(text)}"')
    return "".join(pieces)


def _open(tag: str, items: list[tuple[str, Any]], write: Write) -> None:
    """The start of a tag with svgwrite's attributes (`_attributes`), in the order given."""
    write(f"<{tag}{_attributes(items)}")


def _close(tag: str, text: str, children: list[Any], write: Write, after: str = "") -> None:
    """The rest of an element: its text, then its children, or ` />` when it has neither."""
    if text or children or after:
        write(">")
        if text:
            write(_escape_text(text))
        for child in children:
            _write(child, write)
        write(after)
        write(f"</{tag}>")
    else:
        write(" />")


def _plain(element: Any, write: Write) -> None:
    tag = element.elementname
    _open(tag, sorted(element.attribs.items()), write)
    _close(tag, "", element.elements, write)


def _path(element: Any, write: Write) -> None:
    commands = element.commands
    # As Path.get_xml does: the commands become the `d` attribute.
    if len(commands) == 1 and isinstance(commands[0], str):
        element.attribs["d"] = commands[0]
    else:
        element.attribs["d"] = str(strlist(commands, " "))
    _plain(element, write)


def _use(element: Any, write: Write) -> None:
    element.update_id()  # as Use.get_xml does: the href may be an element
    _plain(element, write)


def _text(element: Any, write: Write) -> None:
    tag = element.elementname
    _open(tag, sorted(element.attribs.items()), write)
    _close(tag, str(element.text), element.elements, write)


def _script(element: Any, write: Write) -> None:
    tag = element.elementname
    _open(tag, sorted(element.attribs.items()), write)
    content = element._content
    _close(tag, "", element.elements, write, f"<![CDATA[{content}]]>" if content else "")


def _title(element: Any, write: Write) -> None:
    xml = element.xml
    if len(xml) or xml.tail:
        _fallback(element, write)
        return
    _open(xml.tag, list(xml.items()), write)  # an ElementTree element keeps its own order
    _close(xml.tag, xml.text or "", [], write)


def _document(element: Any, write: Write) -> None:
    """Our SvgDocument: svgwrite's Drawing less the attributes it removes."""
    attribs = dict(element.attribs)
    attribs["xmlns"] = "http://www.w3.org/2000/svg"
    attribs["xmlns:xlink"] = "http://www.w3.org/1999/xlink"
    for name in _LEFT_OUT:
        attribs.pop(name, None)
    _open("svg", sorted(attribs.items()), write)
    _close("svg", "", element.elements, write)


def _fragment(element: Any, write: Write) -> None:
    write(element.text)


def _fallback(element: Any, write: Write) -> None:
    """What svgwrite itself writes, for an element this module does not know."""
    write(ET.tostring(element.get_xml(), encoding="utf-8").decode("utf-8"))


def _write(element: Any, write: Write) -> None:
    kind = type(element)
    writer = _WRITERS.get(kind)
    if writer is None:
        writer = _WRITERS[kind] = _writer_for(kind)
    if writer not in _AS_THEY_ARE and not _plain_parameters(element):
        writer = _fallback
    writer(element, write)


_AS_THEY_ARE = (_fallback, _title, _fragment)
"""Writers whose text does not depend on svgwrite's parameters."""


def _plain_parameters(element: Any) -> bool:
    """Whether svgwrite writes values as `str()` does: no validation, no rounding for Tiny."""
    parameter = element._parameter
    return not parameter.debug and parameter.profile != "tiny"


def _writer_for(kind: type) -> Callable[[Any, Write], None]:
    """The writer for a class, chosen by the serialisation it inherits from svgwrite."""
    get_xml = getattr(kind, "get_xml", None)
    if kind is SvgDocument:
        return _document
    if get_xml is svgwrite.base.BaseElement.get_xml:
        return _plain
    known: dict[Any, Callable[[Any, Write], None]] = {
        svgwrite.path.Path.get_xml: _path,
        svgwrite.container.Use.get_xml: _use,
        svgwrite.text.TSpan.get_xml: _text,
        svgwrite.container.Script.get_xml: _script,
        svgwrite.base.Title.get_xml: _title,
    }
    return known.get(get_xml, _fallback)


_WRITERS: dict[type, Callable[[Any, Write], None]] = {Fragment: _fragment, Prerendered: _fragment}
