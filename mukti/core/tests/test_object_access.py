"""Object-level access: a record of one case is never reached through the address of another.

Guessing ids is the attack: someone who may see case B puts the id of a survivor, a shelter stay,
an arrest or an evidence item of case A into B's addresses. Every such URL must answer "not
found" (or "forbidden"), show nothing of A, and change nothing, even for a supervisor, who may
see both cases.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import User
from mukti.accounts.testing import sign_in
from mukti.cases import services
from mukti.core.tests.dbstate import snapshot
from mukti.core.tests.urlwalk import api_access, api_client, every_url

pytestmark = pytest.mark.django_db

NOT_IDS = {"reference", "record", "kind"}


def test_no_record_of_one_case_is_reached_through_another(
    cast: dict[str, User], url_arguments: dict[str, Any], case: Any
) -> None:
    other = services.case_open(
        actor=cast["caseworker"], title="Girl hidden in a locked room", offence_date=None
    )
    client = sign_in(Client(raise_request_exception=False), cast["supervisor"])
    api = api_client(cast["supervisor"])
    api.get(reverse("api-v1:case-list"))  # its first use is audited once, before the snapshots
    checked = 0
    for name, pattern, kwargs, _url in every_url(url_arguments):
        if "reference" not in kwargs or not set(kwargs) - NOT_IDS:
            continue
        url = reverse(name, kwargs={**kwargs, "reference": other.reference})
        for method in ("get", "post"):
            before = snapshot()
            if api_access(pattern) is not None:
                response = api.generic(method.upper(), url, "{}", content_type="application/json")
            else:
                response = getattr(client, method)(url)
            where = f"{method.upper()} {url} ({name}: ids of {case.reference})"
            assert response.status_code in (403, 404, 405), where
            assert "Kusum" not in response.content.decode(errors="replace"), where
            assert snapshot() == before, where
            checked += 1
    assert checked >= 40


def test_a_survivor_of_another_case_is_not_revealed(
    cast: dict[str, User], case: Any, client_as: Any
) -> None:
    other = services.case_open(actor=cast["caseworker"], title="Another case", offence_date=None)
    survivor = case.case_survivors.get().survivor
    response = client_as("caseworker").post(
        reverse("cases:survivor-reveal", args=[other.reference, survivor.pk]),
        {"reason": "Checking a name for the FIR"},
    )
    assert response.status_code == 404
    assert "Rokeya" not in response.text
