"""A caseworker pastes the sample field report, checks the marked text, adds a missed event by
selecting words, confirms, and sees the new case's timeline, in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mukti.accounts.models import Role
from mukti.cases.models import Case
from mukti.conftest import browser_sign_in, make_user
from mukti.intake.models import Draft, DraftStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}

SAMPLE = (
    Path(__file__).resolve().parent.parent / "corpus/dev/d01-field-report-north-24-parganas.txt"
).read_text(encoding="utf-8")

SELECT_WORDS = """(words) => {
  const narrative = document.getElementById("narrative");
  const walker = document.createTreeWalker(narrative, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(words);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + words.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      narrative.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def test_a_caseworker_turns_a_field_report_into_a_case(browser_page: Any) -> None:
    page = browser_page
    make_user("meera", Role.CASEWORKER)
    browser_sign_in(page, "meera")

    page.get_by_role("link", name="Narratives").click()
    page.get_by_role("link", name="Read a narrative").click()
    page.get_by_label("Paste the narrative").fill(SAMPLE)
    page.get_by_role("button", name="Read the narrative").click()
    page.get_by_text("Read 21 events. Check them against the text.").wait_for()

    narrative = page.locator("#narrative")
    assert narrative.locator("mark.hl-survivor").first.inner_text() == "Mazina"
    assert narrative.locator("mark.hl-event").count() >= 15
    assert narrative.locator("mark.hl-place", has_text="Rajbari Outpost").count() == 1
    assert narrative.locator("mark.hl-official", has_text="Senior Superintendent of Police").count()

    page.get_by_label("Pseudonym").fill("Shapla")
    page.get_by_role("button", name="Save corrections").click()
    page.get_by_text("Saved your corrections.").wait_for()

    words = "We waited for 30 minutes"
    assert page.evaluate(SELECT_WORDS, words)
    start = SAMPLE.index(words)
    assert page.locator("#id_add-start").input_value() == str(start)
    assert page.locator("#id_add-end").input_value() == str(start + len(words))
    assert page.locator("#add-selection").inner_text() == words
    page.get_by_label("The selected words are").select_option(label="Other")
    page.get_by_label("When (for an event)").fill("20 Apr 2024")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Added the selected words to the draft.").wait_for()
    added = next(e for e in Draft.objects.get().items["events"] if e["rule"] == "added by hand")
    assert added["evidence"] == words  # the browser's offsets are the server's

    # A last correction, typed but not saved: "Confirm and save" saves it too.
    page.get_by_label("Pseudonym").fill("Bakul")
    page.get_by_label("Title of the new case").fill("Woman held near Basirhat")
    page.get_by_role("button", name="Confirm and save").click()
    page.get_by_text("Saved the draft to MK-").wait_for()

    case = Case.objects.get()
    assert case.events.count() == 22
    assert case.case_survivors.get().survivor.pseudonym == "Bakul"
    timeline = page.locator("#timeline")
    timeline.get_by_text("20 Apr 2024, 22:55").first.wait_for()
    assert "Mazina" not in page.content()
    assert Draft.objects.get().status == DraftStatus.CONFIRMED
    page.get_by_role("link", name="Pasted narrative").click()
    page.get_by_role("heading", name="Source narrative").wait_for()
    page.get_by_label("Why do you need to read the source narrative?").fill(
        "Checking the rescue time"
    )
    page.get_by_role("button", name="Read the narrative").click()
    page.locator(".narrative").wait_for()
    assert "Rajbari Outpost" in page.locator(".narrative").inner_text()


def test_the_review_offers_the_directory_and_the_case_facts_and_confirm_makes_the_chain(
    browser_page: Any,
) -> None:
    from mukti.directory.demo import directory_load_demo
    from mukti.rescue.models import Engagement

    page = browser_page
    directory_load_demo(actor=make_user("admin", Role.ADMINISTRATOR))
    make_user("meera", Role.CASEWORKER)
    browser_sign_in(page, "meera")
    page.get_by_role("link", name="Narratives").click()
    page.get_by_role("link", name="Read a narrative").click()
    page.get_by_label("Paste the narrative").fill(SAMPLE)
    page.get_by_role("button", name="Read the narrative").click()
    page.get_by_text("Check them against the text.").wait_for()

    facts = page.get_by_role("region", name="The case")
    assert facts.get_by_label("Sexual exploitation").is_checked()
    assert facts.get_by_label("Case status after saving").input_value() == "in_care"
    first_met = page.locator("#item-e4").get_by_label("Official or office")
    assert "Arindam Sen" in first_met.locator("option:checked").inner_text()
    for name, size in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
        page.set_viewport_size(size)
        facts.scroll_into_view_if_needed()
        page.screenshot(path=f"var/screenshot-intake-review-{name}.png", full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_label("Pseudonym").fill("Shapla")
    page.locator("#item-e21").get_by_label("Official or office").select_option(
        label="Asha Short Stay Home (demo)"
    )
    page.get_by_label("Title of the new case").fill("Woman held near Basirhat")
    page.get_by_role("button", name="Confirm and save").click()
    page.get_by_text("Saved the draft to MK-").wait_for()
    assert Engagement.objects.count() == 6
    assert "No authority contacted yet" not in page.content()
    page.screenshot(path="var/screenshot-intake-confirmed-case.png", full_page=True)
