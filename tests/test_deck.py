"""The study deck: a valid Anki package whose notes keep their ids, and CSV flashcards.

The .apkg is opened as Anki opens it: a zip holding `collection.anki2` (sqlite),
a `media` map and the numbered media files. Field text is checked to add no
markup whatever the data says, and the CSV to give back any text it was given.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st

from trigger_points.cli import main
from trigger_points.deck import (
    DECK_ID,
    MUSCLE_MODEL_ID,
    POINT_MODEL_ID,
    deck_bytes,
    html_text,
    media_name,
    write_deck,
)
from trigger_points.flashcards import (
    COLUMNS,
    Flashcard,
    flashcards,
    flashcards_csv,
    read_flashcards_csv,
)
from trigger_points.library import Library
from trigger_points.words import NOT_A_DIAGNOSIS

STAMP = 1_767_225_600.0  # 2026-01-01


class Package:
    """An .apkg opened: its zip, its collection's rows, its media map."""

    def __init__(self, data: bytes, tmp_path: Path) -> None:
        path = tmp_path / "deck.apkg"
        path.write_bytes(data)
        self.zip = zipfile.ZipFile(path)
        database = tmp_path / "collection.anki2"
        database.write_bytes(self.zip.read("collection.anki2"))
        connection = sqlite3.connect(database)
        self.notes = connection.execute("SELECT guid, mid, tags, flds FROM notes").fetchall()
        self.cards = connection.execute("SELECT nid, did, ord FROM cards").fetchall()
        decks, models = connection.execute("SELECT decks, models FROM col").fetchone()
        self.decks, self.models = json.loads(decks), json.loads(models)
        connection.close()
        self.media: dict[str, str] = json.loads(self.zip.read("media"))

    def fields(self, model_id: int) -> list[dict[str, str]]:
        """Each note of a note type as {field name: HTML}."""
        names = [field["name"] for field in self.models[str(model_id)]["flds"]]
        return [
            dict(zip(names, flds.split("\x1f"), strict=True))
            for _, mid, _, flds in self.notes
            if mid == model_id
        ]


@pytest.fixture(scope="module")
def package(library: Library, tmp_path_factory: pytest.TempPathFactory) -> Package:
    return Package(deck_bytes(library, timestamp=STAMP), tmp_path_factory.mktemp("apkg"))


def test_the_package_is_a_zip_with_a_collection_and_its_media(package: Package) -> None:
    names = set(package.zip.namelist())
    assert {"collection.anki2", "media"} <= names
    assert names - {"collection.anki2", "media"} == set(package.media)
    for number, name in package.media.items():
        data = package.zip.read(number)
        assert name.endswith(".svg") and data.startswith(b"<svg")
    assert package.zip.testzip() is None


def test_one_note_per_trigger_point_and_per_muscle(library: Library, package: Package) -> None:
    points = [point.id for muscle in library.muscles for point in muscle.trigger_points]
    assert len(package.notes) == len(points) + len(library.muscles)
    assert [n["Id"] for n in package.fields(POINT_MODEL_ID)] == points
    assert [n["Id"] for n in package.fields(MUSCLE_MODEL_ID)] == [m.id for m in library.muscles]
    # Two cards a note (map to name and back; nerve and actions, attachments), in our deck.
    assert len(package.cards) == 2 * len(package.notes)
    assert {did for _, did, _ in package.cards} == {DECK_ID}
    assert package.decks[str(DECK_ID)]["name"] == "Trigger points of the low back and hip"


def test_every_field_a_card_shows_is_filled(package: Package) -> None:
    for note in package.fields(POINT_MODEL_ID):
        empty = [name for name, value in note.items() if not value.strip()]
        assert empty in ([], ["Spillover"]), note["Id"]
    for note in package.fields(MUSCLE_MODEL_ID):
        assert all(value.strip() for value in note.values()), note["Id"]


