"""In a browser: a caseworker attaches a medical report to an entry, sees it in the case's
Documents panel and downloads it back unchanged; a file that is not a document is refused."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"Medical report, demo " * 50


def test_a_caseworker_attaches_a_document_and_downloads_it(
    browser_page: Any, case: Any, tmp_path: Any
) -> None:
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    panel = page.locator("#documents")
    assert "No documents attached yet" in panel.inner_text()
    panel.get_by_role("link", name="Attach").click()

    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"MZ\x90\x00" + bytes(range(256)))  # a program named .pdf
    page.get_by_label("What it is").fill("Medical report")
    page.get_by_label("File").set_input_files(str(fake))
    page.get_by_role("button", name="Attach").click()
    assert "none of those, whatever its name says" in page.inner_text("main")

    real = tmp_path / "medical report.pdf"
    real.write_bytes(PDF)
    page.get_by_label("Attach to the entry").select_option(index=1)
    page.get_by_label("What it is").fill("Medical report")
    page.get_by_label("File").set_input_files(str(real))
    page.get_by_role("button", name="Attach").click()
    page.get_by_text("Document attached.").wait_for()
    listed = page.locator("#documents").get_by_test_id("documents")
    assert "Medical report" in listed.inner_text()
    with page.expect_download() as download:
        listed.get_by_role("link", name="Medical report").click()
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == PDF
    assert download.value.suggested_filename == "medical report.pdf"
