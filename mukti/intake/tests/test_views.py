"""The review flow through its pages: read, correct, confirm into a case, or discard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.audit.models import AuditRecord
from mukti.cases.models import Case, Event, EventSource, Survivor
from mukti.core.tests.queries import queries_of
from mukti.intake.models import Draft, DraftStatus
from mukti.intake.services import draft_create
from mukti.intake.tests.helpers import docx_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

SAMPLE = (
    Path(__file__).resolve().parent.parent / "corpus/dev/d01-field-report-north-24-parganas.txt"
).read_text(encoding="utf-8")


def formset_data(draft: Draft, **changes: dict[str, Any]) -> dict[str, Any]:
    """The review form as the page posts it, with ``changes`` keyed by item id."""
    events, victims = draft.items["events"], draft.items["victims"]
    data: dict[str, Any] = {
        "version": draft.version,
        "events-TOTAL_FORMS": len(events), "events-INITIAL_FORMS": len(events),
        "victims-TOTAL_FORMS": len(victims), "victims-INITIAL_FORMS": len(victims),
    }  # fmt: skip
    for i, event in enumerate(events):
        row = {"id": event["id"], "type": event["type"], "when": event["when"],
               **changes.get(event["id"], {})}  # fmt: skip
        data |= {f"events-{i}-{k}": v for k, v in row.items()}
    for i, victim in enumerate(victims):
        row = {"id": victim["id"], "pseudonym": victim["pseudonym"], "gender": "female",
               "legal_name": victim["legal_name"], "nationality_code": victim["nationality_code"],
               **changes.get(victim["id"], {})}  # fmt: skip
        data |= {f"victims-{i}-{k}": v for k, v in row.items()}
    return data


def confirm_data(draft: Draft, **values: Any) -> dict[str, Any]:
    data = {"target": "new", "title": "Woman held near Basirhat", "offence_date": "2024-02-19",
            "reference": "", "version": draft.version, **values}  # fmt: skip
    return {f"confirm-{k}": v for k, v in data.items()}


def test_a_caseworker_pastes_a_report_corrects_it_and_confirms_a_new_case(client_as: Any) -> None:
    client = client_as("caseworker")
    response = client.post(reverse("intake:draft-new"), {"text": SAMPLE.replace("\n", "\r\n")})
    draft = Draft.objects.get()
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
    assert draft.text == SAMPLE.strip()  # as the browser posts it, line breaks made plain
    assert Draft.objects.filter(text__contains="Mazina").count() == 0  # encrypted at rest

    page = client.get(draft.get_absolute_url()).content.decode()
    assert '<mark class="hl hl-survivor" id="mark-v1" title="Mazina">Mazina</mark>' in page
    assert 'class="hl hl-event"' in page and 'class="hl hl-place"' in page
    assert "<script>" not in page and "style=" not in page  # the strict CSP allows neither

    response = client.post(
        reverse("intake:draft-items", args=[draft.pk]),
        formset_data(draft, v1={"pseudonym": "Shapla"}, e2={"remove": "on"}),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.items["victims"][0]["pseudonym"] == "Shapla"
    assert "e2" not in [e["id"] for e in draft.items["events"]]
    count = len(draft.items["events"])

    response = client.post(reverse("intake:draft-confirm", args=[draft.pk]), confirm_data(draft))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.title == "Woman held near Basirhat"
    assert str(case.offence_date) == "2024-02-19"
    survivor = Survivor.objects.get()
    assert survivor.pseudonym == "Shapla"
    assert survivor.protected_identity.legal_name == "Mazina"
    events = list(case.events.order_by("id"))
    assert len(events) == count
    assert {e.source for e in events} == {EventSource.IMPORTED}
    assert all("Mazina" not in e.note + e.quote and e.survivors.get() == survivor for e in events)
    assert any("Shapla" in e.quote for e in events)
    rescue = next(e for e in events if e.type == "rescue")
    assert rescue.when_label == "20 Apr 2024, 22:55"
    draft.refresh_from_db()
    assert (draft.status, draft.case) == (DraftStatus.CONFIRMED, case)

    case_page = client.get(case.get_absolute_url()).content.decode()
    assert "Source narrative" in case_page
    assert reverse("intake:draft-source", args=[draft.pk]) in case_page
    assert "Shapla" in case_page and "Mazina" not in case_page
    source = client.post(
        reverse("intake:draft-source", args=[draft.pk]), {"reason": "Checking the FIR facts"}
    )
    assert source.status_code == 200 and "Rajbari Outpost" in source.content.decode()
    audited = AuditRecord.objects.filter(object_type__icontains="draft")
    assert audited.count() >= 3
    assert not any("Mazina" in str(record.changes) for record in audited)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.docx", docx_bytes(["On 20th April 2024 the police rescued Mazina."])),
        ("report.pdf", pdf_bytes(["On 20th April 2024 the police rescued Mazina."])),
        ("report.txt", b"On 20th April 2024 the police rescued Mazina."),
    ],
)
def test_an_uploaded_file_becomes_a_draft(client_as: Any, name: str, data: bytes) -> None:
    upload = SimpleUploadedFile(name, data)
    response = client_as("caseworker").post(reverse("intake:draft-new"), {"upload": upload})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.filename == name
    assert [e["type"] for e in draft.items["events"]] == ["rescue"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("report.exe", b"MZ\x90\x00", "report.exe is not a .txt, .docx or .pdf file."),
        ("report.txt", b"x" * 1_000_001, "report.txt is larger than 1 MB."),
        ("report.txt", b"caf\xe9", "report.txt is not UTF-8 text (byte 3); save it as UTF-8"),
        ("report.docx", b"not a zip", "report.docx is not a Word document (.docx)."),
        ("report.txt", "আমরা মাজিনার কথা জানতে পারি".encode(), "report.txt is written in Bengali"),
    ],
)
def test_a_bad_upload_is_refused_with_a_reason(
    client_as: Any, name: str, data: bytes, message: str
) -> None:
    upload = SimpleUploadedFile(name, data)
    response = client_as("caseworker").post(reverse("intake:draft-new"), {"upload": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Draft.objects.exists()


def test_nothing_to_read_is_refused(client_as: Any) -> None:
    response = client_as("caseworker").post(reverse("intake:draft-new"), {"text": "  "})
    assert "Paste the narrative or choose a file to upload." in response.content.decode()


def test_an_unreadable_date_on_confirm_names_the_event_and_saves_nothing(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    client.post(
        reverse("intake:draft-items", args=[draft.pk]),
        formset_data(draft, v1={"pseudonym": "Shapla"}, e3={"when": "around Diwali"}),
    )
    draft.refresh_from_db()
    response = client.post(reverse("intake:draft-confirm", args=[draft.pk]), confirm_data(draft))
    assert response.status_code == 400
    assert (
        "Event 3 (location identified): “around Diwali” is not a date Mukti can read."
        in response.content.decode()
    )
    assert not Case.objects.exists() and not Survivor.objects.exists()
    assert not Event.objects.exists()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN


def test_an_event_before_the_offence_date_is_refused_and_nothing_is_saved(
    client_as: Any,
) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    client.post(
        reverse("intake:draft-items", args=[draft.pk]),
        formset_data(draft, v1={"pseudonym": "Shapla"}),
    )
    draft.refresh_from_db()
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]),
        confirm_data(draft, offence_date="2024-04-21"),
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "would come before the trafficking on 21 Apr 2024" in content
    assert Case.objects.count() == 0 and Survivor.objects.count() == 0


def test_a_survivor_without_a_pseudonym_cannot_be_saved(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    response = client.post(reverse("intake:draft-confirm", args=[draft.pk]), confirm_data(draft))
    assert "Survivor 1 (Mazina) needs a pseudonym before saving." in response.content.decode()
    assert not Case.objects.exists()


def test_a_draft_is_added_to_an_existing_case(client_as: Any, case: Case) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    client.post(
        reverse("intake:draft-items", args=[draft.pk]),
        formset_data(draft, v1={"pseudonym": "Shapla"}),
    )
    draft.refresh_from_db()
    before = case.events.count()
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]),
        confirm_data(draft, target="existing", reference=case.reference.lower(), title=""),
    )
    assert response.status_code == 302
    assert case.events.count() == before + len(draft.items["events"])
    assert case.case_survivors.count() == 2


def test_a_case_the_user_cannot_edit_is_not_a_target(client_as: Any, case: Case) -> None:
    client = client_as("other_caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]),
        confirm_data(draft, target="existing", reference=case.reference),
    )
    assert f"There is no case {case.reference} that you can add to." in response.content.decode()


def test_a_missed_item_is_added_from_the_selected_words(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    start = draft.text.index("We waited for 30 minutes")
    end = start + len("We waited for 30 minutes")
    response = client.post(
        reverse("intake:draft-item-add", args=[draft.pk]),
        {"add-kind": "other", "add-when": "20 Apr 2024", "add-start": start, "add-end": end,
         "add-version": draft.version},
    )  # fmt: skip
    assert response.status_code == 302
    draft.refresh_from_db()
    added = next(e for e in draft.items["events"] if e["rule"] == "added by hand")
    assert (added["type"], added["evidence"], added["when"]) == (
        "other",
        "We waited for 30 minutes",
        "20 Apr 2024",
    )
    positions = [e["span"][0] for e in draft.items["events"]]
    assert positions == sorted(positions)
    response = client.post(
        reverse("intake:draft-item-add", args=[draft.pk]),
        {"add-kind": "survivor", "add-start": 5, "add-end": 5, "add-version": draft.version},
    )
    assert "Select the words in the narrative first." in response.content.decode()


def test_a_discarded_draft_can_no_longer_be_confirmed(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    response = client.post(
        reverse("intake:draft-discard", args=[draft.pk]), {"version": draft.version}
    )
    assert response["Location"] == reverse("intake:draft-list")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DISCARDED
    response = client.post(reverse("intake:draft-confirm", args=[draft.pk]), confirm_data(draft))
    assert "This draft is discarded; it can no longer be changed." in response.content.decode()
    assert not Case.objects.exists()


def test_only_its_author_and_supervisors_see_a_draft(client_as: Any, draft: Draft) -> None:
    url = draft.get_absolute_url()
    assert client_as("caseworker").get(url).status_code == 200
    assert client_as("supervisor").get(url).status_code == 200
    assert client_as("other_caseworker").get(url).status_code == 404
    assert client_as("legal_officer").get(url).status_code == 403
    assert (
        client_as("other_caseworker")
        .post(reverse("intake:draft-discard", args=[draft.pk]), {"version": draft.version})
        .status_code
        == 404
    )
    assert (
        client_as("other_caseworker")
        .get(reverse("intake:draft-source", args=[draft.pk]))
        .status_code
        == 404
    )
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN
    listing = client_as("other_caseworker").get(reverse("intake:draft-list")).content.decode()
    assert draft.get_absolute_url() not in listing
    assert (
        draft.get_absolute_url()
        in client_as("caseworker").get(reverse("intake:draft-list")).content.decode()
    )


def test_the_draft_page_issues_a_fixed_number_of_queries(
    client_as: Any, cast: Any, offices: Any, official: Any
) -> None:
    client = client_as("caseworker")
    small = draft_create(
        actor=cast["caseworker"], text="On 20 April 2024 the SP rescued Rina in Basirhat."
    )
    large = draft_create(actor=cast["caseworker"], text=SAMPLE)
    assert len(large.items["events"]) > 10 * len(small.items["events"])
    counts = []
    for draft in (small, large):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(draft.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    # session, user, 2FA device, draft, 3 directory lookups by name, 2 by title and kind (a
    # lookup with nothing to look for is not sent: the small text names no unit or facility),
    # and for each named survivor two looks in the blind indexes for who she may already be
    # (how common each of her keys is, then the candidates ranked by the rarer ones)
    assert counts == [10, 11]
    page = client.get(large.get_absolute_url()).content.decode()
    assert "Rajbari Outpost" in page and f'value="o{offices["outpost"].pk}"' in page
    assert f'value="p{official.pk}"' in page
    assert "→ Rajbari Outpost; Rajbari Outpost area" in page  # directory suggestions, best first


def test_the_draft_list_issues_a_fixed_number_of_queries(client_as: Any, cast: Any) -> None:
    client, url = client_as("caseworker"), reverse("intake:draft-list")
    draft_create(actor=cast["caseworker"], text="On 20 April 2024 the SP rescued Rina.")
    small = queries_of(client, url)
    for n in range(8):
        author = cast["caseworker"] if n % 2 else cast["other_caseworker"]
        draft_create(actor=author, text=SAMPLE, filename=f"report-{n}.txt")
    assert "report-7.txt" in client.get(url).text
    assert queries_of(client, url) == small == 4  # session, user, 2FA device, the drafts


def test_the_case_team_reads_the_source_narrative_of_their_case(
    client_as: Any, case: Case, cast: Any
) -> None:
    from mukti.intake.services import draft_confirm, draft_items_update

    draft = draft_create(actor=cast["caseworker"], text="On 20 April 2024 the SP rescued Rina.")
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": "v1", "pseudonym": "Juthi"}],
    )  # fmt: skip
    draft_confirm(actor=cast["caseworker"], draft=draft, expected_version=draft.version, case=case)
    url = reverse("intake:draft-source", args=[draft.pk])
    reason = {"reason": "Preparing the court statement"}
    read = client_as("legal_officer").post(url, reason)  # in the case team
    assert read.status_code == 200 and "Rina" in read.content.decode()
    assert client_as("aftercare_officer").post(url, reason).status_code == 404  # outside it
    assert client_as("other_caseworker").post(url, reason).status_code == 404
    page = client_as("legal_officer").get(case.get_absolute_url()).content.decode()
    assert url in page


def test_the_source_narrative_is_read_only_with_a_reason_and_the_reading_is_audited(
    client_as: Any, case: Case, cast: Any
) -> None:
    from mukti.intake.services import draft_confirm, draft_items_update

    text = "On 20 April 2024 the SP rescued Rina Khatun. Her mother's phone is 9800012345."
    draft = draft_create(actor=cast["caseworker"], text=text)
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": "v1", "pseudonym": "Juthi"}],
    )  # fmt: skip
    draft_confirm(actor=cast["caseworker"], draft=draft, expected_version=draft.version, case=case)
    case.members.create(user=cast["aftercare_officer"])
    url = reverse("intake:draft-source", args=[draft.pk])
    for role in ("caseworker", "legal_officer", "aftercare_officer", "supervisor"):
        client = client_as(role)
        asked = client.get(url).content.decode()
        assert "9800012345" not in asked and "Khatun" not in asked
        assert "Why do you need to read the source narrative?" in asked
        short = client.post(url, {"reason": "need"}).content.decode()
        assert "9800012345" not in short
        assert "Say why you need to read the source narrative" in short
        read = client.post(url, {"reason": f"{role} checks the rescue facts"})
        assert "9800012345" in read.content.decode() and read["Cache-Control"] == "no-store"
        record = AuditRecord.objects.filter(object_type="intake.draft", action="reveal").latest(
            "seq"
        )
        assert (record.actor, record.reason) == (cast[role], f"{role} checks the rescue facts")
    assert AuditRecord.objects.filter(object_type="intake.draft", action="reveal").count() == 4
    log = client_as("supervisor").get(reverse("reports:case-access", args=[case.reference])).text
    assert "legal_officer checks the rescue facts" in log
    assert client_as("data_officer").post(url, {"reason": "dashboards, honest"}).status_code == 403


def test_imported_notes_keep_no_name_of_the_survivor_not_even_her_surname_alone(
    cast: Any,
) -> None:
    from mukti.intake.services import draft_confirm, draft_item_add, draft_items_update

    text = (
        "Information was received on 2 March 2024 that Mazina Khatun (22) was held in Basirhat. "
        "On 20 April 2024 the police rescued Mazina Khatun. KHATUN told the SP she was sold."
    )
    draft = draft_create(actor=cast["caseworker"], text=text)
    start = text.index("Mazina Khatun")
    draft = draft_item_add(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, kind="survivor",
        start=start, end=start + len("Mazina Khatun"),
    )  # fmt: skip
    victim = draft.items["victims"][-1]
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": v["id"], "remove": v is not victim} for v in draft.items["victims"]]
        + [{"id": victim["id"], "pseudonym": "Shapla", "legal_name": "Mazina Khatun Bibi"}],
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Basirhat"
    )
    notes = " ".join(f"{e.note} {e.quote}" for e in case.events.all())
    assert "Shapla" in notes
    for name in ("Mazina", "Khatun", "KHATUN", "Bibi"):
        assert name not in notes


def test_imported_events_keep_their_type_and_aftercare_reads_no_justice_fact(
    client_as: Any, cast: Any
) -> None:
    from mukti.cases import services as case_services
    from mukti.core.fuzzydate import parse_when
    from mukti.intake.services import draft_confirm, draft_items_update

    text = (
        "Mazina was trafficked by Deepak Sahu to Basirhat on 19th February 2024. "
        "On 20th April 2024 the police rescued Mazina from the brothel; the manager Deepak "
        "Sahu was arrested."
    )
    draft = draft_create(actor=cast["caseworker"], text=text)
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": v["id"], "pseudonym": "Shapla"} for v in draft.items["victims"]],
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Basirhat"
    )
    types = set(case.events.values_list("type", flat=True))
    assert "trafficked" in types and "other" not in types
    case_services.event_record(
        actor=cast["caseworker"], case=case, type="produced_magistrate",
        when=parse_when("21 Apr 2024"), note="Deepak Sahu produced before the ACJM, Basirhat.",
    )  # fmt: skip
    case.members.create(user=cast["aftercare_officer"])
    aftercare = client_as("aftercare_officer").get(case.get_absolute_url()).text
    assert "Deepak" not in aftercare and "Sahu" not in aftercare
    assert "Produced before magistrate" not in aftercare
    assert "read it in the source narrative" in aftercare
    # The caseworker, who sees the justice side, reads the arrest with its sentence.
    assert "Sahu" in client_as("caseworker").get(case.get_absolute_url()).text


def test_an_imported_sentence_is_shown_on_the_timeline_but_stored_encrypted_and_not_searched(
    client_as: Any, cast: Any
) -> None:
    from django.db import connection

    from mukti.intake.services import draft_confirm, draft_items_update

    text = "On 22 April 2024 the police rescued Mazina from the Hakimpur sweet shop godown."
    draft = draft_create(actor=cast["caseworker"], text=text)
    draft = draft_items_update(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, events=[],
        victims=[{"id": v["id"], "pseudonym": "Shapla"} for v in draft.items["victims"]],
    )  # fmt: skip
    case = draft_confirm(
        actor=cast["caseworker"], draft=draft, expected_version=draft.version, title="Basirhat"
    )
    event = case.events.get(type="rescue")
    assert "Hakimpur sweet shop godown" in event.quote and "Shapla" in event.quote
    with connection.cursor() as cursor:
        cursor.execute("SELECT note, quote FROM cases_event WHERE id = %s", [event.pk])
        note, quote = cursor.fetchone()
    assert "Hakimpur" not in note + quote and quote.startswith("gAAAAA")
    client = client_as("caseworker")
    assert "Hakimpur sweet shop godown" in client.get(case.get_absolute_url()).text
    assert case.reference not in client.get(reverse("cases:case-list") + "?q=godown").text


def test_add_saves_the_corrections_typed_above_it_too(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    victim = draft.items["victims"][0]["id"]
    start = draft.text.index("We waited for 30 minutes")
    data = formset_data(draft, **{victim: {"pseudonym": "Shapla"}})
    data |= {"add-kind": "other", "add-when": "20 Apr 2024", "add-start": start,
             "add-end": start + 24, "add-version": draft.version}  # fmt: skip
    response = client.post(reverse("intake:draft-item-add", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.items["victims"][0]["pseudonym"] == "Shapla"
    assert any(e["rule"] == "added by hand" for e in draft.items["events"])


def test_a_failed_add_keeps_the_corrections_on_the_page_and_saves_nothing(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    victim = draft.items["victims"][0]["id"]
    data = formset_data(draft, **{victim: {"pseudonym": "Shapla"}})
    data |= {"add-kind": "survivor", "add-start": 5, "add-end": 5, "add-version": draft.version}
    response = client.post(reverse("intake:draft-item-add", args=[draft.pk]), data)
    assert response.status_code == 400
    assert "Select the words in the narrative first." in response.text
    assert 'value="Shapla"' in response.text  # still there to submit again
    draft.refresh_from_db()
    assert draft.items["victims"][0]["pseudonym"] != "Shapla"


def test_discarding_asks_first(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    review = client.get(draft.get_absolute_url()).text
    url = reverse("intake:draft-discard", args=[draft.pk])
    assert f'href="{url}"' in review
    page = client.get(url)
    assert "Discard this draft?" in page.text and "It cannot be undone." in page.text
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN
    client.post(url, {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DISCARDED


def test_the_review_page_reads_no_rule_names_to_screen_readers(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    assert "trigger:" not in client.get(draft.get_absolute_url()).text


def test_confirm_saves_the_corrections_typed_above_it_without_saving_them_first(
    client_as: Any,
) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    victim = draft.items["victims"][0]["id"]
    dropped = draft.items["events"][1]["id"]
    data = formset_data(draft, **{victim: {"pseudonym": "Shapla"}, dropped: {"remove": "on"}})
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]), data | confirm_data(draft)
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert Survivor.objects.get().pseudonym == "Shapla"
    assert case.events.count() == len(draft.items["events"]) - 1
    draft.refresh_from_db()
    assert draft.status == DraftStatus.CONFIRMED
    assert draft.items["victims"][0]["pseudonym"] == "Shapla"
    assert dropped not in [e["id"] for e in draft.items["events"]]


def test_a_confirm_refused_keeps_every_correction_on_the_page_and_saves_nothing(
    client_as: Any,
) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    victim = draft.items["victims"][0]["id"]
    first = draft.items["events"][0]["id"]
    data = formset_data(
        draft, **{victim: {"pseudonym": "Shapla"}, first: {"when": "the day after the fair"}}
    )
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]), data | confirm_data(draft)
    )
    assert response.status_code == 400
    assert "the day after the fair" in response.text and 'value="Shapla"' in response.text
    assert not Case.objects.exists() and not Survivor.objects.exists()
    before = draft.version
    draft.refresh_from_db()
    assert draft.version == before and draft.status == DraftStatus.OPEN
    assert draft.items["victims"][0]["pseudonym"] != "Shapla"  # rolled back with the confirm


def test_a_correction_that_cannot_be_read_is_shown_with_the_confirmation_and_nothing_is_saved(
    client_as: Any,
) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    victim = draft.items["victims"][0]["id"]
    data = formset_data(draft, **{victim: {"pseudonym": "Shapla", "age": "300"}})
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]), data | confirm_data(draft)
    )
    assert response.status_code == 400
    assert "Some corrections above cannot be read: see the marked fields." in response.text
    assert "Ensure this value is less than or equal to 120." in response.text
    assert 'value="Shapla"' in response.text and 'value="300"' in response.text
    assert not Case.objects.exists()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.OPEN


def test_confirm_from_a_page_older_than_a_saved_correction_is_refused(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    victim = draft.items["victims"][0]["id"]
    stale = formset_data(draft, **{victim: {"pseudonym": "Shapla"}}) | confirm_data(draft)
    client.post(
        reverse("intake:draft-items", args=[draft.pk]),
        formset_data(draft, **{victim: {"pseudonym": "Bakul"}}),
    )
    response = client.post(reverse("intake:draft-confirm", args=[draft.pk]), stale)
    assert response.status_code == 400 and not Case.objects.exists()
    draft.refresh_from_db()
    assert draft.items["victims"][0]["pseudonym"] == "Bakul"


def test_the_confirmation_fields_belong_to_the_corrections_form(client_as: Any) -> None:
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    page = client.get(Draft.objects.get().get_absolute_url()).text
    assert 'name="confirm-title"' in page and 'form="items-form"' in page
    assert (
        'form="items-form" formaction="'
        + reverse("intake:draft-confirm", args=[Draft.objects.get().pk])
        in page
    )


# Possible matches of each new survivor, before confirming (issue 22)


def _known_as_mazina(actor: Any, title: str, pseudonym: str) -> Survivor:
    from mukti.cases import services as cases

    other = cases.case_open(actor=actor, title=title, exploitation=["sexual"])
    return cases.survivor_add(
        actor=actor, case=other, pseudonym=pseudonym, identity={"legal_name": "মাজিনা"}
    )


def test_the_review_shows_who_a_new_survivor_may_be_and_confirming_unseen_ones_waits(
    client_as: Any, cast: Any
) -> None:
    tara = _known_as_mazina(cast["caseworker"], "Girl found at Sonagachi", "Tara")
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "She may already be known" in page and f'data-testid="match-{tara.pk}"' in page
    assert f'name="matches_seen" value="{tara.pk}"' in page
    cases_before = Case.objects.count()
    # A confirmation that did not come from a page showing her (an old tab, a script): held.
    named = formset_data(draft, v1={"pseudonym": "Shapla"}) | confirm_data(draft)
    held = client.post(reverse("intake:draft-confirm", args=[draft.pk]), named)
    assert held.status_code == 400
    assert "may already be known in other records" in held.content.decode()
    assert f'data-testid="match-{tara.pk}"' in held.content.decode()
    assert Case.objects.count() == cases_before and Survivor.objects.count() == 1
    # Seen: saved as a new record (linking her is a choice made on her page).
    response = client.post(
        reverse("intake:draft-confirm", args=[draft.pk]), named | {"matches_seen": str(tara.pk)}
    )
    assert response.status_code == 302
    assert Survivor.objects.count() == 2


def test_a_name_corrected_in_the_confirming_post_is_checked_too(client_as: Any, cast: Any) -> None:
    tara = _known_as_mazina(cast["caseworker"], "Girl found at Sonagachi", "Tara")
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    v1 = draft.items["victims"][0]["id"]
    data = formset_data(draft, **{v1: {"legal_name": "Rupa"}})
    # Renamed "Rupa" on a page that showed Tara; back to "Majina" in the confirming post.
    client.post(reverse("intake:draft-items", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert "She may already be known" not in client.get(draft.get_absolute_url()).content.decode()
    data = formset_data(draft, **{v1: {"legal_name": "Majina", "pseudonym": "Shapla"}})
    data |= confirm_data(draft)
    held = client.post(reverse("intake:draft-confirm", args=[draft.pk]), data)
    assert held.status_code == 400 and f'data-testid="match-{tara.pk}"' in held.content.decode()
    draft.refresh_from_db()
    assert draft.items["victims"][0]["legal_name"] == "Rupa"  # nothing saved


def test_no_match_comes_from_a_case_the_caseworker_may_not_see(client_as: Any, cast: Any) -> None:
    from mukti.accounts.models import Organisation, Role
    from mukti.conftest import make_user

    _known_as_mazina(cast["other_caseworker"], "Anjali's case", "Shapla")  # another team
    partner = make_user(
        "nasrin", Role.SUPERVISOR, organisation=Organisation.objects.create(name="Partner NGO")
    )
    _known_as_mazina(partner, "Partner's case", "Rokeya")  # another organisation
    client = client_as("caseworker")
    client.post(reverse("intake:draft-new"), {"text": SAMPLE})
    draft = Draft.objects.get()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "She may already be known" not in page
    assert "Shapla" not in page and "Rokeya" not in page
    named = formset_data(draft, v1={"pseudonym": "Mita"}) | confirm_data(draft)
    response = client.post(reverse("intake:draft-confirm", args=[draft.pk]), named)
    assert response.status_code == 302
    # The supervisor of Meera's organisation sees Anjali's record, not the partner's.
    rupa = client_as("supervisor")
    rupa.post(reverse("intake:draft-new"), {"text": SAMPLE})
    theirs = Draft.objects.filter(status=DraftStatus.OPEN).get()
    page = rupa.get(theirs.get_absolute_url()).content.decode()
    assert "Shapla" in page and "Rokeya" not in page
