"""Forgiving look-ups: an id, a name or an alias, any case, a unique beginning, a side."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trigger_points.errors import AmbiguousIdError, UnknownIdError, close_matches
from trigger_points.library import Library, load_library
from trigger_points.lookup import ALL_KINDS, MAPPABLE, fold, names, resolve

LIBRARY = load_library()
IDS = sorted({item_id for _, item_id in names(LIBRARY)})
FOLDED = [(fold(name), item_id) for name, item_id in names(LIBRARY)]


def in_any_case(text: str) -> st.SearchStrategy[str]:
    """The text with each letter upper or lower case, as a person might type it."""
    return st.lists(st.booleans(), min_size=len(text), max_size=len(text)).map(
        lambda upper: "".join(
            c.upper() if u else c.lower() for c, u in zip(text, upper, strict=True)
        )
    )


def unique_prefixes(item_id: str) -> list[str]:
    """The beginnings of an id that begin no other item's id, name or alias, by the test's count."""
    found = []
    for end in range(1, len(item_id) + 1):
        prefix = fold(item_id[:end])
        if prefix and {other for name, other in FOLDED if name.startswith(prefix)} == {item_id}:
            found.append(item_id[:end])
    return found


@given(
    st.sampled_from(IDS).flatmap(lambda item_id: st.tuples(st.just(item_id), in_any_case(item_id)))
)
def test_any_id_in_any_case_resolves_to_it(case: tuple[str, str]) -> None:
    item_id, typed = case
    assert resolve(LIBRARY, typed) == item_id


@given(
    st.sampled_from([i for i in IDS if unique_prefixes(i)]).flatmap(
        lambda item_id: st.tuples(
            st.just(item_id), st.sampled_from(unique_prefixes(item_id)).flatmap(in_any_case)
        )
    )
)
def test_any_unique_prefix_of_an_id_resolves_to_it(case: tuple[str, str]) -> None:
    item_id, typed = case
    assert resolve(LIBRARY, typed) == item_id


@given(st.sampled_from(IDS), st.integers(min_value=1, max_value=40))
def test_a_prefix_resolves_to_an_item_it_begins_or_names_every_match(
    item_id: str, length: int
) -> None:
    """Whatever beginning is typed, the answer is one it begins, or the list of them."""
    typed = item_id[:length]
    try:
        found = resolve(LIBRARY, typed)
    except AmbiguousIdError as error:
        assert len(error.matches) > 1
        assert all(
            any(n.startswith(fold(typed)) for n, i in FOLDED if i == m) for m in error.matches
        )
    else:
        assert any(name.startswith(fold(typed)) for name, other in FOLDED if other == found)


def test_names_aliases_and_labels_resolve(library: Library) -> None:
    assert resolve(library, "pirif") == "piriformis"  # not its points, nor piriformis syndrome
    assert resolve(library, "Gluteus Medius") == "gluteus_medius"
    assert resolve(library, "gluteus-medius") == "gluteus_medius"
    assert resolve(library, "Pyriformis") == "piriformis"  # an alias
    assert resolve(library, "ql") == "quadratus_lumborum"
    assert resolve(library, "SACROILIAC:RIGHT") == "sacroiliac:right"
    assert resolve(library, "Tailbone", ("region",)) == "coccyx"  # a label
    assert resolve(library, "Buttock: Left", ("region",)) == "buttock:left"
    assert resolve(library, "GLUTEUS MEDIUS.TRP1") == "gluteus_medius.trp1"
    assert resolve(library, "L5", MAPPABLE) == "l5"


def test_an_ambiguous_beginning_lists_what_it_could_mean(library: Library) -> None:
    with pytest.raises(AmbiguousIdError) as caught:
        resolve(library, "gluteus", ("muscle",))
    assert caught.value.matches == ("gluteus_maximus", "gluteus_medius", "gluteus_minimus")
    assert str(caught.value) == (
        "'gluteus' could be more than one muscle: gluteus_maximus, gluteus_medius, "
        "gluteus_minimus; type more of the one you mean"
    )


def test_what_it_means_none_of_is_unknown_with_beginnings_suggested(library: Library) -> None:
    with pytest.raises(UnknownIdError) as caught:
        resolve(library, "piriformus")
    assert caught.value.suggestions[0] == "piriformis"
    with pytest.raises(UnknownIdError) as caught:
        resolve(library, "sacroilac:right", ("region",))
    assert "did you mean 'sacroiliac:right'" in str(caught.value)
    with pytest.raises(UnknownIdError, match="unknown muscle 'l5'"):
        resolve(library, "l5", ("muscle",))  # one kind: the library's own error


def test_a_kind_not_asked_for_is_not_found(library: Library) -> None:
    with pytest.raises(UnknownIdError):
        resolve(library, "sacrum", MAPPABLE)
    assert resolve(library, "sacrum", ALL_KINDS) == "sacrum"


def test_the_library_itself_stays_strict(library: Library) -> None:
    with pytest.raises(UnknownIdError):
        library.muscle("Piriformis")
    with pytest.raises(UnknownIdError):
        library.muscle("pirif")


def test_a_renamed_id_the_library_follows_resolves_with_its_warning(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever the library's strict look-up accepts (a former id) is accepted, warning."""
    real = Library.muscle

    def following(self: Library, muscle_id: str) -> object:
        if muscle_id == "old_piriformis":
            warnings.warn("old_piriformis is now piriformis", DeprecationWarning, stacklevel=2)
            muscle_id = "piriformis"
        return real(self, muscle_id)

    monkeypatch.setattr(Library, "muscle", following)
    with pytest.warns(DeprecationWarning, match="now piriformis"):
        assert resolve(library, "old_piriformis", ("muscle",)) == "piriformis"


def test_suggestions_put_beginnings_first() -> None:
    regions = ["buttock_lateral", "buttock_lower", "buttock_upper", "sacrum", "button"]
    assert close_matches("buttock", regions) == [
        "buttock_lower",
        "buttock_upper",
        "buttock_lateral",
    ]
    assert close_matches("Sacr", regions) == ["sacrum"]
    assert close_matches("sacrun", regions) == ["sacrum"]  # and misspellings still
    assert close_matches("", regions) == []
