"""The home page's "answers awaited": pending requests of the user's cases, oldest first, never
another organisation's (read from the request's own copy of its case's organisation)."""

from __future__ import annotations

from typing import Any

from mukti.accounts.models import Organisation, Role
from mukti.cases import services as case_services
from mukti.conftest import make_user
from mukti.core.fuzzydate import parse_when
from mukti.rescue import selectors
from mukti.rescue import services as rescue_services


def test_pending_requests_oldest_first_for_the_team_and_the_organisation(
    case: Any, cast: Any, offices: Any
) -> None:
    meera, anjali = cast["caseworker"], cast["other_caseworker"]
    other_case = case_services.case_open(actor=anjali, title="Another", lead=anjali)

    def ask(actor: Any, on: Any, when: str) -> Any:
        return rescue_services.engagement_record(
            actor=actor, case=on, office=offices["sp"], request="rescue", when=parse_when(when)
        )

    late = ask(meera, case, "25 Apr 2024 09:00")
    early = ask(anjali, other_case, "20 Apr 2024 09:00")
    middle = ask(meera, case, "22 Apr 2024 09:00")
    answered = ask(meera, case, "19 Apr 2024 09:00")
    rescue_services.engagement_answer(
        actor=meera, engagement=answered, expected_version=None, answer="declined",
        answered_at=None, note="No force available.",
    )  # fmt: skip
    # Another organisation's caseworker and request, asked before all of ours.
    elsewhere = Organisation.objects.create(name="Partner Home, Jessore")
    stranger = make_user("salma", Role.CASEWORKER, organisation=elsewhere)
    their_case = case_services.case_open(actor=stranger, title="Theirs", lead=stranger)
    theirs = ask(stranger, their_case, "1 Jan 2024 09:00")

    def awaited(user: Any) -> list[int]:
        return [e.pk for e in selectors.answers_awaited(actor=user)]

    assert awaited(cast["supervisor"]) == [early.pk, middle.pk, late.pk]
    assert awaited(meera) == [middle.pk, late.pk]
    assert awaited(anjali) == [early.pk]
    assert awaited(stranger) == [theirs.pk]
    # The same for a team too large to read case by case (has_few_cases false): the pending
    # index read in order, her membership checked on each row.
    for user in (meera, anjali, stranger):
        setattr(user, "_mukti_few_cases", False)  # noqa: B010 -- a private memo of the request
    assert awaited(meera) == [middle.pk, late.pk]
    assert awaited(anjali) == [early.pk]
    assert awaited(stranger) == [theirs.pk]
    # The home page's head of the list, compiled once: the count up to the cap and the first
    # few, the same rows, for a team of either size and the whole organisation.
    for user in (cast["supervisor"], meera, anjali, stranger):
        for few in (True, False):
            setattr(user, "_mukti_few_cases", few)  # noqa: B010 -- a private memo of the request
            listed = awaited(user)
            for shown, cap in ((5, 100), (1, 100), (2, 1), (5, 0)):
                waiting, first = selectors.answers_awaited_head(actor=user, shown=shown, cap=cap)
                assert waiting == min(len(listed), cap + 1), (user, few, shown, cap)
                assert [e.pk for e in first] == listed[:shown], (user, few, shown, cap)
                # Each read whole, as the list's: its case, office, official and event.
                for e in first:
                    assert e.case.reference and e.who and e.event.when_label
