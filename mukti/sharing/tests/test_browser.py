"""In a browser: Meera drafts Kusum's story (with her consent), a name she types is refused,
Rupa approves it and downloads it; Meera sends a referral packet from an escalation hop and the
outpost, without an account, opens it with the code and answers with an FIR number."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from mukti.care import services as care
from mukti.conftest import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("MUKTI_SCREENSHOTS", "/tmp/mukti-screens"))


def shoot(page: Any, name: str) -> None:
    """Desktop and phone width, for a person to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, label in ((1280, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_story_is_drafted_corrected_approved_and_downloaded(
    browser_page: Any, case: Any, cast: Any
) -> None:
    kusum = case.case_survivors.get().survivor
    care.consent_record(
        actor=cast["caseworker"], case=case, survivor=kusum, purpose="story",
        given_on=dt.date.today(),
    )  # fmt: skip
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    page.locator("#sharing").get_by_role("button", name="Draft Kusum's story").click()
    page.get_by_text("A draft of her story").wait_for()
    story = page.get_by_label("Her story")
    assert "March 2024: Information received." in story.input_value()
    story.fill("Kusum's story\n\nIn March 2024 Meera took her mother's call.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("It names a member of staff (“Meera”).").wait_for()
    page.get_by_label("Her story").fill("Kusum's story\n\nIn March 2024 her mother called us.")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("A supervisor must approve it").wait_for()
    shoot(page, "story")

    page.context.clear_cookies()
    browser_sign_in(page, "rupa")
    page.goto(case.get_absolute_url())
    page.locator("#sharing").get_by_role("link", name="Kusum's story").click()
    page.get_by_role("button", name="Approve for sharing").click()
    page.get_by_text("Approved: the story may be downloaded.").wait_for()
    with page.expect_download() as fetched:
        page.get_by_role("link", name="Download as text").click()
    body = Path(fetched.value.path()).read_text()
    assert body.strip() == "Kusum's story\n\nIn March 2024 her mother called us."


def test_a_packet_from_a_hop_is_opened_with_its_code_and_answered(
    browser_page: Any, case: Any, rescue_records: Any
) -> None:
    hop = rescue_records.second
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    page.locator("#sharing").get_by_role("link", name="Send a packet").click()
    page.get_by_label("Escalation hop").select_option(value=str(hop.pk))
    page.get_by_label("What you ask of them").fill("Rescue her tonight; she may be moved.")
    page.get_by_role("button", name="Make the packet").click()
    link = page.get_by_test_id("packet-link").inner_text().strip()
    code = page.get_by_test_id("packet-code").inner_text().strip()
    shoot(page, "packet-sent")

    page.context.clear_cookies()  # the outpost has no account
    # The link is built from MUKTI_SITE_URL; here the site is the live test server.
    assert link.startswith(settings.MUKTI_SITE_URL)
    page.goto(urlsplit(link).path)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Open").click()
    packet = page.get_by_test_id("packet").inner_text()
    assert "Rescue her tonight" in packet and "Kusum" in packet
    shoot(page, "packet-public")
    page.get_by_label("FIR registered").check()
    page.get_by_label("FIR number").fill("88/2026")
    page.get_by_role("button", name="Send the answer").click()
    page.get_by_test_id("answered").wait_for()
    hop.refresh_from_db()
    assert hop.answer == "agreed" and "88/2026" in hop.answer_note
