from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.cases import services
from mukti.cases.models import Case, CaseSurvivor
from mukti.core.fuzzydate import parse_when

pytestmark = pytest.mark.django_db


def listing(client: Any, **params: Any) -> str:
    response = client.get(reverse("cases:case-list"), params)
    assert response.status_code == 200
    return response.text


def test_a_caseworker_sees_only_the_cases_of_her_team(
    client_as: Any, case: Case, cast: Any
) -> None:
    other = services.case_open(actor=cast["other_caseworker"], title="Anjali's own case")
    meera = listing(client_as("caseworker"))
    assert case.reference in meera and other.reference not in meera
    anjali = listing(client_as("other_caseworker"))
    assert other.reference in anjali and case.reference not in anjali
    supervisor = listing(client_as("supervisor"))
    assert case.reference in supervisor and other.reference in supervisor
    assert client_as("other_caseworker").get(case.get_absolute_url()).status_code == 404
    assert client_as("data_officer").get(reverse("cases:case-list")).status_code == 403
    assert client_as("administrator").get(reverse("cases:case-list")).status_code == 403


def test_search_finds_pseudonyms_places_notes_and_names_but_not_identity_text(
    client_as: Any, case: Case, cast: Any, places: Any
) -> None:
    services.case_open(actor=cast["caseworker"], title="Unrelated labour case")
    survivor = case.case_survivors.get().survivor
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("20 Apr 2024"),
        place=places["outpost_area"], source="informant", address="Brick kiln lane",
    )  # fmt: skip
    client = client_as("caseworker")
    for query in ("kusum", "KUS", "rajbari", "hotline", case.reference, "basirhat held"):
        text = listing(client, q=query)
        assert case.reference in text, query
        assert "Unrelated labour case" not in text, query
    assert "1 case" in listing(client, q="kusum")
    # Her legal name finds her case through its blind indexes (cases/names.py), whole words in
    # any script, for those who see the case; it is in no plain-text index.
    assert case.reference in listing(client, q="Rokeya")
    assert case.reference in listing(client, q="রোকেয়া")
    assert case.reference not in listing(client, q="Rok")  # a part of a name is not a name
    assert case.reference not in listing(client_as("other_caseworker"), q="Rokeya")
    # Where she is held is encrypted and not indexed: the place name finds the case instead.
    assert case.reference not in listing(client, q="kiln")
    assert case.reference not in listing(client, q="1234567890")
    assert "No case matches." in listing(client, q="'; DROP TABLE cases_case; --")


def test_a_word_finds_the_cases_that_name_it_and_those_whose_survivor_is_named_so(
    client_as: Any, case: Case, cast: Any
) -> None:
    # Kusum's legal name is Rokeya (the case fixture); another case's note has the word. Both
    # are found, by the text and by the name together, and a third that has neither is not;
    # nor is another organisation's survivor of that name. A word nobody is named so is
    # looked for in the text alone (cases/search.py).
    from mukti import conftest
    from mukti.accounts.models import Organisation, Role

    meera = cast["caseworker"]
    noted = services.case_open(actor=meera, title="Labour case, a note names her")
    services.event_record(
        actor=meera, case=noted, type="verified", when=parse_when("20 Apr 2024"),
        note="Rokeya's neighbour called.",
    )  # fmt: skip
    neither = services.case_open(actor=meera, title="Unrelated labour case")
    elsewhere = Organisation.objects.create(name="Partner Home, Jessore")
    salma = conftest.make_user("salma", Role.CASEWORKER, organisation=elsewhere)
    theirs = services.case_open(actor=salma, title="Theirs")
    services.survivor_add(
        actor=salma, case=theirs, pseudonym="Ruma", identity={"legal_name": "Rokeya Khatun"}
    )
    client = client_as("caseworker")
    for query in ("rokeya", "Rokeya"):
        text = listing(client, q=query)
        assert case.reference in text and noted.reference in text, query
        assert neither.reference not in text and theirs.reference not in text, query
        assert "2 cases" in text, query
    supervisor = listing(client_as("supervisor"), q="rokeya")
    assert case.reference in supervisor and theirs.reference not in supervisor
    # A common word with nobody named so: every case that has it, newest first.
    text = listing(client, q="labour")
    assert text.index(neither.reference) < text.index(noted.reference)


def test_the_list_filters_by_status_priority_minor_nationality_and_dates(
    client_as: Any, case: Case, cast: Any
) -> None:
    minor_case = services.case_open(
        actor=cast["caseworker"], title="Girl at Petrapole", priority=4,
        opened_on=dt.date(2025, 8, 22),
    )  # fmt: skip
    services.survivor_add(
        actor=cast["caseworker"], case=minor_case, pseudonym="Moni", age_years=15,
        nationality="NP",
    )  # fmt: skip
    client = client_as("caseworker")
    assert minor_case.reference in listing(client, minor="1")
    assert case.reference not in listing(client, minor="1")
    assert minor_case.reference in listing(client, nationality="NP")
    assert case.reference in listing(client, nationality="BD")
    assert minor_case.reference not in listing(client, nationality="BD")
    assert case.reference not in listing(client, priority=4)
    assert minor_case.reference in listing(client, **{"from": "2025-08-01", "to": "2025-08-31"})
    assert case.reference not in listing(client, status="closed")
    assert case.reference in listing(client, member=cast["legal_officer"].pk)
    text = listing(client, sort="priority")
    assert text.index(minor_case.reference) < text.index(case.reference)


def test_the_list_answers_htmx_with_the_rows_only(client_as: Any, case: Case) -> None:
    response = client_as("caseworker").get(
        reverse("cases:case-list"), {"q": "kusum"}, HTTP_HX_REQUEST="true"
    )
    assert case.reference in response.text and "<html" not in response.text


