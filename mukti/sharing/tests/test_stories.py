"""A survivor's story: drafted from the timeline only with her story consent, stripped of
anything finer than the district and the month and of everyone's names, approved by a
supervisor, downloaded (audited) only while her consent holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mukti.accounts.models import User
from mukti.audit.models import AuditRecord
from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.sharing import services
from mukti.sharing.models import Story, StoryStatus
from mukti.sharing.tests.conftest import kusum

pytestmark = pytest.mark.django_db


def draft(case: Case, cast: dict[str, User]) -> Story:
    return services.story_draft(actor=cast["caseworker"], case=case, survivor=kusum(case))


def story_url(story: Story, name: str = "sharing:story") -> str:
    return reverse(name, args=[story.case.reference, story.pk])


def test_without_her_story_consent_there_is_no_button_and_the_url_says_why(
    case: Case, client_as: Any
) -> None:
    page = client_as("caseworker").get(case.get_absolute_url()).content.decode()
    assert "Draft Kusum" not in page
    refused = client_as("caseworker").post(
        reverse("sharing:story-new", args=[case.reference, kusum(case).pk])
    )
    assert refused.status_code == 403
    assert "Kusum has not consented to her story being shared." in refused.content.decode()
    assert not Story.objects.exists()


def test_the_draft_keeps_the_month_and_the_district_and_no_names(
    case: Case, cast: dict[str, User], places: Any, rescue_records: Any, story_consent: Any
) -> None:
    cases.event_record(
        actor=cast["caseworker"], case=case, type="location_identified",
        when=parse_when("20 Apr 2024 14:30"), survivors=[kusum(case)],
        place=places["outpost_area"], note="Seen by Ashok Halder near Rajbari market",
    )  # fmt: skip
    text = draft(case, cast).text
    assert "April 2024: Location identified in North 24 Parganas." in text
    assert "March 2024: Information received." in text
    for secret in ("Rajbari", "Basirhat", "Ashok", "Halder", "Meera", "20 Apr", "14:30"):
        assert secret not in text, secret
    assert "Rokeya" not in text and "hotline" not in text  # no free notes


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("Meera met her.", "It names a member of staff (“Meera”)."),
        ("The OC Ashok Halder helped.", "It names an official (“Ashok Halder”)."),
        ("Bapi Mondal kept her locked.", "It names an accused person (“Bapi Mondal”)."),
        ("Rokeya was 22.", "It names her by her real name or an alias."),
        ("She was found in Rajbari.", "It names a place finer than the district (“Rajbari”)."),
        ("On 22 April 2024 she was rescued.", "finer than the month (“22 April”)."),
        ("At 22:55 the police came.", "finer than the month (“22:55”)."),
        ("On 2024-04-22 she was rescued.", "finer than the month (“2024-04-22”)."),
    ],
)
def test_an_edit_that_names_anyone_or_is_too_precise_is_refused_and_not_saved(
    case: Case, cast: dict[str, User], rescue_records: Any, justice_records: Any,
    story_consent: Any, client_as: Any, typed: str, refusal: str,
) -> None:  # fmt: skip
    story = draft(case, cast)
    page = client_as("caseworker").post(
        story_url(story), {"text": f"Kusum's story\n\n{typed}", "version": story.version}
    )
    assert page.status_code == 200
    assert refusal in page.content.decode()
    story.refresh_from_db()
    assert typed not in story.text


def test_a_supervisor_approves_then_it_downloads_as_text_and_pdf_audited(
    case: Case, cast: dict[str, User], story_consent: Any, client_as: Any
) -> None:
    story = draft(case, cast)
    edited = "Kusum's story\n\nIn March 2024 her mother called for help. She is safe now."
    client_as("caseworker").post(story_url(story), {"text": edited, "version": story.version})
    assert (
        client_as("caseworker").get(story_url(story, "sharing:story-download")).status_code == 403
    )
    # A caseworker cannot approve; the supervisor can.
    client_as("caseworker").post(story_url(story, "sharing:story-approve"))
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT
    client_as("supervisor").post(story_url(story, "sharing:story-approve"))
    story.refresh_from_db()
    assert story.status == StoryStatus.APPROVED and story.approved_by == cast["supervisor"]
    text = client_as("legal_officer").get(story_url(story, "sharing:story-download"))
    assert text.status_code == 200 and text["Cache-Control"] == "no-store"
    assert text.content.decode().strip() == edited
    pdf = client_as("caseworker").get(story_url(story, "sharing:story-download") + "?format=pdf")
    assert pdf.content.startswith(b"%PDF") and pdf["Content-Type"] == "application/pdf"
    audits = AuditRecord.objects.filter(action="export", object_type="sharing.story")
    assert audits.count() == 2
    record = audits.filter(actor=cast["legal_officer"]).get()
    assert record.changes["consent basis"]["purpose"] == "story"
    assert record.changes["consent basis"]["consents"] == [story_consent.pk]


def test_an_edit_after_approval_needs_approval_again(
    case: Case, cast: dict[str, User], story_consent: Any, client_as: Any
) -> None:
    story = draft(case, cast)
    services.story_approve(actor=cast["supervisor"], story=story, expected_version=None)
    story.refresh_from_db()
    client_as("caseworker").post(
        story_url(story), {"text": "Kusum's story\n\nShe is studying.", "version": story.version}
    )
    story.refresh_from_db()
    assert story.status == StoryStatus.DRAFT and story.approved_by is None
    assert (
        client_as("caseworker").get(story_url(story, "sharing:story-download")).status_code == 403
    )


def test_the_supervisor_who_wrote_the_last_changes_cannot_approve_them(
    case: Case, cast: dict[str, User], story_consent: Any
) -> None:
    story = draft(case, cast)
    story = services.story_edit(
        actor=cast["supervisor"], story=story, text="Kusum's story\n\nShe is safe.",
        expected_version=None,
    )  # fmt: skip
    with pytest.raises(ApplicationError, match="another supervisor must approve"):
        services.story_approve(actor=cast["supervisor"], story=story, expected_version=None)


def test_withdrawing_her_consent_blocks_the_download_of_an_approved_story(
    case: Case, cast: dict[str, User], story_consent: Any, client_as: Any
) -> None:
    story = draft(case, cast)
    services.story_approve(actor=cast["supervisor"], story=story, expected_version=None)
    assert (
        client_as("caseworker").get(story_url(story, "sharing:story-download")).status_code == 200
    )
    care.consent_withdraw(
        actor=cast["caseworker"], consent=story_consent, withdrawn_on=dt.date.today(),
        expected_version=None,
    )  # fmt: skip
    refused = client_as("caseworker").get(story_url(story, "sharing:story-download"))
    assert refused.status_code == 403
    assert (
        f"Kusum withdrew her consent on {dt.date.today().isoformat()}." in refused.content.decode()
    )
    assert (
        "Draft Kusum" not in client_as("caseworker").get(case.get_absolute_url()).content.decode()
    )
    assert client_as("caseworker").get(story_url(story)).status_code == 403


def test_outside_the_case_team_a_story_is_not_found(
    case: Case, cast: dict[str, User], story_consent: Any, client_as: Any
) -> None:
    story = draft(case, cast)
    for url in (story_url(story), story_url(story, "sharing:story-download")):
        assert client_as("other_caseworker").get(url).status_code == 404


def test_the_panel_offers_her_story_with_her_consent_in_a_fixed_number_of_queries(
    case: Case, cast: dict[str, User], story_consent: Any, client_as: Any,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    from mukti.sharing.panels import case_sharing

    page = client_as("caseworker").get(case.get_absolute_url()).content.decode()
    assert "Draft Kusum&#x27;s story" in page or "Draft Kusum's story" in page
    for _ in range(3):
        draft(case, cast)
    with django_assert_max_num_queries(3):
        panel = case_sharing(None, case, {})  # type: ignore[arg-type]
    assert len(panel["sharing"].stories) == 3
