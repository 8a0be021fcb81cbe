"""In a browser: a legal officer records an arrest and the phone seized from the man, then hands
the phone from the arresting officer to the investigating officer to the forensic laboratory."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import Role
from mukti.cases import services as case_services
from mukti.conftest import browser_sign_in, make_user
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.justice import services
from mukti.justice.models import Custody

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_arrest_with_evidence_and_its_chain_of_custody(browser_page: Any) -> None:
    import datetime as dt

    farida = make_user("farida", Role.LEGAL_OFFICER)
    lead = make_user("meera", Role.CASEWORKER)
    area = Jurisdiction.objects.create(name="Bangaon PS area", kind="police_station")
    station = Office.objects.create(name="Bangaon Police Station", kind="police_station",
                                    jurisdiction=area)  # fmt: skip
    lab = Office.objects.create(name="State Forensic Science Laboratory", kind="other",
                                jurisdiction=area)  # fmt: skip
    ic = Official.objects.create(name="Amitava Ghosh", rank="inspector",
                                 designation="Inspector-in-Charge", office=station)  # fmt: skip
    io = Official.objects.create(name="Rina Das", rank="si", designation="Investigating Officer",
                                 office=station)  # fmt: skip
    case = case_services.case_open(
        actor=lead, title="Minor hidden in a locked room", team=[farida],
        offence_date=dt.date(2024, 1, 20),
    )  # fmt: skip
    services.accused_add(actor=lead, case=case, name="Sanju Sardar", role="manager")

    page = browser_page
    browser_sign_in(page, "farida")
    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Justice", exact=True).click()

    page.get_by_role("link", name="Arrest", exact=True).click()
    page.get_by_label("Accused").select_option(label="Sanju Sardar")
    page.get_by_label("Arrested at").fill("6 Mar 2024 23:15")
    page.get_by_label("Arresting officer").select_option(
        label="Amitava Ghosh, Inspector-in-Charge, Bangaon Police Station"
    )
    page.get_by_role("button", name="Save").click()
    page.get_by_test_id("accused").get_by_text("Arrested 6 Mar 2024, 23:15").wait_for()

    page.get_by_role("link", name="Seized").click()
    page.get_by_label("Seized at").fill("6 Mar 2024 23:40")
    page.get_by_label("Kind").select_option("phone")
    page.get_by_label("Description").fill("Black phone of the manager")
    page.get_by_label("Seized by (office)").select_option(
        label="Bangaon Police Station (Police station)"
    )
    page.get_by_label("Seized by (official)").select_option(
        label="Amitava Ghosh, Inspector-in-Charge, Bangaon Police Station"
    )
    page.get_by_role("button", name="Save").click()

    for to_office, to_official, when in (
        ("Bangaon Police Station (Police station)",
         "Rina Das, Investigating Officer, Bangaon Police Station", "2024-03-07T10:00"),
        ("State Forensic Science Laboratory (Other)", "", "2024-03-09T10:00"),
    ):  # fmt: skip
        page.get_by_role("link", name="Hand over").click()
        page.get_by_label("When").fill(when)
        page.get_by_label("To (office)").select_option(label=to_office)
        if to_official:
            page.get_by_label("To (official)").select_option(label=to_official)
        page.get_by_role("button", name="Save").click()
        page.get_by_text("Hand-over recorded.").wait_for()

    chain = page.get_by_test_id("chain").inner_text()
    assert "Seized 6 Mar 2024, 23:40 by Amitava Ghosh, Bangaon Police Station" in chain
    assert "to Rina Das, Bangaon Police Station" in chain
    assert "to State Forensic Science Laboratory" in chain
    assert "chain broken" not in page.content()
    holder = page.get_by_test_id("evidence").inner_text()
    assert "Held now by State Forensic Science Laboratory" in holder
    page.screenshot(path="var/justice-page.png", full_page=True)
    assert Custody.objects.count() == 2

    page.goto(case.get_absolute_url())
    page.get_by_text("arrested: Sanju Sardar").wait_for()
    assert ic.pk and io.pk and lab.pk
