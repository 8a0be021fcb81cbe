"""Names in any script: the normaliser, search by name, possible duplicates (only among cases the
user may see, per role and organisation), "same person" links, and the blind indexes."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from mukti.accounts.models import Organisation, Role
from mukti.audit.models import AuditRecord
from mukti.cases import names, services
from mukti.cases.models import Case, SameSurvivor, Survivor, SurvivorKey
from mukti.conftest import make_user, sign_in
from mukti.core import names as core_names
from mukti.core.errors import ApplicationError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Mazina", "Majina"),
        ("Mazina", "মাজিনা"),
        ("Majina", "मज़ीना"),
        ("Majinah", "Mazeena"),
        ("Lakshmi", "লক্ষ্মী"),
        ("Laxmi", "Lakshmi"),
        ("Fatima", "Fatema"),
        ("Fatema", "ফাতেমা"),
        ("Phulmoni", "Fulmoni"),
        ("Jamuna", "যমুনা"),
        ("Priyanka", "प्रियंका"),
        ("Chandni", "চাঁদনী"),
        ("Vandana", "Bandana"),
        ("Shabnam", "Sabnam"),
        ("Rahman", "রহমান"),
        ("Yasmin", "যাস্মিন"),
        ("Yasmin", "Jasmin"),
        ("Yamuna", "यमुना"),
    ],
)
def test_one_name_in_any_script_or_spelling_has_one_sound(first: str, second: str) -> None:
    assert core_names.token_keys(first) & core_names.token_keys(second), (first, second)
    assert core_names.similarity(first, second) >= names.NAME_THRESHOLD


def test_different_names_are_not_taken_for_one() -> None:
    for first, second in [("Rina Das", "Mina Das"), ("Rahima Khatun", "Rehana Khatun"),
                          ("Majina", "Majina Khatun"), ("Sultana", "Sabina")]:  # fmt: skip
        assert core_names.similarity(first, second) < names.NAME_THRESHOLD, (first, second)
    # Word order and honorifics do not matter; a whole name is compared, not a part of it.
    assert core_names.similarity("Khatun Majina", "Md. Majina Khatun") == 100


def test_a_typo_in_a_first_letter_does_not_put_the_words_out_of_step() -> None:
    """Words are compared in the order that fits them: "Tisku" sorts after "Sultana", "Kisku"
    before it, and an alphabetical comparison scored them 50."""
    assert core_names.similarity("Sultana Kisku", "Sultana Tisku") >= names.NAME_THRESHOLD


def test_the_whole_name_ranks_her_above_many_who_share_a_family_name(case: Case, cast: Any) -> None:
    """Candidates are ranked by the keys they share and only the first 40 are compared: with
    keys for words alone, 45 women called "... Khatun" tied with her when her given name was
    mistyped, and she was cut off by the order of their ids."""
    meera = cast["caseworker"]
    given = ["Rahima", "Salma", "Nazma", "Rokeya", "Nasrin", "Parvin", "Rupa", "Jamuna", "Bandana"]
    for n in range(names.CANDIDATES + 5):
        _add(case, meera, f"P{n}", legal_name=f"{given[n % 9]} Khatun")
    tumpa = _add(case, meera, "Tumpa", legal_name="তুম্পা খাতুন")
    asked = names.Candidate(legal_name="Tumpr Khatun", age_years=23, nationality="BD")
    assert [m.survivor for m in names.survivor_matches(user=meera, candidate=asked)] == [tumpa]


def test_a_key_held_by_too_many_ranks_no_one_and_the_whole_name_still_finds_her(
    case: Case, cast: Any, monkeypatch: Any
) -> None:
    """At scale a family name is thousands of index rows, each checked against the user's
    cases: such a key is left out of the ranking (names.COMMON), and the rarer keys of her whole
    name find her; a name whose every key is that common is looked up by its rarest."""
    monkeypatch.setattr(names, "COMMON", 3)
    meera = cast["caseworker"]
    for n, given in enumerate(["Rahima", "Salma", "Nazma", "Rokeya", "Nasrin"]):
        _add(case, meera, f"P{n}", legal_name=f"{given} Khatun")
    tumpa = _add(case, meera, "Tumpa", legal_name="তুম্পা খাতুন")
    asked = names.Candidate(legal_name="Tumpr Khatun", age_years=23, nationality="BD")
    wanted = names.lookup(names.identity_keys(legal_name="Tumpr Khatun"))
    kept = set(names._selective(list(wanted)))
    assert {wanted[d] for d in kept} >= {"pair:katun+t", "sound:tumpr"}
    assert "sound:katun" not in {wanted[d] for d in kept}
    assert [m.survivor for m in names.survivor_matches(user=meera, candidate=asked)] == [tumpa]
    # "Khatun" alone: every key common, the rarest still asked.
    assert names._selective(list(names.lookup(names.identity_keys(legal_name="Khatun"))))


def _second_case(actor: Any, title: str = "Girl found at Sonagachi") -> Case:
    return services.case_open(actor=actor, title=title, exploitation=["sexual"])


def _add(case: Case, actor: Any, pseudonym: str, **identity: Any) -> Survivor:
    age = identity.pop("age_years", 23)
    nationality = identity.pop("nationality", "BD")
    return services.survivor_add(
        actor=actor, case=case, pseudonym=pseudonym, age_years=age, nationality=nationality,
        identity=identity,
    )  # fmt: skip


def test_the_case_list_finds_her_by_name_in_any_script(case: Case, client_as: Any) -> None:
    other = _second_case(case.lead)
    _add(other, case.lead, "Tara", legal_name="Mazina Khatun", family_contacts="Father")
    meera = client_as("caseworker")
    for query in ["মাজিনা", "Majina", "mazeena khatoon", "मज़ीना"]:
        page = meera.get(reverse("cases:case-list"), {"q": query}).content.decode()
        assert other.reference in page, query
        assert case.reference not in page, query
    # Another caseworker, outside the team, finds nothing by her name.
    page = client_as("other_caseworker").get(reverse("cases:case-list"), {"q": "Majina"})
    assert other.reference not in page.content.decode()
    # Her name itself is in no plain-text index.
    text = " ".join(Case.objects.values_list("search_text__text", flat=True))
    assert "Mazina" not in text and "Khatun" not in text


def test_adding_a_survivor_shows_who_she_may_be_and_links_her(case: Case, cast: Any) -> None:
    meera = cast["caseworker"]
    first = _add(case, meera, "Tara", legal_name="Mazina Khatun", family_contacts="",
                 home_address="Village Hingalganj, North 24 Parganas")  # fmt: skip
    second = _second_case(meera)
    client = _client(meera)
    url = reverse("cases:survivor-add", args=[second.reference])
    data = {"pseudonym": "Shapla", "gender": "female", "age_years": "25",
            "nationality": "BD", "legal_name": "মাজিনা খাতুন",
            "home_address": "Hingalganj"}  # fmt: skip
    page = client.post(url, data).content.decode()
    assert "She may already be known" in page
    assert "Tara" in page and case.reference in page
    assert "her name sounds the same" in page and "her age is within 3 years" in page
    assert "the same nationality" in page and "a place of her home address is the same" in page
    assert not Survivor.objects.filter(pseudonym="Shapla").exists()  # nothing saved yet
    response = client.post(url, {**data, "matches_checked": "on", "same_as": str(first.pk)})
    assert response.status_code == 302
    added = Survivor.objects.get(pseudonym="Shapla")
    link = SameSurvivor.objects.get()
    assert {link.survivor_id, link.other_id} == {first.pk, added.pk}
    record = AuditRecord.objects.get(object_type="cases.samesurvivor")
    assert record.actor == meera and "Mazina" not in str(record.changes) + record.object_repr
    # Her history across cases is one page.
    page = client.get(reverse("cases:survivor-same-person", args=[second.reference, added.pk]))
    text = page.content.decode()
    assert case.reference in text and second.reference in text and "Tara" in text


def test_a_new_person_is_saved_when_she_is_none_of_them(case: Case, cast: Any) -> None:
    meera = cast["caseworker"]
    _add(case, meera, "Tara", legal_name="Mazina Khatun")
    client = _client(meera)
    url = reverse("cases:survivor-add", args=[case.reference])
    data = {"pseudonym": "Shapla", "gender": "female", "age_years": "24", "nationality": "BD",
            "legal_name": "Majina Khatun", "matches_checked": "on", "same_as": ""}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert not SameSurvivor.objects.exists()


def test_an_age_far_apart_or_another_nationality_is_no_match(case: Case, cast: Any) -> None:
    meera = cast["caseworker"]
    _add(case, meera, "Tara", legal_name="Mazina Khatun", age_years=23)
    far = names.Candidate(legal_name="Majina Khatun", age_years=40, nationality="BD")
    assert names.survivor_matches(user=meera, candidate=far) == []
    foreign = names.Candidate(legal_name="Majina Khatun", age_years=24, nationality="NP")
    assert names.survivor_matches(user=meera, candidate=foreign) == []
    near = names.Candidate(legal_name="Majina Khatun", age_years=26, nationality="BD")
    assert [m.survivor.pseudonym for m in names.survivor_matches(user=meera, candidate=near)] == [
        "Tara"
    ]


def test_a_shared_family_phone_is_a_match_by_itself(case: Case, cast: Any) -> None:
    meera = cast["caseworker"]
    _add(case, meera, "Tara", legal_name="Mazina Khatun", family_contacts="Mother: 98300 11122")
    asked = names.Candidate(legal_name="Salma", family_contacts="+91 9830011122 (uncle)")
    [match] = names.survivor_matches(user=meera, candidate=asked)
    assert "a phone number of her family contacts is the same" in match.reasons


def test_matches_come_only_from_cases_the_user_may_see(case: Case, cast: Any) -> None:
    """Per role and across organisations: nobody learns of a record they could not open."""
    _add(case, cast["caseworker"], "Tara", legal_name="Mazina Khatun", family_contacts="9830011122")
    asked = names.Candidate(legal_name="মাজিনা খাতুন", family_contacts="9830011122")
    partner = Organisation.objects.create(name="Partner NGO")
    stranger = make_user("sabina", Role.SUPERVISOR, organisation=partner)
    seen = {
        who: [m.survivor.pseudonym for m in names.survivor_matches(user=user, candidate=asked)]
        for who, user in {**cast, "other_organisation_supervisor": stranger}.items()
    }
    assert seen == {
        "caseworker": ["Tara"],  # her team
        "legal_officer": ["Tara"],  # on the team
        "supervisor": ["Tara"],  # sees every case of her organisation
        "other_caseworker": [],  # outside the team
        "aftercare_officer": [],
        "data_officer": [],  # reads no case content
        "administrator": [],
        "other_organisation_supervisor": [],
    }


def test_only_records_the_user_may_edit_are_linked(case: Case, cast: Any) -> None:
    meera, anjali = cast["caseworker"], cast["other_caseworker"]
    tara = _add(case, meera, "Tara", legal_name="Mazina Khatun")
    hers = _second_case(anjali, "Anjali's case")
    shapla = _add(hers, anjali, "Shapla", legal_name="Majina Khatun")
    with pytest.raises(ApplicationError, match="only records of cases you work on"):
        services.survivor_link_same(actor=anjali, case=hers, survivor=shapla, other=tara)
    # Through the page: a record she may not see is a 404, and nothing is linked.
    client = _client(anjali)
    url = reverse("cases:survivor-same-person", args=[hers.reference, shapla.pk])
    assert client.post(url, {"other": str(tara.pk)}).status_code == 404
    assert client.post(url, {"other": "nonsense"}).status_code == 404
    assert not SameSurvivor.objects.exists()
    # The supervisor sees both and links them; each side then sees only her own cases' records.
    rupa = cast["supervisor"]
    services.survivor_link_same(actor=rupa, case=hers, survivor=shapla, other=tara)
    with pytest.raises(ApplicationError, match="already linked"):
        services.survivor_link_same(actor=rupa, case=case, survivor=tara, other=shapla)
    mine = names.same_person_records(user=anjali, survivor=shapla)
    assert [r.case_id for r in mine] == [hers.pk]
    assert len(names.same_person_records(user=rupa, survivor=shapla)) == 2


def test_the_same_person_page_has_a_constant_number_of_queries(
    case: Case, cast: Any, django_assert_max_num_queries: Any
) -> None:
    meera = cast["caseworker"]
    tara = case.case_survivors.get().survivor
    client = _client(meera)
    url = reverse("cases:survivor-same-person", args=[case.reference, tara.pk])
    for n in range(6):
        other = _second_case(meera, f"Case {n}")
        _add(other, meera, f"Rokeya {n}", legal_name="Rokeya Begum Testname", age_years=22)
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.content.decode().count('data-testid="match-') == 6


def test_blind_indexes_hold_no_name_and_follow_key_rotation(
    case: Case, cast: Any, settings: Any
) -> None:
    meera = cast["caseworker"]
    tara = _add(case, meera, "Tara", legal_name="Mazina Khatun", family_contacts="98300 11122")
    before = set(SurvivorKey.objects.filter(survivor=tara).values_list("digest", flat=True))
    # majin, mjn, katun, ktn; the whole name's sound and skeleton, majin+k, katun+m; the phone
    assert len(before) == 9
    with connection.cursor() as cursor:
        cursor.execute("SELECT digest FROM cases_survivorkey")
        raw = " ".join(row[0] for row in cursor.fetchall())
    assert "majin" not in raw and "9830011122" not in raw
    asked = names.Candidate(legal_name="Majina Khatun")
    new_key = Fernet.generate_key().decode()
    settings.MUKTI_FIELD_KEYS = [new_key, *settings.MUKTI_FIELD_KEYS]
    assert names.survivor_matches(user=meera, candidate=asked)  # old digests, new key first
    call_command("rotate_field_keys", stdout=StringIO(), stderr=StringIO())
    settings.MUKTI_FIELD_KEYS = [new_key]
    after = set(SurvivorKey.objects.filter(survivor=tara).values_list("digest", flat=True))
    assert after.isdisjoint(before) and len(after) == 9
    assert names.survivor_matches(user=meera, candidate=asked)


def test_the_rebuild_command_repairs_lost_indexes(case: Case, cast: Any) -> None:
    tara = _add(case, cast["caseworker"], "Tara", legal_name="Mazina Khatun")
    kept = set(SurvivorKey.objects.values_list("survivor_id", "digest"))
    SurvivorKey.objects.filter(survivor=tara).delete()
    out = StringIO()
    call_command("names", "rebuild", stdout=out)
    assert "Cases: 2 re-indexed." in out.getvalue()
    assert set(SurvivorKey.objects.values_list("survivor_id", "digest")) == kept


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    sign_in(client, user)
    return client


def test_editing_a_survivor_shows_the_records_that_may_be_hers(case: Case, cast: Any) -> None:
    meera = cast["caseworker"]
    tara = _add(case, meera, "Tara", legal_name="Mazina Khatun")
    other = _second_case(meera)
    shapla = _add(other, meera, "Shapla", legal_name="मज़ीना खातून", age_years=21)
    client = _client(meera)
    url = reverse("cases:survivor-edit", args=[other.reference, shapla.pk])
    page = client.get(url).content.decode()
    assert "She may be known in other records" in page and "Tara" in page
    services.survivor_link_same(actor=meera, case=other, survivor=shapla, other=tara)
    page = client.get(url).content.decode()
    assert "She may be known in other records" not in page  # linked: no longer offered
