"""A case referred to a partner organisation on the same instance: consent checked, nothing seen
before acceptance, only the chosen sections after it, the hand-over on both timelines."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mukti.accounts.models import Organisation, Role, User
from mukti.accounts.testing import sign_in
from mukti.audit.models import AuditRecord
from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import Case, Event, EventType
from mukti.conftest import make_user
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.referrals import services
from mukti.referrals.models import Referral, ReferralStatus

pytestmark = pytest.mark.django_db

PARTNER = "Jessore Reintegration Trust"


@pytest.fixture
def partner(db: None) -> dict[str, User]:
    org = Organisation.objects.create(name=PARTNER)
    return {
        "caseworker": make_user("salma", Role.CASEWORKER, organisation=org),
        "supervisor": make_user("nasrin", Role.SUPERVISOR, organisation=org),
    }


def kusum(case: Case) -> Any:
    return case.case_survivors.get().survivor


def consent(case: Case, cast: dict[str, User], partner_name: str = PARTNER) -> None:
    care.consent_record(
        actor=cast["caseworker"], case=case, survivor=kusum(case), purpose="data_sharing",
        given_on=dt.date.today(), partner=partner_name,
    )  # fmt: skip


def refer(case: Case, cast: dict[str, User], **extra: Any) -> Referral:
    values = {
        "sections": ["survivors", "timeline"],
        "purpose": "Family tracing in Jessore after repatriation",
        **extra,
    }
    return services.referral_make(
        actor=cast["caseworker"],
        case=case,
        to_organisation=Organisation.objects.get(name=PARTNER),
        survivors=[kusum(case)],
        **values,
    )


def client_of(user: User) -> Any:
    from django.test import Client

    client = Client()
    sign_in(client, user)
    return client


def test_without_her_consent_naming_the_partner_nothing_is_referred(
    case: Case, cast: dict[str, User], partner: dict[str, User], client_as: Any
) -> None:
    consent(case, cast, partner_name="Some other NGO")
    page = client_as("caseworker").post(
        reverse("referrals:new", args=[case.reference]),
        {
            "to": Organisation.objects.get(name=PARTNER).pk,
            "survivors": [kusum(case).pk],
            "sections": ["survivors"],
            "purpose": "Reintegration",
        },
    )
    assert page.status_code == 200
    assert "Kusum has not consented to her data being shared with Jessore" in page.text
    assert not Referral.objects.exists()
    assert not Event.objects.filter(case=case, type=EventType.REFERRED).exists()


def test_the_partner_sees_nothing_until_it_accepts_then_only_what_was_chosen(
    case: Case, cast: dict[str, User], partner: dict[str, User]
) -> None:
    consent(case, cast)
    cases.event_record(
        actor=cast["caseworker"], case=case, type="cwc_order", when=parse_when("9 Mar 2024"),
        survivors=[kusum(case)], note="CWC placed her in the home (care entry)",
    )  # fmt: skip
    referral = refer(case, cast)
    assert Event.objects.filter(case=case, type=EventType.REFERRED).count() == 1
    salma = client_of(partner["caseworker"])
    listed = salma.get(reverse("referrals:incoming")).text
    assert "Family tracing in Jessore" in listed
    url = reverse("referrals:detail", args=[referral.pk])
    before = salma.get(url).text
    assert "Mother called the hotline" not in before and 'data-testid="shared"' not in before

    accepted = salma.post(url, {"answer": "accept", "note": "We will visit the family"})
    assert accepted.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    theirs = referral.partner_case
    assert theirs is not None and theirs.organisation.name == PARTNER
    assert [s.pseudonym for s in cases_survivors(theirs)] == ["Kusum"]
    assert theirs.events.filter(type=EventType.INFORMATION_RECEIVED).exists()
    notes = list(case.events.filter(type=EventType.REFERRED).values_list("note", flat=True))
    assert any("accepted the referral. We will visit the family" in n for n in notes)

    after = salma.get(url).text
    shared = after.split('data-testid="shared"')[1]
    assert "Kusum" in shared and "Mother called the hotline" in shared
    # Care entries were not chosen; her identity is never shared.
    assert "CWC placed her" not in shared
    assert "Rokeya" not in after
    # Their reading is in the referring case's access log.
    assert AuditRecord.objects.filter(
        action="read", actor=partner["caseworker"], object_id=str(case.pk)
    ).exists()


def cases_survivors(case: Case) -> list[Any]:
    return [link.survivor for link in case.case_survivors.select_related("survivor")]


def test_a_decline_needs_a_reason_and_is_told_to_the_referring_team(
    case: Case, cast: dict[str, User], partner: dict[str, User]
) -> None:
    consent(case, cast)
    referral = refer(case, cast)
    with pytest.raises(ApplicationError, match="Say why you decline"):
        services.referral_decline(actor=partner["supervisor"], referral=referral, reason=" ")
    services.referral_decline(
        actor=partner["supervisor"], referral=referral, reason="No staff in Jessore this month"
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED and referral.partner_case is None
    assert case.events.filter(note__contains="declined the referral: No staff").exists()
    with pytest.raises(ApplicationError, match="answered already"):
        services.referral_accept(actor=partner["caseworker"], referral=referral)


def test_nobody_else_reaches_a_referral(
    case: Case, cast: dict[str, User], partner: dict[str, User]
) -> None:
    consent(case, cast)
    referral = refer(case, cast)
    url = reverse("referrals:detail", args=[referral.pk])
    stranger_org = Organisation.objects.create(name="Third NGO")
    stranger = make_user("rahim", Role.SUPERVISOR, organisation=stranger_org)
    assert client_of(stranger).get(url).status_code == 404
    # The referring organisation's own people answer nothing either.
    assert client_of(cast["supervisor"]).get(url).status_code == 404
    with pytest.raises(ApplicationError, match="Only the organisation it was referred to"):
        services.referral_accept(actor=cast["supervisor"], referral=referral)
    # Another organisation's people cannot refer someone else's case.
    assert client_of(stranger).get(reverse("referrals:new", args=[case.reference])).status_code in (
        403,
        404,
    )
