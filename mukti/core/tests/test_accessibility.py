"""axe-core finds no accessibility violation on the main pages, for a supervisor and for a
caseworker, on a computer and on a phone, with the demo's cases (real clocks, chains, alerts).

axe-playwright-python ships axe-core; Playwright drives Debian's Chromium (skips without it)."""

from __future__ import annotations

import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from mukti.accounts.models import User
from mukti.conftest import PASSWORD, browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[2] / (
    "intake/corpus/dev/d01-field-report-north-24-parganas.txt"
)
VIEWPORTS = [(1366, 900), (390, 844)]
# Pages of the supervisor's role only (a caseworker is refused them).
SUPERVISOR_PAGES = {
    "lateness": "/deadlines/lateness/",
    "responsiveness": "/rescue/responsiveness/",
    "dashboard": "/reports/dashboard/",
    "statistics": "/reports/",
    "audit log": "/audit/",
    "alerts sent": "/deadlines/alerts-sent/",
    "API tokens": "/api/tokens/",
}
SHOTS = os.environ.get("MUKTI_SCREENSHOTS")  # a folder: keep a screenshot of each page there


@pytest.fixture
def demo() -> dict[str, str]:
    from mukti.cases.models import Case
    from mukti.intake.services import draft_create

    call_command("demo", "--no-serve", stdout=StringIO())
    for user in User.objects.filter(username__in=["rupa", "meera"]):
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
    meera = User.objects.get(username="meera")
    draft = draft_create(actor=meera, text=SAMPLE.read_text(encoding="utf-8"), filename="r.txt")
    rescued = Case.objects.filter(members__user=meera, status="in_care").order_by("pk")[0]
    waiting = Case.objects.filter(members__user=meera, status="rescue_pending").order_by("pk")[0]
    return {
        "home": reverse("home"),
        "case list": reverse("cases:case-list"),
        "case page": waiting.get_absolute_url(),
        "care": reverse("care:case-care", args=[rescued.reference]),
        "justice": reverse("justice:case-justice", args=[rescued.reference]),
        "intake review": draft.get_absolute_url(),
        "attach a document": reverse("documents:add", args=[rescued.reference]),
        "refer to a partner": reverse("referrals:new", args=[rescued.reference]),
        "referrals to us": reverse("referrals:incoming"),
        "due soon": reverse("deadlines:due-soon"),
        "alerts": reverse("deadlines:notifications"),
        "located, not rescued": reverse("rescue:window"),
        "directory": reverse("directory:index"),
    }


def violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {node['target']} {node['html'][:120]}"
        for v in results.response["violations"]
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("username", ["rupa", "meera"])
def test_the_main_pages_have_no_accessibility_violations(
    browser_page: Any, demo: dict[str, str], username: str
) -> None:
    page = browser_page
    browser_sign_in(page, username)
    found = []
    pages = {**demo, **(SUPERVISOR_PAGES if username == "rupa" else {})}
    for width, height in VIEWPORTS:
        page.set_viewport_size({"width": width, "height": height})
        for name, url in pages.items():
            response = page.goto(url)
            assert response is not None and response.status == 200, (name, url)
            page.wait_for_load_state("networkidle")  # the alerts badge arrives by htmx
            if SHOTS:
                page.screenshot(path=f"{SHOTS}/{username}-{name}-{width}.png", full_page=True)
            found += [f"{name} at {width}px: {line}" for line in violations(page)]
    assert found == [], "\n".join(found)


def test_the_check_fails_on_a_new_violation(browser_page: Any, demo: dict[str, str]) -> None:
    page = browser_page
    browser_sign_in(page, "meera")
    page.goto("/")
    assert violations(page) == []
    page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.src = "/static/mukti/favicon.svg";
          document.querySelector("main").append(img);
          const faint = document.createElement("p");
          faint.textContent = "Faint text";
          faint.style.color = "#bbbbbb";
          document.querySelector("main").append(faint);
        }"""
    )
    found = violations(page)
    assert any(line.startswith("image-alt") for line in found)
    assert any(line.startswith("color-contrast") for line in found)


def test_on_a_phone_what_needs_doing_comes_first_and_is_big_enough_to_tap(
    browser_page: Any, demo: dict[str, str]
) -> None:
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_sign_in(page, "meera")
    page.get_by_text("Alerts").wait_for()
    assert page.locator(".navbar-alerts").is_visible()  # outside the collapsed menu
    # The menu is collapsed.
    assert not page.get_by_role("link", name="Directory", exact=True).is_visible()

    page.goto(demo["case page"])
    answer = page.locator(".quick-answers button").first
    box = answer.bounding_box()
    assert box is not None and box["y"] < 1000, box  # was 1,700 px down
    assert box["height"] >= 44, box
    assert page.get_by_role("link", name="Record a sighting").bounding_box()["y"] < 400

    page.goto(demo["case list"])
    assert not page.locator("#id_status").is_visible()  # the filters are folded away
    for label in ("Priority", "District", "Lead"):
        cell = page.locator(f'td[data-label="{label}"]').first
        cell_box = cell.bounding_box()
        assert cell_box is not None and cell_box["x"] + cell_box["width"] <= 390, label
    page.goto(demo["located, not rescued"])
    warnings = page.locator('td[data-label="Warnings"]').first.bounding_box()
    assert warnings is not None and warnings["x"] + warnings["width"] <= 390
