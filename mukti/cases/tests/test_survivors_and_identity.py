from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services
from mukti.cases.models import Case, ProtectedIdentity, Survivor
from mukti.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


def raw_identity_row(survivor_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT legal_name, identity_documents FROM cases_protectedidentity "
            "WHERE survivor_id = %s",
            [survivor_id],
        )
        return " ".join(str(v) for v in cursor.fetchone())


def test_the_legal_name_is_not_stored_in_plain_text(case: Case) -> None:
    survivor = case.case_survivors.get().survivor
    raw = raw_identity_row(survivor.pk)
    assert "Rokeya" not in raw and "1234567890" not in raw
    assert raw.startswith("gAAAAA")  # a Fernet token
    assert ProtectedIdentity.objects.get(survivor=survivor).legal_name == "Rokeya Begum Testname"


def test_the_case_page_never_shows_the_legal_name(client_as: Any, case: Case) -> None:
    page = client_as("caseworker").get(case.get_absolute_url())
    assert page.status_code == 200
    assert "Kusum" in page.text
    assert "Rokeya" not in page.text


def test_a_reveal_needs_a_reason_and_is_audited(client_as: Any, case: Case) -> None:
    survivor = case.case_survivors.get().survivor
    url = reverse("cases:survivor-reveal", args=[case.reference, survivor.pk])
    client = client_as("legal_officer")
    page = client.get(url)
    assert "Rokeya" not in page.text and "say why" in page.text.lower()
    refused = client.post(url, {"reason": "fir"})
    assert "Rokeya" not in refused.text
    assert "Say why you need to see her identity" in refused.text
    assert not AuditRecord.objects.filter(action=AuditAction.REVEAL).exists()
    shown = client.post(url, {"reason": "Name needed for the FIR at Basirhat PS"})
    assert "Rokeya Begum Testname" in shown.text
    assert shown["Cache-Control"] == "no-store"
    record = AuditRecord.objects.get(action=AuditAction.REVEAL)
    assert record.actor_label == "farida"
    assert record.reason == "Name needed for the FIR at Basirhat PS"
    assert record.object_repr == f"Kusum ({case.reference})"


def test_nobody_outside_the_team_can_reveal(client_as: Any, case: Case) -> None:
    survivor = case.case_survivors.get().survivor
    url = reverse("cases:survivor-reveal", args=[case.reference, survivor.pk])
    for role in ("other_caseworker", "aftercare_officer"):
        response = client_as(role).post(url, {"reason": "Just curious about this person"})
        assert response.status_code == 404
    for role in ("data_officer", "administrator"):
        response = client_as(role).post(url, {"reason": "Just curious about this person"})
        assert response.status_code == 403
    assert not AuditRecord.objects.filter(action=AuditAction.REVEAL).exists()


def test_the_audit_log_never_holds_identity_values(case: Case) -> None:
    for record in AuditRecord.objects.all():
        assert "Rokeya" not in str(record.changes)
        assert "1234567890" not in str(record.changes)


def test_key_rotation_re_encrypts_without_losing_anything(case: Case, settings: Any) -> None:
    survivor = case.case_survivors.get().survivor
    old_token = raw_identity_row(survivor.pk)
    new_key = Fernet.generate_key().decode()
    settings.MUKTI_FIELD_KEYS = [new_key, *settings.MUKTI_FIELD_KEYS]
    out = StringIO()
    call_command("rotate_field_keys", stdout=out, stderr=StringIO())
    # Her identity, her survivor row (health and care needs) and the case's event (a quote).
    assert "Re-encrypted 3 rows" in out.getvalue()
    assert raw_identity_row(survivor.pk) != old_token
    settings.MUKTI_FIELD_KEYS = [new_key]  # the old key is gone: values still read
    assert ProtectedIdentity.objects.get(survivor=survivor).legal_name == "Rokeya Begum Testname"


def test_an_age_that_contradicts_the_birth_date_is_refused(cast: Any, case: Case) -> None:
    with pytest.raises(ApplicationError, match="An age of 30 does not fit the date of birth"):
        services.survivor_add(
            actor=cast["caseworker"],
            case=case,
            pseudonym="Mismatch",
            birth_date=dt.date(2008, 5, 1),
            age_years=30,
            age_assessed_on=dt.date(2024, 5, 2),
        )
    assert not Survivor.objects.filter(pseudonym="Mismatch").exists()


