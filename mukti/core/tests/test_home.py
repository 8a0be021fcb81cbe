"""The home page answers "what needs me now" per role, with counts that pass the same access
rule as the lists they link to, in a fixed number of queries."""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.core.fuzzydate import parse_when
from mukti.rescue import services as rescue_services


def need(page: str, key: str) -> int | None:
    match = re.search(
        rf'data-testid="need-{key}">\s*<span[^>]*>\s*<span class="need-count d-block">(\d+)', page
    )
    return int(match.group(1)) if match else None


def test_a_caseworker_sees_what_needs_her_with_links(client_as: Any, rescue_records: Any) -> None:
    page = client_as("caseworker").get(reverse("home")).text
    assert "What needs you now" in page
    assert need(page, "awaited") == 1  # the outpost has not answered yet
    assert need(page, "located") == 0  # Kusum is out
    assert need(page, "due") == 0 and need(page, "breached") == 0
    assert need(page, "drafts") == 0 and need(page, "follow_ups") == 0
    assert f'href="{reverse("rescue:window")}"' in page
    assert "OC Rajbari Outpost" in page or "Rajbari Outpost" in page  # the awaited answer


def test_counts_pass_the_same_access_rule_as_the_lists(client_as: Any, rescue_records: Any) -> None:
    assert need(client_as("other_caseworker").get(reverse("home")).text, "awaited") == 0
    assert need(client_as("supervisor").get(reverse("home")).text, "awaited") == 1


def test_legal_and_aftercare_officers_see_their_side_only(
    client_as: Any, rescue_records: Any
) -> None:
    legal = client_as("legal_officer").get(reverse("home")).text
    assert need(legal, "due") == 0 and need(legal, "breached") == 0
    assert need(legal, "located") is None and need(legal, "awaited") is None
    assert need(legal, "drafts") is None and need(legal, "follow_ups") is None
    aftercare = client_as("aftercare_officer").get(reverse("home")).text
    assert need(aftercare, "follow_ups") == 0 and need(aftercare, "located") is None
    admin = client_as("administrator").get(reverse("home")).text
    assert "What needs you now" not in admin


def test_the_home_page_query_count_is_pinned_and_does_not_grow(
    client_as: Any, case: Any, cast: Any, offices: Any, rescue_records: Any
) -> None:
    client = client_as("caseworker")
    client.get(reverse("home"))  # warm the session and the rule settings
    with CaptureQueriesContext(connection) as first:
        assert client.get(reverse("home")).status_code == 200
    for hour in range(3):
        rescue_services.engagement_record(
            actor=cast["caseworker"], case=case, office=offices["sp"], request="rescue",
            when=parse_when(f"23 Apr 2024 1{hour}:00"),
        )  # fmt: skip
    with CaptureQueriesContext(connection) as second:
        page = client.get(reverse("home")).text
    assert need(page, "awaited") == 4
    # Session, user and second factor (3), located (1), awaited: counted, then the first few
    # read whole (2), whether the caseworker's cases are few enough to read one by one, due
    # and breached (3), drafts (1).
    said = "\n".join(q["sql"][:90] for q in second.captured_queries)
    assert len(first) == len(second) == 10, said


def test_located_not_rescued_is_counted_up_to_the_cap(
    client_as: Any, case: Any, cast: Any, monkeypatch: Any
) -> None:
    # The home page counts the located survivors up to the cap and says "+" beyond it; the
    # window page it links to lists them all.
    from mukti import home
    from mukti.cases import services as case_services

    meera = cast["caseworker"]
    for name in ("Asha", "Bina", "Chaitali"):
        survivor = case_services.survivor_add(actor=meera, case=case, pseudonym=name)
        case_services.survivor_set_status(
            actor=meera, case=case, survivor=survivor, status="located"
        )
    page = client_as("caseworker").get(reverse("home")).text
    assert need(page, "located") == 3 and 'need-count d-block">3<' in page
    monkeypatch.setattr(home, "LOCATED_CAP", 2)
    page = client_as("supervisor").get(reverse("home")).text
    assert need(page, "located") == 2 and 'need-count d-block">2+<' in page
    monkeypatch.setattr(home, "LOCATED_CAP", 3)
    page = client_as("supervisor").get(reverse("home")).text
    assert 'need-count d-block">3<' in page


def test_the_located_count_is_the_window_lists_length_for_every_role(case: Any, cast: Any) -> None:
    """The count reads the rule alone, not the list with its subqueries: the same people for
    every role, a team's only for a caseworker, another organisation's never."""
    from mukti.accounts.models import Organisation, Role
    from mukti.cases import services as case_services
    from mukti.conftest import make_user
    from mukti.rescue import selectors

    elsewhere = make_user(
        "zoya", Role.CASEWORKER, organisation=Organisation.objects.create(name="X")
    )
    for actor, title in ((cast["caseworker"], "Ours"), (cast["other_caseworker"], "Hers"),
                         (elsewhere, "Another NGO's")):  # fmt: skip
        other = case_services.case_open(actor=actor, title=title)
        for name in ("Asha", "Bina"):
            survivor = case_services.survivor_add(
                actor=actor, case=other, pseudonym=f"{name} of {title}"
            )
            case_services.survivor_set_status(
                actor=actor, case=other, survivor=survivor, status="located"
            )
    counts = {}
    for role in ("caseworker", "other_caseworker", "supervisor", "legal_officer"):
        listed = len(selectors.located_not_rescued(actor=cast[role]))
        assert selectors.located_count(actor=cast[role], cap=100) == listed, role
        assert selectors.located_count(actor=cast[role], cap=1) == min(listed, 2), role
        counts[role] = listed
    assert counts == {"caseworker": 2, "other_caseworker": 2, "supervisor": 4, "legal_officer": 0}


def test_a_bengali_reader_sees_the_counts_in_bengali_digits(
    client_as: Any, cast: Any, rescue_records: Any
) -> None:
    caseworker = cast["caseworker"]
    type(caseworker).objects.filter(pk=caseworker.pk).update(language="bn")
    page = client_as("caseworker").get(reverse("home")).text
    shown = re.search(
        r'data-testid="need-awaited">\s*<span[^>]*>\s*<span class="need-count d-block">([^<]+)<',
        page,
    )
    assert shown is not None and shown.group(1) == "১"  # the outpost has not answered yet
