"""Possible duplicates through the API: a survivor's writes answer with the records that may be
hers, a client links one as the same woman (audited), and nothing of a case the token's owner
may not see is ever named (another team, another organisation)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mukti.accounts.models import Organisation, Role, User
from mukti.api.tests.conftest import make_token
from mukti.audit.models import AuditAction, AuditRecord
from mukti.cases import services
from mukti.cases.models import Case, SameSurvivor, Survivor
from mukti.conftest import make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"
Api = Callable[..., Client]


def _url(name: str, *args: Any) -> str:
    return reverse(f"api-v1:{name}", args=list(args))


def _hers(actor: User, title: str, pseudonym: str = "Shapla") -> tuple[Case, Survivor]:
    """Another case with a record of the fixture's Kusum, her name written in Bengali."""
    other = services.case_open(actor=actor, title=title, exploitation=["sexual"])
    survivor = services.survivor_add(
        actor=actor, case=other, pseudonym=pseudonym, age_years=23, nationality="BD",
        identity={"legal_name": "রোকেয়া বেগম Testname"},
    )  # fmt: skip
    return other, survivor


def test_an_update_answers_with_who_she_may_be_and_a_client_links_her(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    kusum = case.case_survivors.get().survivor
    other, shapla = _hers(cast["caseworker"], "Girl found at Sonagachi")
    client = api_as("caseworker")
    updated = client.patch(
        _url("survivor-update", other.reference, shapla.pk),
        {"languages": "Bengali", "version": shapla.version}, content_type=JSON,
    )  # fmt: skip
    assert updated.status_code == 200, updated.content
    [match] = updated.json()["possible_matches"]
    assert match["survivor"] == kusum.pk and match["pseudonym"] == "Kusum"
    assert match["cases"] == [case.reference] and match["score"] >= 91
    assert "her age is within 3 years (22)" in match["reasons"]
    assert "legal_name" not in str(match) and "Rokeya" not in str(match)  # never her identity
    listed = client.get(_url("survivor-possible-matches", other.reference, shapla.pk))
    assert listed.json() == [match]

    linked = client.post(
        _url("survivor-same-person", other.reference, shapla.pk), {"other": kusum.pk},
        content_type=JSON,
    )  # fmt: skip
    assert linked.status_code == 201, linked.content
    assert {(r["pseudonym"], r["case"]) for r in linked.json()["records"]} == {
        ("Kusum", case.reference), ("Shapla", other.reference)
    }  # fmt: skip
    assert AuditRecord.objects.filter(
        action=AuditAction.CREATE, object_type="cases.samesurvivor", actor=cast["caseworker"]
    ).exists()
    # Linked: no longer offered; linking again is refused in the page's words.
    assert client.get(_url("survivor-possible-matches", other.reference, shapla.pk)).json() == []
    again = client.post(
        _url("survivor-same-person", other.reference, shapla.pk), {"other": kusum.pk},
        content_type=JSON,
    )  # fmt: skip
    assert again.status_code == 400
    assert "already linked" in again.json()["error"]["message"]


def test_adding_her_answers_with_an_empty_list_until_her_identity_is_known(
    api_as: Api, case: Case
) -> None:
    """The API adds the pseudonymous record; her name (what is matched) comes with the identity,
    whose correction answers with the matches."""
    client = api_as("caseworker")
    added = client.post(
        _url("survivor-add", case.reference), {"pseudonym": "Mita", "age_years": 22},
        content_type=JSON,
    )  # fmt: skip
    assert added.status_code == 201, added.content
    assert added.json()["possible_matches"] == []


def test_the_identity_correction_answers_with_the_matches(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    kusum = case.case_survivors.get().survivor
    other, shapla = _hers(cast["caseworker"], "Girl found at Sonagachi")
    client = api_as("caseworker")
    reason = "Her name as her mother spells it"
    revealed = client.post(
        _url("survivor-reveal", other.reference, shapla.pk), {"reason": reason}, content_type=JSON
    )
    fixed = client.patch(
        _url("survivor-identity-update", other.reference, shapla.pk),
        {"reason": reason, "aliases": "Rokeya", "version": revealed.json()["version"]},
        content_type=JSON,
    )  # fmt: skip
    assert fixed.status_code == 200, fixed.content
    assert [m["survivor"] for m in fixed.json()["possible_matches"]] == [kusum.pk]


def test_no_match_comes_from_a_case_the_token_owner_may_not_see(
    api_as: Api, cast: dict[str, User], case: Case
) -> None:
    kusum = case.case_survivors.get().survivor
    # Another team of the same organisation: Anjali's own record of the same woman.
    theirs, shapla = _hers(cast["other_caseworker"], "Anjali's case")
    anjali = api_as("other_caseworker")
    updated = anjali.patch(
        _url("survivor-update", theirs.reference, shapla.pk),
        {"languages": "Bengali", "version": shapla.version}, content_type=JSON,
    )  # fmt: skip
    assert updated.status_code == 200 and updated.json()["possible_matches"] == []
    assert anjali.get(_url("survivor-possible-matches", theirs.reference, shapla.pk)).json() == []
    refused = anjali.post(
        _url("survivor-same-person", theirs.reference, shapla.pk), {"other": kusum.pk},
        content_type=JSON,
    )  # fmt: skip
    assert refused.status_code == 404  # not "forbidden": she learns nothing of that record
    # Another organisation's supervisor, who sees every case of hers and none of Meera's.
    partner = Organisation.objects.create(name="Partner NGO")
    nasrin = make_user("nasrin", Role.SUPERVISOR, organisation=partner)
    hers, rokeya = _hers(nasrin, "Partner's case", pseudonym="Rokeya")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(nasrin)}")
    listed = client.get(_url("survivor-possible-matches", hers.reference, rokeya.pk))
    assert listed.status_code == 200 and listed.json() == []
    assert client.post(
        _url("survivor-same-person", hers.reference, rokeya.pk), {"other": kusum.pk},
        content_type=JSON,
    ).status_code == 404  # fmt: skip
    # Meera's own supervisor sees both of her organisation's records (not the partner's).
    rupa = api_as("supervisor")
    seen = rupa.get(_url("survivor-possible-matches", theirs.reference, shapla.pk)).json()
    assert [m["survivor"] for m in seen] == [kusum.pk]
    assert not SameSurvivor.objects.exists()


def test_the_description_documents_the_matches_and_the_link(api_as: Api) -> None:
    schema = api_as("caseworker").get(reverse("api-v1:openapi-json")).json()
    paths = schema["paths"]
    assert "/api/v1/cases/{reference}/survivors/{survivor_id}/possible-matches" in paths
    assert "/api/v1/cases/{reference}/survivors/{survivor_id}/same-person" in paths
    written = schema["components"]["schemas"]["SurvivorWritten"]
    assert "possible_matches" in written["required"]
    assert "Nothing is linked by itself" in written["properties"]["possible_matches"]["description"]