def test_guids_come_from_the_ids_and_stay_the_same_across_builds(
    library: Library, package: Package, tmp_path: Path
) -> None:
    later = Package(deck_bytes(library, timestamp=STAMP + 86_400), tmp_path)
    assert [n[0] for n in later.notes] == [n[0] for n in package.notes]
    ids = [n["Id"] for n in package.fields(POINT_MODEL_ID) + package.fields(MUSCLE_MODEL_ID)]
    assert [n[0] for n in package.notes] == [genanki.guid_for(item) for item in ids]
    assert len(set(ids)) == len(ids)


def test_an_updated_deck_updates_the_note_rather_than_adding_one(
    library: Library, tmp_path: Path
) -> None:
    """What Anki relies on to update: the same guid and note type, a newer modification time."""
    muscle = library.muscle("piriformis")
    point = muscle.trigger_points[0].model_copy(update={"location": "Moved by an educator."})
    changed = muscle.model_copy(update={"trigger_points": (point, *muscle.trigger_points[1:])})
    edited = library.replace(muscles=[changed if m.id == muscle.id else m for m in library.muscles])
    (tmp_path / "before").mkdir()
    (tmp_path / "after").mkdir()
    before = Package(deck_bytes(library, timestamp=STAMP), tmp_path / "before")
    after = Package(deck_bytes(edited, timestamp=STAMP + 60), tmp_path / "after")
    old = {n["Id"]: n for n in before.fields(POINT_MODEL_ID)}
    new = {n["Id"]: n for n in after.fields(POINT_MODEL_ID)}
    assert old.keys() == new.keys()
    assert new[point.id]["Location"] == "Moved by an educator."
    assert [n[:2] for n in after.notes] == [n[:2] for n in before.notes]  # guid, note type


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources += [value or "" for name, value in attrs if name == "src"]


def test_every_image_a_field_shows_is_in_the_media(library: Library, package: Package) -> None:
    shown = []
    for _, _, _, fields in package.notes:
        parser = _Images()
        parser.feed(fields)
        shown += parser.sources
    assert sorted(shown) == sorted(package.media.values())
    points = [point.id for muscle in library.muscles for point in muscle.trigger_points]
    assert sorted(package.media.values()) == sorted(media_name(point) for point in points)


def test_the_map_on_the_card_does_not_name_the_answer(package: Package) -> None:
    for number, name in package.media.items():
        svg = package.zip.read(number).decode("utf-8")
        heading = re.findall(r'<text class="title"[^>]*>([^<]*)</text>', svg)
        assert heading == ["Referred pain pattern"], name


def test_cards_carry_their_sources_tags_and_say_they_are_not_a_diagnosis(
    library: Library, package: Package
) -> None:
    for model in (POINT_MODEL_ID, MUSCLE_MODEL_ID):
        for template in package.models[str(model)]["tmpls"]:
            assert "{{Sources}}" in template["afmt"]
            assert NOT_A_DIAGNOSIS in template["afmt"]
    assert NOT_A_DIAGNOSIS in package.decks[str(DECK_ID)]["desc"]
    groups = {m.id: m.group for m in library.muscles}
    for note in package.fields(MUSCLE_MODEL_ID):
        assert note["Sources"]
    for _, _, tags, flds in package.notes:
        item = flds.split("\x1f")[0].split(".")[0]
        assert tags.split() == [
            f"trigger_points::{groups[item]}",
            f"trigger_points::muscle::{item}",
        ]


def test_the_same_library_and_time_give_the_same_bytes(library: Library) -> None:
    assert deck_bytes(library, timestamp=STAMP) == deck_bytes(library, timestamp=STAMP)


def test_source_date_epoch_stamps_a_reproducible_build(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STAMP)))
    assert deck_bytes(library) == deck_bytes(library, timestamp=STAMP)


