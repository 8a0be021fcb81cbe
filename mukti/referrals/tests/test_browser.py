"""In a browser: Meera refers Kusum to a partner organisation; the partner's caseworker accepts
and reads what was shared."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mukti.accounts.models import Organisation, Role
from mukti.care import services as care
from mukti.conftest import browser_sign_in, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_referral_from_one_organisation_to_another(
    browser_page: Any, case: Any, cast: Any
) -> None:
    partner = Organisation.objects.create(name="Jessore Reintegration Trust")
    make_user("salma", Role.CASEWORKER, organisation=partner)
    kusum = case.case_survivors.get().survivor
    care.consent_record(
        actor=cast["caseworker"], case=case, survivor=kusum, purpose="data_sharing",
        given_on=dt.date.today(), partner=partner.name,
    )  # fmt: skip
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    page.locator("#referrals").get_by_role("link", name="Refer").click()
    page.get_by_label("Refer to").select_option(label=partner.name)
    page.get_by_label("Kusum").check()
    page.get_by_label("What you ask of them").fill("Family tracing in Jessore")
    page.get_by_role("button", name="Refer").click()
    page.get_by_text("Referred to Jessore Reintegration Trust.").wait_for()
    assert "Waiting for their answer" in page.locator("#referrals").inner_text()

    page.context.clear_cookies()
    browser_sign_in(page, "salma")
    page.get_by_role("link", name="Referrals").first.click()
    page.get_by_role("link", name=case.organisation.name).click()
    page.get_by_role("button", name="Accept and open our case").click()
    page.get_by_text("Accepted: your case").wait_for()
    # Her own case: Kusum by pseudonym, and where the case came from.
    assert "Kusum" in page.inner_text("main")
    page.locator("#referrals").get_by_role("link", name="what they shared").click()
    shared = page.get_by_test_id("shared").inner_text()
    assert "Kusum" in shared and "Mother called the hotline" in shared
    assert "Rokeya" not in page.content()
