"""In a browser: a caseworker downloads her case's report as a PDF and the case list as an Excel
file, and what she gets says what the case says, without a legal name."""

from __future__ import annotations

from typing import Any

import openpyxl
import pytest
from pypdf import PdfReader

from mukti.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_downloads_the_case_report_and_the_case_list(
    browser_page: Any, case: Any, tmp_path: Any
) -> None:
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Report (PDF)").click()
    with page.expect_download() as pdf_download:
        page.get_by_role("button", name="Download the PDF").click()
    pdf_path = tmp_path / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    text = "\n".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert case.reference in text and "Kusum" in text
    assert "CONFIDENTIAL" in text.upper()
    assert "Rokeya" not in text  # no identity unless asked for, with a reason

    page.goto("/cases/")
    with page.expect_download() as xlsx_download:
        page.get_by_test_id("export-links").get_by_role("link", name="Excel (XLSX)").click()
    xlsx_path = tmp_path / "cases.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    rows = [
        [str(c) for c in row if c is not None]
        for row in openpyxl.load_workbook(xlsx_path).worksheets[0].iter_rows(values_only=True)
    ]
    cells = " ".join(" ".join(row) for row in rows)
    assert case.reference in cells and "Rokeya" not in cells
