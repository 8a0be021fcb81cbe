"""In a browser: a caseworker switches the pages to Bengali, then to Hindi, from the menu, and
reads her case page in each (dates in the language's month names and digits), on a phone too."""

from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import User
from mukti.cases.models import Case
from mukti.conftest import PASSWORD, browser_sign_in
from mukti.core.tests.test_accessibility import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _switch(page: Any, language: str) -> None:
    """Open the menu under her name and choose the language by its own name."""
    page.locator("#main-nav .dropdown-toggle").click()
    page.locator(f'#main-nav button[name="language"][value="{language}"]').click()
    page.wait_for_selector(f'html[lang="{language}"]')


@pytest.mark.parametrize(
    ("language", "year", "month"), [("bn", "২০২৪", "মার্চ"), ("hi", "2024", "मार्च")]
)
def test_the_case_page_in_bengali_and_in_hindi(
    browser_page: Any, case: Case, cast: dict[str, User], language: str, year: str, month: str
) -> None:
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto(case.get_absolute_url())
    _switch(page, language)
    assert User.objects.get(username="meera").language == language
    assert page.url.endswith(case.get_absolute_url())  # back where she was
    timeline = page.locator("#timeline").inner_text()
    assert f"{month} {year}" in timeline, timeline
    assert case.reference in page.content()  # references stay as they are written
    for width, height in [(1366, 900), (390, 844)]:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(case.get_absolute_url())
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=f"var/case-page-{language}-{width}.png", full_page=True)
    assert violations(page) == []
    # Another browser (no cookies): the sign-in page follows the browser (English); as soon as
    # her password is taken, the pages are in her language.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "en-gb"
    page.locator("input[name=username]").fill("meera")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_selector(f'html[lang="{language}"]')
