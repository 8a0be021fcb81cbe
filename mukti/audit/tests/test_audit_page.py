from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_administrator_sees_who_changed_a_case_but_not_its_content(
    client_as: Any, case: Any
) -> None:
    survivor = case.case_survivors.get().survivor
    client_as("caseworker").post(
        reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]),
        {"reason": "Name needed for the FIR at Basirhat"},
    )
    admin_page = client_as("administrator").get(reverse("audit:list"))
    assert admin_page.status_code == 200
    assert "cases.protectedidentity" in admin_page.text and "meera" in admin_page.text
    assert "Kusum" not in admin_page.text
    assert "Name needed for the FIR" not in admin_page.text
    assert "(case content withheld)" in admin_page.text
    supervisor_page = client_as("supervisor").get(reverse("audit:list"))
    assert "Name needed for the FIR at Basirhat" in supervisor_page.text


def test_the_audit_page_is_for_supervisors_and_administrators(client_as: Any) -> None:
    for role in ("caseworker", "legal_officer", "aftercare_officer", "data_officer"):
        assert client_as(role).get(reverse("audit:list")).status_code == 403
