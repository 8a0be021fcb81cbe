"""The flow a new caseworker follows on day one, in a real headless Chromium."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import Role
from mukti.accounts.services import user_create
from mukti.audit.models import AuditAction, AuditRecord
from mukti.conftest import browser_two_factor_setup
from mukti.directory.demo import directory_load_demo
from mukti.directory.models import Official

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "rajbari-night-shift-2026"


def test_login_then_directory_then_edit_an_official(browser_page: Any) -> None:
    page = browser_page
    admin, _ = user_create(actor=None, username="admin", role=Role.ADMINISTRATOR)
    directory_load_demo(actor=admin)
    _, one_time = user_create(
        actor=None, username="meera", first_name="Meera", role=Role.CASEWORKER
    )

    page.goto("/")
    page.get_by_label("Username").fill("meera")
    page.get_by_label("Password").fill(one_time)
    page.get_by_role("button", name="Sign in").click()

    # First sign-in: a one-time password must be replaced before anything else.
    page.get_by_label("Old password").fill(one_time)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password has been changed.").wait_for()

    # Then two-factor sign-in: nothing opens before it is set up.
    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    assert page.get_by_role("link", name="Directory", exact=True).count() == 0
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_text("That code is not the one your app shows now").wait_for()
    codes = browser_two_factor_setup(page)
    assert len(codes) == 10

    page.get_by_role("link", name="Directory", exact=True).first.click()
    page.get_by_role("link", name="Rajbari Outpost area").click()
    page.get_by_role("link", name="Rajbari Outpost", exact=True).click()
    page.get_by_role("link", name="Ashok Halder").click()
    page.get_by_role("link", name="Edit").click()

    # A bad number is explained next to the field and nothing is saved.
    page.get_by_label("Phones").fill("12345")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("“12345” is not a valid phone number").wait_for()
    assert page.get_by_label("Phones").get_attribute("aria-invalid") == "true"

    page.get_by_label("Phones").fill("98300 55555")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved Ashok Halder.").wait_for()
    assert page.get_by_test_id("official-phones").inner_text() == "+91 98300 55555"

    official = Official.objects.get(name="Ashok Halder")
    assert official.phones == ["+919830055555"]
    record = AuditRecord.objects.filter(action=AuditAction.UPDATE, object_id=str(official.pk)).get()
    assert record.actor_label == "meera"
    assert record.changes["phones"][1] == ["+919830055555"]
