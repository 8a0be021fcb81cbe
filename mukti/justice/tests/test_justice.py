"""The legal case through the justice page: each rule with its message, nothing half-saved, and
the role boundaries (aftercare officers see no investigation intelligence)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mukti.audit.models import AuditRecord
from mukti.cases import services as case_services
from mukti.cases.models import Case, Event
from mukti.core.fuzzydate import parse_when as w
from mukti.deadlines.models import Clock
from mukti.directory.models import Office, Official
from mukti.justice import services
from mukti.justice.models import (
    Accused,
    CaseAccused,
    Compensation,
    Custody,
    EvidenceItem,
    Fir,
    Hearing,
    LegalSection,
)

pytestmark = pytest.mark.django_db


def _url(name: str, *args: Any) -> str:
    return reverse(f"justice:{name}", args=args)


def section(act: str, number: str) -> LegalSection:
    return LegalSection.objects.get(act=act, number=number)


@pytest.fixture
def court(places: Any) -> Office:
    return Office.objects.create(
        name="Court of the Additional Sessions Judge, Basirhat (demo)", kind="court",
        jurisdiction=places["basirhat"],
    )  # fmt: skip


@pytest.fixture
def lab(places: Any) -> Office:
    return Office.objects.create(
        name="Forensic Science Laboratory (demo)", kind="other", jurisdiction=places["wb"]
    )


def test_the_sections_offered_are_those_in_force_on_the_offence_date(
    client_as: Any, case: Case, offices: Any
) -> None:
    client = client_as("legal_officer")
    form = client.get(_url("record-add", case.reference, "fir")).text
    assert "IPC s.370 — Trafficking of person" in form  # offence 2 Mar 2024
    assert "BNS s.143" not in form
    assert "ITPA s.3 — Punishment for keeping a brothel" in form
    response = client.post(
        _url("record-add", case.reference, "fir"),
        {"police_station": offices["ps"].pk, "number": "217/2024", "when": "6 Mar 2024 23:50",
         "sections": [section("BNS", "143").pk, section("ITPA", "3").pk]},
    )  # fmt: skip
    assert (
        "BNS 143 was not in force on 02 Mar 2024, the offence date. Charge the sections of the "
        "law in force then." in response.text
    )
    assert not Fir.objects.exists() and not Event.objects.filter(type="fir_registered").exists()


def test_a_repealed_code_cannot_be_charged_for_an_offence_after_1_july_2024(
    client_as: Any, case: Case, offices: Any
) -> None:
    case.offence_date = dt.date(2024, 8, 3)
    case.save(update_fields=["offence_date"])
    client = client_as("legal_officer")
    assert (
        "BNS s.143 — Trafficking of person"
        in client.get(_url("record-add", case.reference, "fir")).text
    )
    response = client.post(
        _url("record-add", case.reference, "fir"),
        {"police_station": offices["ps"].pk, "number": "301/2024", "when": "5 Aug 2024",
         "sections": [section("IPC", "370").pk]},
    )  # fmt: skip
    assert "IPC 370 was not in force on 03 Aug 2024" in response.text
    assert not Fir.objects.exists()


def test_an_fir_number_is_recorded_once_per_police_station(
    client_as: Any, case: Case, offices: Any, justice_records: Any
) -> None:
    response = client_as("caseworker").post(
        _url("record-add", case.reference, "fir"),
        {"police_station": offices["ps"].pk, "number": "217/2024", "when": "7 Mar 2024",
         "sections": [section("ITPA", "3").pk]},
    )  # fmt: skip
    assert "FIR 217/2024 of Basirhat Police Station" in response.text
    assert "is already recorded." in response.text
    assert Fir.objects.count() == 1


def test_the_same_accused_in_another_case_is_linked_not_duplicated(
    client_as: Any, case: Case, cast: Any, justice_records: Any
) -> None:
    other = case_services.case_open(actor=cast["caseworker"], title="Second raid, same manager")
    client = client_as("caseworker")
    url = _url("accused-add", other.reference)
    first = client.post(url, {"name": "bapi mondal", "role": "manager"})
    assert "The same person as" in first.text and "Bapi Mondal" in first.text
    assert Accused.objects.count() == 1  # nothing created while asking
    client.post(url, {"name": "bapi mondal", "role": "manager", "checked": "on",
                      "existing": justice_records.accused.pk})  # fmt: skip
    assert Accused.objects.count() == 1
    assert CaseAccused.objects.filter(case=other, accused=justice_records.accused).exists()
    page = client.get(_url("case-justice", case.reference))
    assert f"Also accused in {other.reference}" in page.text
    # Anjali sees neither case... and Farida (legal officer) is not on the second case's team.
    legal = client_as("legal_officer").get(_url("case-justice", case.reference))
    assert other.reference not in legal.text


def test_an_arrest_needs_an_accused_of_the_case_and_starts_the_magistrate_clock(
    client_as: Any, case: Case, cast: Any, official: Official
) -> None:
    stranger = Accused.objects.create(name="Someone Else")
    client = client_as("caseworker")
    bad = client.post(
        _url("record-add", case.reference, "arrest"),
        {"accused": stranger.pk, "when": "6 Mar 2024 23:15"},
    )
    assert "Choose one of the accused of this case." in bad.text
    link = services.accused_add(actor=case.lead, case=case, name="Bapi Mondal", role="manager")
    client.post(
        _url("record-add", case.reference, "arrest"),
        {"accused": link.accused.pk, "when": "6 Mar 2024 23:15", "officer": official.pk},
    )
    assert Clock.objects.get(rule="arrest_magistrate").due_at == timezone.make_aware(
        dt.datetime(2024, 3, 7, 23, 15)
    )
    timeline = client.get(case.get_absolute_url()).text
    assert "arrested: Bapi Mondal" in timeline


def test_bail_before_any_arrest_is_refused(client_as: Any, case: Case) -> None:
    link = services.accused_add(actor=case.lead, case=case, name="Bapi Mondal", role="manager")
    response = client_as("caseworker").post(
        _url("record-add", case.reference, "bail"),
        {"accused": link.accused.pk, "when": "8 Mar 2024", "status": "granted"},
    )
    assert "Bail comes after an arrest: Bapi Mondal has no arrest recorded before that date." in (
        response.text
    )
    assert not Event.objects.filter(type="bail").exists()


def test_a_hand_over_by_someone_who_did_not_hold_the_item_is_refused(
    client_as: Any, case: Case, justice_records: Any, offices: Any, lab: Office
) -> None:
    item = justice_records.item
    io = Official.objects.create(
        name="Rina Das", rank="si", designation="Investigating Officer", office=offices["ps"]
    )
    client = client_as("legal_officer")
    url = _url("custody-add", case.reference, item.pk)
    bad = client.post(url, {"kind": "handover", "at": "2024-03-07T09:00",
                            "from_office": offices["ps"].pk, "from_official": io.pk,
                            "to_office": lab.pk})  # fmt: skip
    assert (
        "Rina Das, Investigating Officer, Basirhat Police Station did not hold this item: "
        "Ashok Halder, Officer-in-Charge, Rajbari Outpost did. Only its holder can hand it on; "
        "if it was found elsewhere, record that instead." in bad.text
    )
    assert not Custody.objects.exists()
    good = client.post(url, {"kind": "handover", "at": "2024-03-07T09:00",
                             "from_office": offices["outpost"].pk,
                             "from_official": justice_records.arrest.officer.pk,
                             "to_office": offices["ps"].pk, "to_official": io.pk,
                             "purpose": "Investigation"})  # fmt: skip
    assert good.status_code == 302
    early = client.post(url, {"kind": "handover", "at": "2024-03-07T08:00",
                              "from_office": offices["ps"].pk, "from_official": io.pk,
                              "to_office": lab.pk})  # fmt: skip
    assert "cannot come before the last step of the chain" in early.text
    page = client.get(_url("case-justice", case.reference)).text
    assert "Held now by <strong>Rina Das, Investigating Officer, Basirhat Police Station" in page
    assert "chain broken" not in page


def test_an_item_found_with_someone_it_was_never_handed_to_shows_a_broken_chain(
    client_as: Any, case: Case, justice_records: Any, lab: Office
) -> None:
    client = client_as("legal_officer")
    client.post(_url("custody-add", case.reference, justice_records.item.pk),
                {"kind": "found", "at": "2024-03-09T10:00", "to_office": lab.pk})  # fmt: skip
    page = client.get(_url("case-justice", case.reference)).text
    assert "chain broken" in page
    assert "found with Forensic Science Laboratory (demo), who was never handed it" in page


def test_hearings_come_after_the_fir_and_in_a_court(
    client_as: Any, case: Case, court: Office, offices: Any, justice_records: Any
) -> None:
    client = client_as("legal_officer")
    url = _url("record-add", case.reference, "hearing")
    before = client.post(url, {"court": court.pk, "when": "1 Mar 2024", "purpose": "Bail"})
    assert "A hearing on 1 Mar 2024 would come before the FIR (217/2024, 06 Mar 2024)." in (
        before.text
    )
    not_court = client.post(url, {"court": offices["ps"].pk, "when": "1 Apr 2024",
                                  "purpose": "Charges"})  # fmt: skip
    assert "That office is not in the directory" in not_court.text  # not offered as a court
    client.post(url, {"court": court.pk, "when": "1 Apr 2024", "purpose": "Framing of charges",
                      "next_date": "2024-05-02"})  # fmt: skip
    assert Hearing.objects.get().next_date == dt.date(2024, 5, 2)


def test_a_hearing_without_any_fir_is_refused(client_as: Any, case: Case, court: Office) -> None:
    response = client_as("legal_officer").post(
        _url("record-add", case.reference, "hearing"),
        {"court": court.pk, "when": "1 Apr 2024", "purpose": "Bail"},
    )
    assert "Record the FIR first: A hearing follows it." in response.text


def test_judgement_and_compensation_paid_later(
    client_as: Any, case: Case, court: Office, justice_records: Any
) -> None:
    client = client_as("legal_officer")
    person = justice_records.accused
    client.post(_url("record-add", case.reference, "judgement"),
                {"court": court.pk, "when": "12 Feb 2026", f"verdict_{person.pk}": "convicted",
                 f"sentence_{person.pk}": "10 years' rigorous imprisonment"})  # fmt: skip
    award = justice_records.compensation
    pay = client.post(_url("compensation-pay", case.reference, award.pk),
                      {"amount_paid": "400000", "paid_on": "2025-08-01",
                       "version": award.version})  # fmt: skip
    assert "The amount paid must be more than zero and at most the ₹300000 awarded." in pay.text
    client.post(
        _url("compensation-pay", case.reference, award.pk),
        {"amount_paid": "300000", "paid_on": "2025-08-01", "version": award.version},
    )
    award.refresh_from_db()
    assert award.amount_paid == 300000 and award.paid_on == dt.date(2025, 8, 1)
    page = client.get(_url("case-justice", case.reference)).text
    assert "<strong>Bapi Mondal</strong> convicted (10 years&#x27; rigorous imprisonment)" in page
    assert AuditRecord.objects.filter(object_type="justice.verdict").count() == 1


def test_aftercare_officers_see_no_investigation_intelligence(
    client_as: Any, case: Case, cast: Any, justice_records: Any
) -> None:
    case.members.create(user=cast["aftercare_officer"])
    aftercare = client_as("aftercare_officer")
    assert aftercare.get(_url("case-justice", case.reference)).status_code == 403
    page = aftercare.get(case.get_absolute_url()).text
    assert "Bapi Mondal" not in page and "Black phone" not in page and "217/2024" not in page
    assert "Arrested person produced before a magistrate" not in page  # nor its clock
    event = justice_records.arrest.event
    assert (
        aftercare.get(reverse("cases:event-edit", args=[case.reference, event.pk])).status_code
        == 404
    )
    assert client_as("data_officer").get(_url("case-justice", case.reference)).status_code == 403
    assert client_as("legal_officer").get(_url("case-justice", case.reference)).status_code == 200
    outsider = client_as("other_caseworker").get(_url("case-justice", case.reference))
    assert outsider.status_code == 404


def test_the_justice_page_issues_a_constant_number_of_queries(
    client_as: Any, case: Case, justice_records: Any, offices: Any, court: Office
) -> None:
    client = client_as("legal_officer")
    url = _url("case-justice", case.reference)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(3):
        link = services.accused_add(actor=case.lead, case=case, name=f"Man {n}", role="customer")
        services.arrest_record(actor=case.lead, case=case, accused=link.accused,
                               when=w(f"{n + 7} Mar 2024"))  # fmt: skip
        item = services.evidence_seize(
            actor=case.lead, case=case, when=w(f"{n + 7} Mar 2024 10:00"), kind="cash",
            description=f"Cash bundle {n}", seized_by_office=offices["ps"],
        )  # fmt: skip
        services.custody_transfer(
            actor=case.lead, item=item, at=timezone.make_aware(dt.datetime(2024, 3, 20)),
            from_office=offices["ps"], to_office=court,
        )  # fmt: skip
        services.hearing_record(actor=case.lead, case=case, court=court,
                                when=w(f"{n + 1} Apr 2024"), purpose="Bail")  # fmt: skip
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    # 19 for the page, 1 to see that this read was already noted in the audit log this hour.
    assert (len(before), len(after)) == (20, 20)
    assert EvidenceItem.objects.count() == 4 and Compensation.objects.count() == 1


def test_only_an_e_fir_is_signed_afterwards_and_never_before_it_was_registered(
    case: Case, offices: Any
) -> None:
    from mukti.core.errors import ApplicationError

    case.offence_date = dt.date(2024, 8, 1)
    case.save(update_fields=["offence_date"])
    values = {"actor": case.lead, "case": case, "police_station": offices["ps"],
              "number": "301/2024", "when": w("2 Aug 2024 10:00"),
              "sections": [section("BNS", "143")]}  # fmt: skip
    with pytest.raises(ApplicationError, match="Only an e-FIR is signed afterwards"):
        services.fir_register(**values, signed_at=timezone.make_aware(dt.datetime(2024, 8, 3)))
    with pytest.raises(ApplicationError, match="cannot sign the e-FIR before it was registered"):
        services.fir_register(**values, electronic=True,
                              signed_at=timezone.make_aware(dt.datetime(2024, 8, 1)))  # fmt: skip
    services.fir_register(**values, electronic=True)
    assert Clock.objects.get(rule="e_fir_signed").due_at == timezone.make_aware(
        dt.datetime(2024, 8, 5, 10, 0)
    )


def _other_team_case(cast: Any) -> tuple[Case, Accused]:
    """A case of Anjali's team (no one of Meera's is on it) with its own accused."""
    theirs = case_services.case_open(actor=cast["other_caseworker"], title="Placement agency")
    link = services.accused_add(
        actor=cast["other_caseworker"], case=theirs, name="Sultan Sheikh", aliases="Sultan bhai",
        phone="+919800000111", role="recruiter",
    )  # fmt: skip
    return theirs, link.accused


def test_matching_offers_only_accused_of_cases_the_user_may_see(
    client_as: Any, case: Case, cast: Any, justice_records: Any
) -> None:
    theirs, sultan = _other_team_case(cast)
    anjali = client_as("other_caseworker")
    url = _url("accused-add", theirs.reference)
    # The empty form lists no one; asking by Bapi's name or alias offers nothing.
    assert "Bapi Mondal" not in anjali.get(url).text
    meera = client_as("caseworker")
    assert "Sultan" not in meera.get(_url("accused-add", case.reference)).text
    by_name = meera.post(_url("accused-add", case.reference),
                         {"name": "sultan sheikh", "role": "manager"})  # fmt: skip
    assert "The same person as" not in by_name.text and "Sultan bhai" not in by_name.text
    # The phone lookup searches only what the user may see.
    assert services.accused_matches(user=cast["caseworker"], name="x", phone="+919800000111") == []
    assert services.accused_matches(user=cast["other_caseworker"], name="bapi mondal") == []
    assert services.accused_matches(user=cast["legal_officer"], name="sultan bhai") == []
    assert services.accused_matches(user=cast["aftercare_officer"], name="bapi mondal") == []
    # Their own team's people and, for a supervisor, everyone are offered.
    assert services.accused_matches(user=cast["other_caseworker"], name="x",
                                    phone="+919800000111") == [sultan]  # fmt: skip
    assert services.accused_matches(user=cast["legal_officer"], name="bapi mondal") == [
        justice_records.accused
    ]
    assert services.accused_matches(user=cast["supervisor"], name="sultan bhai") == [sultan]
    offered = client_as("supervisor").post(
        _url("accused-add", case.reference), {"name": "Sultan Sheikh", "role": "recruiter"}
    )
    assert "The same person as" in offered.text and "Sultan Sheikh" in offered.text


def test_an_accused_of_another_team_cannot_be_linked_except_by_a_supervisor(
    client_as: Any, case: Case, cast: Any, justice_records: Any
) -> None:
    from mukti.core.errors import ApplicationError

    _theirs, sultan = _other_team_case(cast)
    posted = {"name": "", "role": "manager", "checked": "on", "existing": sultan.pk}
    response = client_as("caseworker").post(_url("accused-add", case.reference), posted)
    assert response.status_code == 200
    assert not CaseAccused.objects.filter(case=case, accused=sultan).exists()
    page = client_as("caseworker").get(_url("case-justice", case.reference)).text
    assert "Sultan" not in page
    with pytest.raises(ApplicationError, match="known only from cases outside your team"):
        services.accused_add(actor=cast["caseworker"], case=case, role="manager", existing=sultan)
    ok = client_as("supervisor").post(_url("accused-add", case.reference), posted)
    assert ok.status_code == 302
    assert CaseAccused.objects.filter(case=case, accused=sultan).exists()


def test_accused_are_matched_by_blind_index_and_stored_encrypted(
    case: Case, cast: Any, settings: Any
) -> None:
    from io import StringIO

    from cryptography.fernet import Fernet
    from django.core.management import call_command

    from mukti.justice.models import AccusedKey

    meera = cast["caseworker"]
    link = services.accused_add(
        actor=meera, case=case, name="Bapi Mondal", aliases="Bapi da, B. Mondal",
        phone="98300 00111", description="About 40, limps", role="manager",
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, aliases, phone, description FROM justice_accused")
        raw = " ".join(cursor.fetchone())
    assert "Bapi" not in raw and "98300" not in raw and "limps" not in raw
    assert raw.startswith("gAAAAA")
    # Name, two aliases, phone: four digests; six of the words' sounds and skeletons (bapi,
    # mondal, da; "b" is too short); ten of the whole names (each name's sound and skeleton,
    # each word with the other words' first letters: core.names.whole_keys); none the value.
    digests = set(AccusedKey.objects.values_list("digest", flat=True))
    assert len(digests) == 20 and all(len(d) == 64 and "bapi" not in d for d in digests)
    accused = link.accused
    asking: list[dict[str, str]] = [
        {"name": "BAPI  MONDAL."},
        {"name": "x", "aliases": "b mondal"},
        {"name": "x", "phone": "+91 98300-00111"},
        {"name": "x", "phone": "09830000111"},
        # Other scripts and spellings of the same name
        {"name": "বাপি মন্ডল"},
        {"name": "बापी मंडल"},
        {"name": "Baapi Mandal"},
    ]
    for asked in asking:
        assert services.accused_matches(user=meera, **asked) == [accused], asked
    assert services.accused_matches(user=meera, name="Bapi") == []  # a whole name, not a part
    assert services.accused_matches(user=meera, name="Bablu Mondal") == []  # not alike enough
    record = AuditRecord.objects.get(object_type="justice.accused")
    assert "Bapi" not in str(record.changes) and "Bapi" not in record.object_repr
    assert record.changes["name"] == [None, "[protected]"]
    link_record = AuditRecord.objects.get(object_type="justice.caseaccused")
    assert "Bapi" not in link_record.object_repr
    # A new key first: matching still works before and after the rotation re-indexes.
    new_key = Fernet.generate_key().decode()
    settings.MUKTI_FIELD_KEYS = [new_key, *settings.MUKTI_FIELD_KEYS]
    assert services.accused_matches(user=meera, name="bapi mondal") == [accused]
    call_command("rotate_field_keys", stdout=StringIO(), stderr=StringIO())
    settings.MUKTI_FIELD_KEYS = [new_key]
    assert set(AccusedKey.objects.values_list("digest", flat=True)).isdisjoint(digests)
    assert services.accused_matches(user=meera, name="x", phone="9830000111") == [accused]


def test_testimony_support_reads_in_words_on_the_justice_page(
    client_as: Any, case: Any, cast: Any, places: Any, justice_records: Any
) -> None:
    from mukti.core.fuzzydate import parse_when
    from mukti.directory.models import Office
    from mukti.justice import services as justice_services

    court = Office.objects.create(name="Special Court, Barasat", kind="court",
                                  jurisdiction=places["n24"])  # fmt: skip
    justice_services.testimony_record(
        actor=cast["caseworker"], case=case, survivor=case.case_survivors.get().survivor,
        court=court, when=parse_when("9 Oct 2024"), support=["in_camera", "support_person"],
    )  # fmt: skip
    page = (
        client_as("legal_officer").get(reverse("justice:case-justice", args=[case.reference])).text
    )
    assert "(In camera, Support person)" in page and "in_camera" not in page