class _Parsed(HTMLParser):
    """What a browser makes of a field: its text, and any markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.markup: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text += data

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.markup.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self.markup.append(tag)

    def handle_comment(self, data: str) -> None:
        self.markup.append("comment")

    def handle_decl(self, decl: str) -> None:
        self.markup.append("declaration")

    def handle_pi(self, data: str) -> None:
        self.markup.append("processing instruction")

    def unknown_decl(self, data: str) -> None:
        self.markup.append("declaration")


@given(st.text())
def test_field_text_shows_as_written_and_adds_no_markup(text: str) -> None:
    field = html_text(text)
    parsed = _Parsed()
    parsed.feed(field)
    parsed.close()
    assert parsed.markup == []
    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    assert parsed.text == expected.replace("\r", " ")
    # Nothing that ends Anki's field, nor Anki's own markup: sound tags, LaTeX, MathJax.
    assert "\x1f" not in field and "<" not in field and ">" not in field
    assert "[" not in field and "\\" not in field


def test_a_field_of_markup_is_shown_as_text() -> None:
    assert html_text('<img src=x onerror="alert(1)">[sound:a.mp3] \\(x\\)') == (
        "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#91;sound:a.mp3&#93; &#92;(x&#92;)"
    )


# --- CSV -------------------------------------------------------------------------------------

# Text as data can hold it: any character but a lone surrogate, which UTF-8 cannot say.
TEXT = st.text(st.characters(exclude_categories=["Cs"]))
TAGS = st.lists(
    st.text(st.characters(exclude_categories=["Z", "Cc", "Cs"]), min_size=1), max_size=4
)


@given(st.lists(st.tuples(TEXT, TEXT, TAGS, TEXT)))
def test_any_text_comes_back_from_the_csv(rows: list[tuple[str, str, list[str], str]]) -> None:
    cards = [Flashcard(front, back, tuple(tags), guid) for front, back, tags, guid in rows]
    text = flashcards_csv(cards)
    assert read_flashcards_csv(text) == cards
    # RFC 4180: CRLF ends each record; UTF-8 says every character.
    assert text.startswith("front,back,tags,guid\r\n")
    assert text.encode("utf-8").decode("utf-8") == text


def test_the_csv_holds_two_cards_per_point_and_per_muscle(library: Library) -> None:
    cards = flashcards(library)
    points = sum(len(m.trigger_points) for m in library.muscles)
    assert len(cards) == 2 * points + 2 * len(library.muscles)
    assert len({card.guid for card in cards}) == len(cards)
    assert all(card.front and card.back and card.tags and card.guid for card in cards)
    assert all(NOT_A_DIAGNOSIS in card.back and "Source: " in card.back for card in cards)
    piriformis = library.trigger_point("piriformis.lateral")
    asked = [c for c in cards if c.back.startswith("Piriformis: " + piriformis.name)]
    assert len(asked) == 1 and "Essential zone: Sacroiliac joint" in asked[0].front
    assert read_flashcards_csv(flashcards_csv(cards)) == cards
    assert flashcards(library) == cards  # guids are stable


def test_a_csv_with_another_header_is_refused() -> None:
    with pytest.raises(ValueError, match="first row"):
        read_flashcards_csv("question,answer\r\nA,B\r\n")
    with pytest.raises(ValueError, match="row 2 has 1 fields"):
        read_flashcards_csv(",".join(COLUMNS) + "\r\nalone\r\n")


# --- the command -----------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_command_writes_the_deck_and_says_what_it_holds(
    capsys: pytest.CaptureFixture[str], library: Library, tmp_path: Path
) -> None:
    output = tmp_path / "lowback.apkg"
    status, out, err = run(capsys, "deck", "-o", str(output))
    assert (status, err) == (0, "")
    notes = len(library.muscles) + sum(len(m.trigger_points) for m in library.muscles)
    assert out.startswith(f"wrote {output}: {notes} notes, {2 * notes} cards, ")
    assert zipfile.ZipFile(output).testzip() is None


def test_the_command_writes_csv(capsys: pytest.CaptureFixture[str], library: Library) -> None:
    status, out, _ = run(capsys, "deck", "--format", "csv")
    assert status == 0
    assert read_flashcards_csv(out) == flashcards(library)


@pytest.mark.parametrize("kind", ["folder", "under a file", "no -o"])
def test_a_bad_output_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    output = {"folder": [str(tmp_path)], "under a file": [str(tmp_path / "notes.txt" / "d.apkg")]}
    status, out, err = run(capsys, "deck", *(["-o", *output[kind]] if kind in output else []))
    assert status == 2
    assert out == "" and err.startswith("trigger-points: ") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_bad_data_is_placed_and_leaves_the_old_deck_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "lowback.apkg"
    output.write_bytes(b"the deck I had")
    broken = Path(__file__).parent / "broken" / "unknown_region"
    for fmt in ("apkg", "csv"):
        status, _, err = run(
            capsys, "deck", "--data", str(broken), "--format", fmt, "-o", str(output)
        )
        assert status == 1
        assert re.search(r"example_muscle\.yaml:\d+:\d+: trigger_points\[0\]\.essential", err)
    assert output.read_bytes() == b"the deck I had"


def test_write_deck_reports_its_counts(library: Library, tmp_path: Path) -> None:
    report = write_deck(library, tmp_path / "d.apkg", timestamp=STAMP)
    assert report.media == sum(len(m.trigger_points) for m in library.muscles)
    assert report.size == (tmp_path / "d.apkg").stat().st_size
    assert (tmp_path / "d.apkg").read_bytes() == deck_bytes(library, timestamp=STAMP)


def test_anki_imports_the_deck_and_updates_it_without_duplicates(
    library: Library, tmp_path: Path
) -> None:
    """Anki's own importer (the `anki` package, when installed): what a student's Anki does."""
    anki_collection = pytest.importorskip("anki.collection", reason="anki is not installed")
    conditions = pytest.importorskip("anki.import_export_pb2")
    muscle = library.muscle("piriformis")
    point = muscle.trigger_points[0].model_copy(update={"location": "Moved by an educator."})
    changed = muscle.model_copy(update={"trigger_points": (point, *muscle.trigger_points[1:])})
    edited = library.replace(muscles=[changed if m.id == muscle.id else m for m in library.muscles])
    write_deck(library, tmp_path / "v1.apkg", timestamp=STAMP)
    write_deck(edited, tmp_path / "v2.apkg", timestamp=STAMP + 3600)
    (tmp_path / "anki").mkdir()
    collection = anki_collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    if_newer = (
        conditions.ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    )
    notes = len(library.muscles) + sum(len(m.trigger_points) for m in library.muscles)
    try:
        logs = []
        for name in ("v1.apkg", "v2.apkg"):
            request = anki_collection.ImportAnkiPackageRequest(
                package_path=str(tmp_path / name),
                options=anki_collection.ImportAnkiPackageOptions(
                    update_notes=if_newer, update_notetypes=if_newer
                ),
            )
            logs.append(collection.import_anki_package(request).log)
        assert (len(logs[0].new), len(logs[0].updated)) == (notes, 0)
        assert (len(logs[1].new), len(logs[1].updated), len(logs[1].duplicate)) == (0, notes, 0)
        assert collection.note_count() == notes and collection.card_count() == 2 * notes
        note = collection.get_note(collection.find_notes(f'"Id:{point.id}"')[0])
        assert note["Location"] == "Moved by an educator."
        # The map changed too (its description says where the point is): Anki keeps the new
        # one beside the old, under a name of its own, and the card shows the new one.
        shown = re.findall(r'<img src="([^"]+)"', note.cards()[0].question())
        assert len(shown) == 1 and shown[0].startswith(media_name(point.id)[: -len(".svg")])
        svg = (Path(collection.media.dir()) / shown[0]).read_text(encoding="utf-8")
        assert "Moved by an educator." in svg
    finally:
        collection.close()
