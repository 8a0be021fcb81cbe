"""Reading narratives from text, Word and PDF files, and refusing what is not one."""

from __future__ import annotations

import pytest

from mukti.intake.loader import MAX_BYTES, UnreadableText, text_from_bytes
from mukti.intake.tests.helpers import docx_bytes, pdf_bytes


def test_plain_utf8_text_with_a_byte_order_mark() -> None:
    assert text_from_bytes("\ufeffOn 20th April we met.".encode(), "a.txt") == (
        "On 20th April we met."
    )


def test_a_word_document_gives_its_paragraphs() -> None:
    data = docx_bytes(["On 20th April 2024 we met the SSP.", "Mazina was rescued."])
    assert text_from_bytes(data, "report.docx") == (
        "On 20th April 2024 we met the SSP.\nMazina was rescued.\n"
    )


def test_a_pdf_gives_its_text_layer() -> None:
    data = pdf_bytes(["On 20th April 2024 we met the SSP.", "Mazina was rescued."])
    text = text_from_bytes(data, "report.pdf")
    assert "On 20th April 2024 we met the SSP." in text
    assert "Mazina was rescued." in text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "is empty"),
        (b"  \n\t ", "a.txt", "is empty"),
        (b"x" * (MAX_BYTES + 1), "a.txt", "is larger than 1 MB"),
        (b"caf\xe9 au lait", "a.txt", "is not UTF-8 text (byte 3)"),
        (b"\x00\x01\x02binary\x00", "a.txt", "is a binary file, not text"),
        (b"plain text, not a zip", "a.docx", "is not a Word document (.docx)"),
        (b"%PDF-1.4 broken", "a.pdf", "is not a readable PDF file"),
        (b"hello", "a.pdf", "is not a PDF file"),
        ("আমরা প্রথম মাজিনার কথা জানতে পারি".encode(), "a.txt", "is written in Bengali"),
        ("हमें पहली बार माज़िना के बारे में पता चला".encode(), "a.txt", "Hindi (Devanagari)"),
    ],
)
def test_bad_files_are_refused_in_one_sentence(data: bytes, name: str, message: str) -> None:
    with pytest.raises(UnreadableText) as error:
        text_from_bytes(data, name)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_few_bengali_place_names_in_an_english_report_are_fine() -> None:
    text = "We met the SSP in Basirhat (বসিরহাট) on 20th April 2024 and the AHTU verified it."
    assert text_from_bytes(text.encode(), "a.txt") == text


def test_one_megabyte_is_the_limit_of_a_file_and_200_000_characters_of_its_text() -> None:
    text = "On 20th April 2024 the police rescued Mazina. "
    exactly = (text * (MAX_BYTES // len(text) + 1)).encode()[:MAX_BYTES]
    assert MAX_BYTES == 1_000_000
    with pytest.raises(UnreadableText, match="is larger than 1 MB"):
        text_from_bytes(exactly + b" ", "a.txt")
    with pytest.raises(UnreadableText, match="has more than 200,000 characters of text"):
        text_from_bytes(exactly, "a.txt")
    longest = (text * (200_000 // len(text) + 1))[:200_000].encode()
    assert text_from_bytes(longest, "a.txt").startswith(text)
