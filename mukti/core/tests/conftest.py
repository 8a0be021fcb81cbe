from __future__ import annotations

from typing import Any

import pytest

from mukti.accounts.models import User


@pytest.fixture
def url_arguments(
    cast: dict[str, User],
    official: Any,
    offices: Any,
    places: Any,
    case: Any,
    rescue_records: Any,
    care_records: Any,
    justice_records: Any,
    draft: Any,
    document: Any,
    referral: Any,
    api_token: Any,
    story: Any,
    packet: Any,
) -> dict[str, Any]:
    """A value for every URL argument, naming the shared records (mukti/conftest.py)."""
    return {
        "draft_id": draft.pk,
        "document_id": document.pk,
        "referral_id": referral.pk,
        "story_id": story.pk,
        "packet_id": packet.packet.pk,
        "link": packet.token,  # a valid packet link: its page asks for the code
        "record": "fir",
        "item_id": justice_records.item.pk,
        "fir_id": justice_records.fir.pk,
        "compensation_id": justice_records.compensation.pk,
        "kind": "medical",
        "placement_id": care_records.placement.pk,
        "medical_id": care_records.medical.pk,
        "goal_id": care_records.goal.pk,
        "repatriation_id": care_records.repatriation.pk,
        "step_id": care_records.step.pk,
        "consent_id": care_records.consent.pk,
        "engagement_id": rescue_records.second.pk,
        "operation_id": rescue_records.operation.pk,
        "attempt_id": rescue_records.operation.attempts.order_by("pk").first().pk,
        "accused_id": justice_records.accused.pk,
        "brought_out_id": rescue_records.other.pk,
        "reference": case.reference,
        "survivor_id": case.case_survivors.get().survivor_id,
        "event_id": case.events.first().pk,
        "clock_id": case.clocks.order_by("pk").first().pk,
        "jurisdiction_id": places["outpost_area"].pk,
        "office_id": offices["hospital"].pk,
        "official_id": official.pk,
        "user_id": cast["other_caseworker"].pk,
        "uidb64": "MQ",
        "token": "not-a-real-token",
        "request_id": 999_999,  # a second-factor reset request that does not exist
        "token_id": api_token.pk,
    }


@pytest.fixture
def document(case: Any, cast: dict[str, User]) -> Any:
    """A PDF attached to the case's first entry."""
    from mukti.documents.services import document_attach

    return document_attach(
        actor=cast["caseworker"],
        event=case.events.order_by("pk").first(),
        data=b"%PDF-1.4\n%%EOF\n",
        filename="fir.pdf",
        title="FIR copy",
    )


@pytest.fixture
def referral(cast: dict[str, User]) -> Any:
    """A girl's case of a third organisation, referred to the cast's (waiting for its answer)."""
    import datetime as dt

    from mukti.accounts.models import Organisation, Role
    from mukti.care.services import consent_record
    from mukti.cases.services import case_open, survivor_add
    from mukti.conftest import make_user
    from mukti.referrals.services import referral_make

    ours = cast["caseworker"].organisation
    lead = make_user("farzana", Role.CASEWORKER, organisation=Organisation.objects.create(
        name="Dhaka Partner"
    ))  # fmt: skip
    theirs = case_open(actor=lead, title="Girl returned from Kolkata")
    mitu = survivor_add(actor=lead, case=theirs, pseudonym="Mitu", age_years=15)
    consent_record(
        actor=lead, case=theirs, survivor=mitu, purpose="data_sharing",
        given_on=dt.date.today(), partner=ours.name,
    )  # fmt: skip
    return referral_make(
        actor=lead, case=theirs, to_organisation=ours, survivors=[mitu],
        sections=["survivors"], purpose="Aftercare in Basirhat",
    )  # fmt: skip


@pytest.fixture
def api_token(cast: dict[str, User]) -> Any:
    """An API token of the caseworker's."""
    import datetime as dt

    from django.utils import timezone

    from mukti.api.services import token_create

    expires = timezone.localdate() + dt.timedelta(days=30)
    return token_create(
        actor=cast["caseworker"], name="sheet", expires_on=expires, can_write=False
    )[0]


@pytest.fixture
def story(case: Any, cast: dict[str, User], care_records: Any) -> Any:
    """Kusum's story, approved (her story consent is one of the care records)."""
    from mukti.sharing.services import story_approve, story_draft

    draft = story_draft(actor=cast["caseworker"], case=case, survivor=care_records.survivor)
    return story_approve(actor=cast["supervisor"], story=draft, expected_version=None)


@pytest.fixture
def packet(case: Any, cast: dict[str, User], rescue_records: Any) -> Any:
    """A referral packet to the outpost of the pending hop (``.token``, ``.code``, ``.packet``)."""
    import datetime as dt

    from django.utils import timezone

    from mukti.sharing.services import packet_make

    hop = rescue_records.second
    return packet_make(
        actor=cast["caseworker"], case=case, survivor=case.case_survivors.get().survivor,
        office=hop.office, engagement=hop, ask="Rescue her tonight",
        needed_by=timezone.now() + dt.timedelta(hours=6),
    )  # fmt: skip
