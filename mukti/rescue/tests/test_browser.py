"""On a phone: the escalation chain of the first story, and the failed-then-successful rescue of
the second, recorded through the UI and checked as a caseworker sees them."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import Role
from mukti.cases import services as case_services
from mukti.cases.models import Case, CaseSurvivor, SurvivorStatus
from mukti.conftest import browser_sign_in, make_user
from mukti.core.fuzzydate import parse_when
from mukti.directory.demo import directory_load_demo
from mukti.directory.models import Jurisdiction, Office, Official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def setup_case(title: str, pseudonym: str, place: str, seen: str) -> Case:
    meera = make_user("meera", Role.CASEWORKER) if not Case.objects.exists() else None
    lead = meera or Case.objects.order_by("pk")[0].lead
    case = case_services.case_open(actor=lead, title=title)
    survivor = case_services.survivor_add(actor=lead, case=case, pseudonym=pseudonym, age_years=15)
    case_services.sighting_record(
        actor=lead,
        case=case,
        survivor=survivor,
        when=parse_when(seen),
        place=Jurisdiction.objects.get(name=place),
        source="informant",
        confidence="confirmed",
    )
    return case


def office(name: str) -> str:
    return str(Office.objects.get(name=name).pk)


def official(name: str) -> str:
    return str(Official.objects.get(name=name).pk)


def went_to(page: Any, office_name: str, person: str, when: str, request: str = "rescue") -> None:
    page.locator("#id_office").select_option(office(office_name))
    page.locator("#id_official").select_option(official(person))
    page.get_by_label("We asked for").select_option(request)
    page.get_by_label("When we asked").fill(when)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Recorded:").wait_for()


def answer(page: Any, hop: int, what: str, at: str, **extra: str) -> None:
    page.get_by_role("link", name="Record answer").nth(0).click()
    page.get_by_label("Their answer").select_option(what)
    page.get_by_label("Answered at").fill(at)
    if "note" in extra:
        page.get_by_label("What they said").fill(extra["note"])
    if "until" in extra:
        page.get_by_label("Deferred until").fill(extra["until"])
    if "to_office" in extra:
        page.get_by_label("Referred to office").select_option(office(extra["to_office"]))
        page.get_by_label("Referred to official").select_option(official(extra["to_person"]))
    page.get_by_role("button", name="Save").click()


def sign_in(page: Any) -> None:
    page.set_viewport_size(PHONE)
    browser_sign_in(page, "meera")


def test_the_escalation_chain_of_the_first_story(browser_page: Any) -> None:
    page = browser_page
    directory_load_demo(actor=make_user("admin", Role.ADMINISTRATOR))
    case = setup_case(
        "Woman held near Rajbari", "Kusum", "Rajbari Outpost area", "22 Apr 2024 11:30"
    )
    sign_in(page)
    page.goto(case.get_absolute_url())

    page.get_by_role("link", name="We went to an authority").click()
    went_to(
        page, "District Police Headquarters, North 24 Parganas", "Arindam Sen", "22 Apr 2024 14:10"
    )
    answer(
        page,
        0,
        "referred",
        "2024-04-22T14:25",
        note="No appointment",
        to_office="Anti Human Trafficking Unit, North 24 Parganas",
        to_person="Tapas Biswas",
    )
    # A referral opens the next hop with the office and official already chosen.
    page.get_by_label("When we asked").fill("22 Apr 2024 15:00")
    page.get_by_label("We asked for").select_option("trace")
    page.get_by_role("button", name="Save").click()
    answer(page, 1, "unable_to_trace", "2024-04-22T16:30")

    page.get_by_role("link", name="Went to someone else next…").click()
    went_to(
        page, "District Police Headquarters, North 24 Parganas", "Arindam Sen", "22 Apr 2024 17:00"
    )
    answer(
        page,
        2,
        "referred",
        "2024-04-22T18:00",
        to_office="Office of the SP, Basirhat Police District",
        to_person="Partha Ghosh",
    )
    page.get_by_label("When we asked").fill("22 Apr 2024 19:20")
    page.get_by_role("button", name="Save").click()
    answer(
        page,
        3,
        "deferred",
        "2024-04-22T19:40",
        until="2024-04-23T10:00",
        note="Too late to raid tonight",
    )

    page.get_by_role("link", name="Went to someone else next…").click()
    went_to(page, "Office of the SP, Basirhat Police District", "Partha Ghosh", "22 Apr 2024 19:50")
    answer(
        page,
        4,
        "referred",
        "2024-04-22T20:05",
        to_office="Rajbari Outpost",
        to_person="Ashok Halder",
    )
    page.get_by_label("When we asked").fill("22 Apr 2024 20:30")
    page.get_by_role("button", name="Save").click()
    # The last answer is one tap, without leaving the page.
    page.get_by_role("button", name="Agreed").click()
    chain = page.get_by_test_id("chain-text")
    chain.filter(has_text="OC Rajbari Outpost: agreed").wait_for()
    assert chain.inner_text() == (
        "SSP North 24 Parganas: referred → IC AHTU: unable to trace → SSP North 24 Parganas: "
        "referred → SP Basirhat: deferred → SP Basirhat: referred → OC Rajbari Outpost: agreed"
    )
    page.screenshot(path="var/screenshot-chain-phone.png", full_page=True)

    page.get_by_role("link", name="Located, not rescued").first.click() if page.get_by_role(
        "link", name="Located, not rescued"
    ).first.is_visible() else page.goto("/rescue/window/")
    row = page.get_by_test_id("window-row").filter(has_text="Kusum")
    assert "Rajbari Outpost: Agreed" in row.inner_text()


def test_a_failed_then_successful_rescue_of_the_second_story(browser_page: Any) -> None:
    page = browser_page
    directory_load_demo(actor=make_user("admin", Role.ADMINISTRATOR))
    case = setup_case("Minor at the lodge", "Tuli", "Bangaon PS area", "12 Feb 2024 17:00")
    sign_in(page)
    page.goto(case.get_absolute_url())

    page.get_by_role("link", name="Plan a rescue").click()
    page.get_by_label("Target place").select_option(
        str(Jurisdiction.objects.get(name="Bangaon PS area").pk)
    )
    page.get_by_label("Tuli").check()
    page.get_by_label("Lead police unit").select_option(office("Bangaon Police Station"))
    page.get_by_label("Planned for").fill("2024-02-14T21:00")
    page.get_by_role("button", name="Save").click()

    page.get_by_role("link", name="Record an attempt").click()
    page.get_by_label("When").fill("14 Feb 2024 23:00")
    page.get_by_label("Outcome").select_option("hidden")
    page.get_by_label("What followed").fill("Seen, then hidden in a locked room")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A failed attempt: she may be moved.").wait_for()
    page.goto("/rescue/window/")
    assert (
        "1 failed attempt" in page.get_by_test_id("window-row").filter(has_text="Tuli").inner_text()
    )

    page.goto(case.get_absolute_url())
    page.get_by_role("link", name="Record an attempt").click()
    page.get_by_label("When").fill("6 Mar 2024 22:30")
    page.get_by_label("Outcome").select_option("rescued")
    page.get_by_label("How many people were brought out").fill("2")
    page.get_by_label("Tuli").check()
    page.get_by_role("button", name="Save").click()
    # Two counted, one named: refused, nothing saved.
    page.get_by_text("You counted 2 people brought out but listed 1.").wait_for()
    page.get_by_label("How many people were brought out").fill("1")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Attempt recorded.").wait_for()
    assert CaseSurvivor.objects.get(case=case).status == SurvivorStatus.RESCUED
    page.goto("/rescue/window/")
    assert page.get_by_test_id("window-row").filter(has_text="Tuli").count() == 0
