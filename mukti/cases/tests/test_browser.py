"""A caseworker records a case from scratch in a real headless Chromium, on a phone-sized screen
for the timeline entries."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import Role, User
from mukti.cases.models import Case, Event
from mukti.conftest import browser_sign_in, make_user
from mukti.directory.demo import directory_load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, username: str) -> None:
    browser_sign_in(page, username)


def add_event(page: Any, what: str, when: str, note: str) -> None:
    quick = page.locator("details.quick-entry")
    if quick.get_attribute("open") is None:
        quick.locator("summary").click()
    quick.get_by_label("What happened").select_option(label=what)
    quick.get_by_label("When").fill(when)
    quick.get_by_label("Note").fill(note)
    quick.get_by_role("button", name="Add").click()
    page.get_by_text(note).wait_for()


def test_a_caseworker_opens_a_case_and_builds_its_timeline(browser_page: Any) -> None:
    page = browser_page
    admin = make_user("admin", Role.ADMINISTRATOR)
    directory_load_demo(actor=admin)
    make_user("meera", Role.CASEWORKER, last_name="Banerjee")
    sign_in(page, "meera")

    page.get_by_role("link", name="Cases", exact=True).first.click()
    page.get_by_role("link", name="Open a case").click()
    page.get_by_label("Title").fill("Woman held near Rajbari")
    page.get_by_label("Offence date").fill("2024-03-02")
    page.get_by_label("Origin country").select_option("BD")
    page.get_by_label("Sexual exploitation").check()
    page.get_by_role("button", name="Open the case").click()
    page.get_by_text("Opened MK-").wait_for()
    reference = Case.objects.get().reference

    page.get_by_role("link", name="Add survivor").click()
    page.get_by_label("Pseudonym").fill("Kusum")
    page.get_by_label("Age (years)").fill("22")
    page.get_by_label("Legal name").fill("Rokeya Browsertest")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Added Kusum.").wait_for()
    assert "Rokeya" not in page.content()

    page.get_by_role("link", name="Record a sighting").click()
    page.get_by_label("Survivor").select_option(label="Kusum")
    page.get_by_label("Seen or confirmed at").fill("22 Apr 2024 11:30")
    page.get_by_label("Place").select_option(label="Rajbari Outpost area (Outpost area)")
    page.get_by_label("Source").fill("partner informant")
    page.get_by_label("Confidence").select_option("confirmed")
    page.get_by_role("button", name="Record").click()
    page.get_by_text("Recorded where Kusum was seen.").wait_for()
    assert (
        "Last confirmed: Rajbari Outpost area" in page.get_by_test_id("last-location").inner_text()
    )

    # The three timeline entries are typed on a phone, out of order, without a page reload.
    page.set_viewport_size({"width": 390, "height": 844})
    add_event(page, "Rescue", "22 Apr 2024 22:55", "OC brought her to the outpost")
    add_event(page, "Verified", "22 Apr 2024 14:10", "Met the SSP")
    add_event(page, "Trafficked", "2 Mar 2024", "Crossed the border near Petrapole")

    # The rescue concerned her (the only survivor): the panel beside the timeline follows.
    assert "Status: Rescued" in page.locator("#survivors").inner_text()
    items = page.get_by_test_id("event").all_inner_texts()
    markers = ("Crossed the border", "Location identified", "Met the SSP", "OC brought her")
    order = [next(i for i, t in enumerate(items) if marker in t) for marker in markers]
    assert order == sorted(order), items
    assert Event.objects.filter(case__reference=reference).count() == 4
    timeline = page.get_by_role("list", name="Events in date order")
    assert timeline.get_by_text("Rescue", exact=True).is_visible()
    page.screenshot(path="var/screenshot-case-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    page.screenshot(path="var/screenshot-case.png", full_page=True)
    assert User.objects.get(username="meera").case_memberships.count() == 1


def test_a_caseworker_is_told_she_may_already_be_known_and_links_her(
    browser_page: Any, tmp_path: Any
) -> None:
    """The same woman, written in Bengali in a second case, is recognised and linked
    (screenshots in ``MUKTI_SCREENSHOTS`` if set)."""
    import os
    from pathlib import Path

    from mukti.cases import services

    tmp_path = Path(os.environ.get("MUKTI_SCREENSHOTS", tmp_path))

    page = browser_page
    meera = make_user("meera", Role.CASEWORKER, last_name="Banerjee")
    first = services.case_open(actor=meera, title="Woman held near Basirhat")
    services.survivor_add(
        actor=meera, case=first, pseudonym="Tara", age_years=23, nationality="BD",
        identity={"legal_name": "Mazina Khatun", "home_address": "Village Hingalganj"},
    )  # fmt: skip
    second = services.case_open(actor=meera, title="Girl found at Sonagachi")
    sign_in(page, "meera")
    page.goto(f"/cases/{second.reference}/survivors/new/")
    page.get_by_label("Pseudonym").fill("Shapla")
    page.get_by_label("Age (years)").fill("25")
    page.get_by_label("Nationality").select_option("BD")
    page.get_by_label("Legal name").fill("মাজিনা খাতুন")
    page.get_by_role("button", name="Save").click()
    matches = page.get_by_test_id("possible-matches")
    matches.wait_for()
    assert "Tara" in matches.inner_text() and first.reference in matches.inner_text()
    assert "her name sounds the same" in matches.inner_text()
    page.screenshot(path=str(tmp_path / "matches-desktop.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "matches-phone.png"), full_page=True)
    page.get_by_label("She is Tara").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Added Shapla.").wait_for()
    page.get_by_role("link", name="Across cases").first.click()
    records = page.locator("#records-h").locator("..").inner_text()
    assert first.reference in records and second.reference in records
    page.screenshot(path=str(tmp_path / "same-person-phone.png"), full_page=True)
