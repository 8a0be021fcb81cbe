"""One accused man recorded apart in two cases (by two teams, or before names were matched across
scripts): his records that may be the same man, an audited "same person" link, and his history
across the cases whose legal side the user may see; never a record of a case she may not see."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mukti.accounts.models import Organisation, Role
from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services as case_services
from mukti.cases.models import Case
from mukti.conftest import make_user, sign_in
from mukti.core.errors import ApplicationError
from mukti.justice import services
from mukti.justice.models import CaseAccused, SameAccused

pytestmark = pytest.mark.django_db


def _url(case: Case, link: CaseAccused) -> str:
    return reverse("justice:accused-same-person", args=[case.reference, link.accused_id])


def _accused_in_new_case(actor: Any, title: str, name: str) -> tuple[Case, CaseAccused]:
    other = case_services.case_open(actor=actor, title=title, exploitation=["sexual"])
    return other, services.accused_add(actor=actor, case=other, role="recruiter", name=name)


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    sign_in(client, user)
    return client


def test_two_records_of_one_man_are_offered_linked_and_shown_as_one_history(
    case: Case, cast: Any
) -> None:
    meera = cast["caseworker"]
    first = services.accused_add(actor=meera, case=case, role="recruiter", name="Rafiqul Sheikh")
    second_case, second = _accused_in_new_case(meera, "Girl found at Sonagachi", "রফিকুল শেখ")
    assert first.accused_id != second.accused_id  # recorded apart
    client = _client(meera)
    page = client.get(_url(case, first)).content.decode()
    assert f'data-testid="match-{second.accused_id}"' in page
    records, maybe = page.split('id="maybe-h"')
    assert f'data-testid="record-{first.pk}"' in records and second_case.reference not in records
    assert second_case.reference in maybe  # where the possible match is accused

    response = client.post(_url(case, first), {"other": str(second.accused_id)})
    assert response.status_code == 302
    assert SameAccused.objects.filter(accused=first.accused, other=second.accused).exists()
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="justice.sameaccused", actor=meera
    ).exists()
    page = client.get(_url(case, first)).content.decode()
    assert f'data-testid="record-{second.pk}"' in page and second_case.reference in page
    assert f'data-testid="match-{second.accused_id}"' not in page  # linked: no longer offered
    # The same history from the other side, and the link is kept once.
    assert len(services.accused_records(user=meera, accused=second.accused)) == 2
    with pytest.raises(ApplicationError, match="already linked"):
        services.accused_link_same(
            actor=meera, case=second_case, accused=second.accused, other=first.accused
        )
    with pytest.raises(ApplicationError, match="same person as itself"):
        services.accused_link_same(actor=meera, case=case, accused=first.accused,
                                   other=first.accused)  # fmt: skip


def test_nothing_of_a_case_the_user_may_not_see_is_offered_or_linked(case: Case, cast: Any) -> None:
    meera, anjali, rupa = cast["caseworker"], cast["other_caseworker"], cast["supervisor"]
    mine = services.accused_add(actor=meera, case=case, role="recruiter", name="Rafiqul Sheikh")
    theirs_case, theirs = _accused_in_new_case(anjali, "Anjali's case", "Rafikul Shekh")
    partner = make_user(
        "nasrin", Role.SUPERVISOR, organisation=Organisation.objects.create(name="Partner NGO")
    )
    partner_case, partners = _accused_in_new_case(partner, "Partner's case", "रफ़ीकुल शेख")
    # Another team: not offered, and a link to it is a 404 (she learns nothing of it).
    page = _client(meera).get(_url(case, mine)).content.decode()
    assert "No other accused person in the cases you can see looks like him." in page
    assert theirs_case.reference not in page and partner_case.reference not in page
    assert _client(meera).post(_url(case, mine), {"other": theirs.accused_id}).status_code == 404
    assert _client(meera).post(_url(case, mine), {"other": "x"}).status_code == 404
    with pytest.raises(ApplicationError, match="outside your team"):
        services.accused_link_same(actor=meera, case=case, accused=mine.accused,
                                   other=theirs.accused)  # fmt: skip
    # Another organisation's supervisor sees none of Meera's organisation's accused.
    page = _client(partner).get(_url(partner_case, partners)).content.decode()
    assert f'data-testid="match-{mine.accused_id}"' not in page
    assert f'data-testid="match-{theirs.accused_id}"' not in page
    assert not SameAccused.objects.exists()
    # The supervisor, who sees both teams' cases, links them; each caseworker then sees only
    # the records of her own cases in his history.
    page = _client(rupa).get(_url(case, mine)).content.decode()
    assert f'data-testid="match-{theirs.accused_id}"' in page
    assert f'data-testid="match-{partners.accused_id}"' not in page
    assert _client(rupa).post(_url(case, mine), {"other": theirs.accused_id}).status_code == 302
    assert [r.case for r in services.accused_records(user=meera, accused=mine.accused)] == [case]
    assert [r.case for r in services.accused_records(user=anjali, accused=theirs.accused)] == [
        theirs_case
    ]
    assert len(services.accused_records(user=rupa, accused=mine.accused)) == 2


def test_care_staff_do_not_see_an_accused_across_cases(
    case: Case, cast: Any, client_as: Any
) -> None:
    link = services.accused_add(
        actor=cast["caseworker"], case=case, role="recruiter", name="Rafiqul Sheikh"
    )
    assert client_as("aftercare_officer").get(_url(case, link)).status_code in (403, 404)
    assert client_as("other_caseworker").get(_url(case, link)).status_code in (403, 404)
