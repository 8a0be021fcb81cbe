"""In a browser: a survivor placed in a temporary shelter, then moved to a long-term home."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import Role
from mukti.care.models import Placement
from mukti.cases import services as case_services
from mukti.conftest import browser_sign_in, make_user
from mukti.directory.models import Jurisdiction, Office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_caseworker_places_her_in_a_temporary_shelter_then_moves_her(browser_page: Any) -> None:
    meera = make_user("meera", Role.AFTERCARE_OFFICER)
    district = Jurisdiction.objects.create(name="North 24 Parganas", kind="district")
    for name, beds in (("Aashray Short-Stay Home", 2), ("Nirapad Long-Term Home", 30)):
        Office.objects.create(name=name, kind="shelter_home", jurisdiction=district, capacity=beds)
    lead = make_user("rupa", Role.CASEWORKER)
    case = case_services.case_open(actor=lead, title="Girl found in a locked room", team=[meera])
    case_services.survivor_add(actor=lead, case=case, pseudonym="Tara", age_years=15)

    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Care", exact=True).click()
    page.get_by_role("link", name="Place in a shelter").click()
    page.get_by_label("Arrived on").fill("14 Nov 2024")
    page.get_by_label("Shelter home").select_option(label="Aashray Short-Stay Home (Shelter home)")
    page.get_by_label("Kind of stay").select_option("temporary")
    page.get_by_role("button", name="Save").click()
    current = page.get_by_test_id("current-placement")
    current.get_by_text("Aashray Short-Stay Home").wait_for()

    page.get_by_role("link", name="Move").click()
    page.get_by_label("Moved on").fill("5 Dec 2024")
    page.get_by_label("To shelter home").select_option(
        label="Nirapad Long-Term Home (Shelter home)"
    )
    page.get_by_label("Why she moved").fill("CWC order for long-term care")
    page.get_by_role("button", name="Save").click()
    current.get_by_text("Nirapad Long-Term Home").wait_for()
    history = page.get_by_test_id("placements").inner_text()
    assert "Aashray Short-Stay Home · Temporary shelter · 14 Nov 2024 – 5 Dec 2024" in history
    assert "Nirapad Long-Term Home · Long-term home · 5 Dec 2024 – now" in history
    page.screenshot(path="var/care-page.png", full_page=True)

    page.get_by_role("link", name="Shelters").click()
    row = page.get_by_test_id("home").filter(has_text="Nirapad Long-Term Home")
    assert "Tara" in row.inner_text()
    assert Placement.objects.filter(ended_on__isnull=True).get().home.name == (
        "Nirapad Long-Term Home"
    )