def test_what_people_typed_is_escaped_in_the_case_list(client_as: Any, cast: Any) -> None:
    # The rows are built in Python (cases/templatetags/case_rows.py): a title or a pseudonym
    # with markup in it must still come out escaped.
    case = services.case_open(
        actor=cast["caseworker"], title='<script>alert("title")</script>', lead=cast["caseworker"]
    )
    services.survivor_add(actor=cast["caseworker"], case=case, pseudonym="<b onclick=x>Rani</b>")
    for htmx in ("", "true"):
        text = client_as("caseworker").get(reverse("cases:case-list"), HTTP_HX_REQUEST=htmx).text
        assert "<script>alert" not in text and "<b onclick" not in text
        assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in text
        assert "&lt;b onclick=x&gt;Rani&lt;/b&gt;" in text


def grow(cast: Any, n: int, places: Any, case: Case) -> None:
    survivor = case.case_survivors.get().survivor
    start = Case.objects.count()
    for i in range(start, start + n):
        extra = services.case_open(actor=cast["caseworker"], title=f"Extra {i}", priority=2)
        services.survivor_add(actor=cast["caseworker"], case=extra, pseudonym=f"Extra {i}")
        services.event_record(
            actor=cast["caseworker"], case=case, type="verified",
            when=parse_when(f"{1 + i % 27} Apr 2024"), survivors=[survivor], note=f"check {i}",
        )  # fmt: skip
    services.sighting_record(
        actor=cast["caseworker"], case=case, survivor=survivor, when=parse_when("20 Apr 2024"),
        place=places["outpost_area"], source="informant", confidence="confirmed",
    )  # fmt: skip


def count(client: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("page", "params", "budget"),
    [
        ("list", {}, 8),
        # 1 more for a search: the cases whose survivor is named so, read first (search.py)
        ("list", {"q": "extra", "status": "intake", "nationality": "", "sort": "updated"}, 9),
        # 17 for the page (1 each the documents and referrals panels, 3 the sharing panel:
        # who consented to her story, the stories, the packets), 1 to see that this read was
        # already noted in the audit log this hour (the first view of the hour writes it:
        # reports/tests/test_read_audit.py).
        ("detail", {}, 18),
        ("detail", {"type": "verified"}, 18),
    ],
)
def test_case_pages_issue_a_fixed_number_of_queries(
    client_as: Any, case: Case, cast: Any, places: Any, page: str, params: dict, budget: int
) -> None:
    client = client_as("caseworker")
    url = reverse("cases:case-list") if page == "list" else case.get_absolute_url()
    grow(cast, 1, places, case)
    client.get(url)  # the first read of the hour is noted in the audit log
    small = count(client, url, **params)
    grow(cast, 25, places, case)
    large = count(client, url, **params)
    assert small == large, f"{page} {params}: {small} queries with few rows, {large} with many"
    assert large == budget, f"{page} {params}: {large} queries"


def test_a_new_lead_joins_the_team_and_sees_the_case(client_as: Any, case: Case, cast: Any) -> None:
    services.case_update(
        actor=cast["caseworker"], case=case, expected_version=None, lead=cast["other_caseworker"]
    )
    assert case.reference in listing(client_as("other_caseworker"))
    assert client_as("other_caseworker").get(case.get_absolute_url()).status_code == 200


def test_a_huge_result_is_counted_only_up_to_a_cap(
    client_as: Any, case: Case, cast: Any, monkeypatch: Any
) -> None:
    from mukti.core.pagination import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 2)
    for i in range(3):
        services.case_open(actor=cast["caseworker"], title=f"Extra {i}")
    assert "More than 2 cases: narrow the search or the filters." in listing(
        client_as("caseworker")
    )
    assert "1 case" in listing(client_as("caseworker"), q="extra 1")


def test_the_list_s_survivors_are_each_case_s_in_order_in_batches_of_one_query(
    case: Case, cast: Any
) -> None:
    """``case_list_survivors`` reads what ``case.case_survivors`` holds, in batches of 25 case
    ids padded with an id no case has (one compiled SQL): a short batch, a full one and one
    over, cases without survivors, and a survivor of two cases."""
    from mukti.cases import selectors

    lead = cast["caseworker"]
    cases = [case]
    for i in range(29):
        opened = services.case_open(actor=lead, title=f"Batch {i}")
        for j in range(i % 3):  # none, one or two survivors
            services.survivor_add(
                actor=lead, case=opened, pseudonym=f"P{i}-{j}",
                birth_date=dt.date(2012, 1, 1) if j else None,
            )  # fmt: skip
        cases.append(opened)
    # She was brought out in one case's raid and is named in another too.
    CaseSurvivor.objects.create(case=cases[5], survivor=case.case_survivors.get().survivor)

    def truth(ids: list[int]) -> dict[int, list[tuple[str, dt.date | None]]]:
        found: dict[int, list[tuple[str, dt.date | None]]] = {}
        for pk in ids:
            links = Case.objects.get(pk=pk).case_survivors.select_related("survivor")
            for link in links.order_by("id"):
                found.setdefault(pk, []).append((link.survivor.pseudonym, link.survivor.adult_on))
        return found

    ids = [c.pk for c in cases]
    assert any(s[1] is not None for people in truth(ids).values() for s in people)  # minors too
    for chosen in ([], ids[:1], ids[:25], ids[:26], ids, list(reversed(ids))):
        with CaptureQueriesContext(connection) as queries:
            found = selectors.case_list_survivors(chosen)
        assert found == truth(chosen), len(chosen)
        assert len(queries) == -(-len(chosen) // selectors.SURVIVORS_BATCH)
