"""In a browser: the data officer checks what would go to a partner, then downloads the HTCDS zip;
only the consented survivors are in it. Screenshots at desktop and phone width land in
``var/screenshots/`` for a person to look at."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from mukti.conftest import browser_sign_in
from mukti.exports import services
from mukti.exports.tests.conftest import PARTNER

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[3] / "var" / "screenshots"


def test_a_data_officer_checks_then_downloads_an_htcds_export(
    browser_page: Any, caseload: SimpleNamespace, tmp_path: Path
) -> None:
    page = browser_page
    browser_sign_in(page, "imran")
    page.get_by_role("link", name="Data sharing").first.click()
    page.get_by_label("For which partner").select_option(PARTNER)
    page.get_by_label("Anonymised dataset in CTDC's shape (CSV, k ≥ 11)").check()
    page.get_by_role("button", name="Check first").click()
    preview = page.get_by_test_id("export-preview")
    assert "Survivors included (consent names this partner)" in preview.inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SHOTS / "exports-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "exports-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("HTCDS v2.0: one CSV per table (zip)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    path = tmp_path / "htcds.zip"
    download.value.save_as(path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        person = archive.read("Person.csv").decode()
    for survivor in caseload.consented:
        assert services.person_id(survivor, PARTNER) in person
    for survivor in caseload.refused:
        assert services.person_id(survivor, PARTNER) not in person
