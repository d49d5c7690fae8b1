"""Drafts split into paragraphs, and join codes people can read aloud and type on a phone."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.draft import (
    CODE_ALPHABET,
    CODE_LENGTH,
    join_code,
    normalise_code,
    split_paragraphs,
)


@pytest.mark.parametrize(
    ("draft", "paragraphs"),
    [
        pytest.param("One.\n\nTwo.", ("One.", "Two."), id="blank-line"),
        pytest.param("One.\r\n\r\nTwo.\r\n\r\nThree.", ("One.", "Two.", "Three."), id="crlf"),
        pytest.param("One.\r\rTwo.", ("One.", "Two."), id="old-mac-cr"),
        pytest.param("One.\n\n\n\n\nTwo.", ("One.", "Two."), id="extra-blank-lines"),
        pytest.param("One.\n   \t \nTwo.", ("One.", "Two."), id="blank-line-with-spaces"),
        pytest.param("\n\n  One.  \n\nTwo.\n\n\n  ", ("One.", "Two."), id="leading-trailing-space"),
        pytest.param(
            "A line\nand the next line.\n\nTwo.",
            ("A line\nand the next line.", "Two."),
            id="single-newline-kept",
        ),
        pytest.param("Only one paragraph.", ("Only one paragraph.",), id="single"),
        pytest.param("  \n\n \r\n ", (), id="nothing"),
    ],
)
def test_split_paragraphs_on_blank_lines(draft: str, paragraphs: tuple[str, ...]) -> None:
    # Given a draft as pasted from any editor, when split, then one entry per paragraph
    assert split_paragraphs(draft) == paragraphs


_line = st.text(alphabet="ab .,\t", min_size=1).map(str.strip).filter(bool)
_paragraph = st.lists(_line, min_size=1, max_size=3).map("\n".join)


@settings(max_examples=50)
@given(st.lists(_paragraph, max_size=6))
def test_joining_paragraphs_with_blank_lines_splits_back(paragraphs: list[str]) -> None:
    # Given paragraphs of one or more non-blank lines, when joined by blank lines and split,
    # then the same paragraphs come back, their inner line breaks kept
    assert split_paragraphs("\n\n".join(paragraphs)) == tuple(paragraphs)


@pytest.mark.parametrize("seed", [0, 1, 31, 32, 12345, 2**31 - 1, 2**53 - 1])
def test_join_code_is_six_letters_from_the_alphabet(seed: int) -> None:
    code = join_code(seed)
    assert len(code) == CODE_LENGTH == 6
    assert set(code) <= set(CODE_ALPHABET)


def test_the_alphabet_leaves_out_characters_that_are_confused() -> None:
    assert not set("IO01") & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=2**53))
def test_join_code_is_deterministic_per_seed(seed: int) -> None:
    assert join_code(seed) == join_code(seed)


def test_different_small_seeds_give_different_codes() -> None:
    # Given the first few thousand seeds, then no two share a code
    codes = {join_code(seed) for seed in range(5000)}
    assert len(codes) == 5000


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc234", "ABC234"),
        (" AbC-234 ", "ABC234"),
        ("abc 234", "ABC234"),
        ("a-b-c\t2 3 4", "ABC234"),
        ("ABC234", "ABC234"),
    ],
)
def test_normalise_code_drops_spaces_and_dashes_and_upper_cases(typed: str, code: str) -> None:
    assert normalise_code(typed) == code


@settings(max_examples=50)
@given(st.integers(min_value=0, max_value=2**53))
def test_a_code_typed_in_lower_case_with_a_dash_finds_the_session(seed: int) -> None:
    code = join_code(seed)
    typed = f" {code[:3].lower()}-{code[3:].lower()} "
    assert normalise_code(typed) == code