@time_machine.travel(dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_minor_flag_is_derived_and_changes_on_her_birthday(cast: Any, case: Case) -> None:
    survivor = services.survivor_add(
        actor=cast["caseworker"], case=case, pseudonym="Tuli", birth_date=dt.date(2006, 6, 10)
    )
    assert survivor.is_minor is True
    with time_machine.travel(dt.datetime(2024, 6, 10, 12, tzinfo=dt.UTC), tick=False):
        survivor.refresh_from_db()
        assert survivor.is_minor is False


def test_an_estimated_age_keeps_her_a_minor_as_long_as_she_could_be(cast: Any, case: Case) -> None:
    survivor = services.survivor_add(
        actor=cast["caseworker"],
        case=case,
        pseudonym="Moni",
        age_years=16,
        age_estimated=True,
        age_assessed_on=dt.date(2025, 1, 10),
    )
    assert survivor.adult_on == dt.date(2027, 1, 10)


def test_adding_a_survivor_through_the_form_encrypts_her_photo(client_as: Any, case: Case) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("caseworker").post(
        reverse("cases:survivor-add", args=[case.reference]),
        {
            "pseudonym": "Bela",
            "gender": "female",
            "age_years": "26",
            "nationality": "BD",
            "legal_name": "Shirin Testname",
            "photo": SimpleUploadedFile("p.png", png, content_type="image/png"),
        },
    )
    assert response.status_code == 302
    protected = ProtectedIdentity.objects.get(survivor__pseudonym="Bela")
    assert protected.photo == png and protected.photo_content_type == "image/png"
    with connection.cursor() as cursor:
        cursor.execute("SELECT photo FROM cases_protectedidentity WHERE id = %s", [protected.pk])
        assert bytes(cursor.fetchone()[0]) != png


def test_a_photo_that_is_not_an_image_is_refused(client_as: Any, case: Case) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_as("caseworker").post(
        reverse("cases:survivor-add", args=[case.reference]),
        {
            "pseudonym": "Bela",
            "gender": "female",
            "photo": SimpleUploadedFile("p.png", b"<script>", content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert "The photo must be a JPEG, PNG or WebP image." in response.text
    assert not Survivor.objects.filter(pseudonym="Bela").exists()


def test_a_revealed_identity_can_be_corrected_and_the_change_is_audited(
    client_as: Any, case: Case
) -> None:
    survivor = case.case_survivors.get().survivor
    client = client_as("caseworker")
    shown = client.post(
        reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]),
        {"reason": "Family gave the correct spelling"},
    )
    assert 'value="Rokeya Begum Testname"' in shown.text  # the correction form, pre-filled
    response = client.post(
        reverse("cases:survivor-identity-edit", args=[case.reference, survivor.pk]),
        {"reason": "Family gave the correct spelling", "legal_name": "Rokeya Khatun Testname",
         "identity_documents": "NID 1234567890"},
    )  # fmt: skip
    assert response.status_code == 302
    protected = ProtectedIdentity.objects.get(survivor=survivor)
    assert protected.legal_name == "Rokeya Khatun Testname"
    record = AuditRecord.objects.filter(
        action=AuditAction.UPDATE,
        object_type="cases.protectedidentity",
        object_id=str(protected.pk),
    ).get()
    assert record.reason == "Family gave the correct spelling"
    assert record.changes == {"legal_name": ["[protected]", "[protected]"]}
    assert (
        client_as("other_caseworker")
        .post(
            reverse("cases:survivor-identity-edit", args=[case.reference, survivor.pk]),
            {"legal_name": "Hijacked"},
        )
        .status_code
        == 404
    )


def test_a_pseudonym_already_in_use_is_refused_on_rename(cast: Any, case: Case) -> None:
    other = services.survivor_add(actor=cast["caseworker"], case=case, pseudonym="Bela")
    with pytest.raises(ApplicationError, match="The pseudonym “KUSUM” is already used"):
        services.survivor_update(
            actor=cast["caseworker"], case=case, survivor=other, expected_version=None,
            pseudonym="KUSUM",
        )  # fmt: skip
    services.survivor_update(
        actor=cast["caseworker"], case=case, survivor=other, expected_version=None,
        pseudonym="Bela", languages="Bengali",
    )  # fmt: skip


def test_legal_officers_neither_see_nor_change_health_and_care_needs(
    client_as: Any, cast: Any, case: Case
) -> None:
    survivor = case.case_survivors.get().survivor
    services.survivor_update(
        actor=cast["caseworker"], case=case, survivor=survivor, expected_version=None,
        pregnant=True, care_needs="Seven months pregnant; anaemia.",
    )  # fmt: skip
    edit = reverse("cases:survivor-edit", args=[case.reference, survivor.pk])
    legal = client_as("legal_officer")
    assert "pregnant" not in legal.get(case.get_absolute_url()).text
    form = legal.get(edit).text
    assert "anaemia" not in form and "Health and care needs" not in form
    survivor.refresh_from_db()
    response = legal.post(
        edit, {"pseudonym": "Kusum", "gender": "female", "age_years": 22, "nationality": "BD",
               "version": survivor.version, "pregnant": "", "care_needs": ""},
    )  # fmt: skip
    assert response.status_code == 302
    survivor.refresh_from_db()
    assert survivor.pregnant and survivor.care_needs == "Seven months pregnant; anaemia."
    with pytest.raises(ApplicationError, match="recorded by care staff"):
        services.survivor_update(
            actor=cast["legal_officer"], case=case, survivor=survivor, expected_version=None,
            care_needs="",
        )  # fmt: skip
    # Those who do care work see and change them.
    assert "pregnant" in client_as("caseworker").get(case.get_absolute_url()).text
    assert "anaemia" in client_as("caseworker").get(edit).text


def test_an_identity_is_changed_only_after_revealing_it_and_never_blanked_silently(
    client_as: Any, cast: Any, case: Case
) -> None:
    survivor = case.case_survivors.get().survivor
    edit = reverse("cases:survivor-identity-edit", args=[case.reference, survivor.pk])
    reason = {"reason": "Family gave the correct spelling"}
    legal = client_as("legal_officer")
    # Posting only a reason, without revealing first, changes nothing.
    refused = legal.post(edit, reason)
    assert refused.status_code == 200 and "Reveal her identity first" in refused.text
    protected = ProtectedIdentity.objects.get(survivor=survivor)
    assert protected.legal_name == "Rokeya Begum Testname"
    assert protected.identity_documents == "NID 1234567890"
    # After the reveal: a field not posted is kept; an empty field is refused, not blanked.
    legal.post(reverse("cases:survivor-reveal", args=[case.reference, survivor.pk]), reason)
    assert legal.post(edit, {**reason, "aliases": "Rokeya B."}).status_code == 302
    protected.refresh_from_db()
    assert protected.aliases == "Rokeya B."
    assert protected.legal_name == "Rokeya Begum Testname"
    assert protected.identity_documents == "NID 1234567890"
    blank = legal.post(edit, {**reason, "legal_name": "", "identity_documents": ""})
    assert "Legal name is empty: to remove it, tick “remove” beside it." in blank.text
    protected.refresh_from_db()
    assert protected.legal_name == "Rokeya Begum Testname"
    # Removing is explicit.
    removed = legal.post(
        edit, {**reason, "identity_documents": "", "clear": ["identity_documents"]}
    )
    assert removed.status_code == 302
    protected.refresh_from_db()
    assert protected.identity_documents == "" and protected.legal_name == "Rokeya Begum Testname"
    # A reveal long ago does not open the door.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    with (
        time_machine.travel(later),
        pytest.raises(ApplicationError, match="Reveal her identity first"),
    ):
        services.survivor_identity_update(
            actor=cast["legal_officer"], case=case, survivor=survivor, expected_version=None,
            reason="Family gave the correct spelling", aliases="", clear=["aliases"],
        )  # fmt: skip


def test_two_people_correcting_one_identity_from_stale_pages_lose_no_correction(
    client_as: Any, case: Case
) -> None:
    survivor = case.case_survivors.get().survivor
    reveal = reverse("cases:survivor-reveal", args=[case.reference, survivor.pk])
    edit = reverse("cases:survivor-identity-edit", args=[case.reference, survivor.pk])
    reason = {"reason": "Family gave the correct spelling"}
    meera, farida = client_as("caseworker"), client_as("legal_officer")
    # Both open the correction form at the same version, as a browser posts it back whole.
    for client in (meera, farida):
        page = client.post(reveal, reason)
        assert '<input type="hidden" name="version" value="1"' in page.text
    shown = {
        "legal_name": "Rokeya Begum Testname", "aliases": "", "family_contacts": "",
        "home_address": "", "identity_documents": "NID 1234567890", "version": "1",
    }  # fmt: skip
    first = meera.post(edit, {**reason, **shown, "legal_name": "Rokeya Khatun Testname"})
    assert first.status_code == 302
    second = farida.post(edit, {**reason, **shown, "aliases": "Rokeya B."})
    assert second.status_code == 200
    assert "This record was changed by Meera at" in second.text
    assert "Reload the page to see their changes, then make yours again." in second.text
    protected = ProtectedIdentity.objects.get(survivor=survivor)
    assert (protected.legal_name, protected.aliases) == ("Rokeya Khatun Testname", "")
    assert protected.version == 2
    updates = AuditRecord.objects.filter(
        action=AuditAction.UPDATE, object_type="cases.protectedidentity"
    )
    assert [(r.actor_label, r.changes) for r in updates] == [
        ("meera", {"legal_name": ["[protected]", "[protected]"]})
    ]


@pytest.mark.parametrize("age", ["2100", "121", "32767"])
def test_an_impossible_age_is_refused_in_plain_words(client_as: Any, case: Case, age: str) -> None:
    response = client_as("caseworker").post(
        reverse("cases:survivor-add", args=[case.reference]),
        {"pseudonym": "Bela", "gender": "female", "age_years": age, "nationality": "BD"},
    )
    assert response.status_code == 200
    assert f"An age of {age} years is not possible" in response.text
    assert not Survivor.objects.filter(pseudonym="Bela").exists()
