"""The rescue panel's details on timeline events: engagements and rescue attempts."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from mukti.cases import details
from mukti.cases.models import EventType
from mukti.core.compiled import compiled
from mukti.core.forms import show_moment


def _engagement_facts(engagement: Any) -> list[str]:
    answer = engagement.get_answer_display().lower()
    if engagement.deferred_until:
        answer += " " + str(_("until %(when)s") % {"when": show_moment(engagement.deferred_until)})
    return [
        str(
            _("asked: %(request)s; answer: %(answer)s")
            % {"request": engagement.get_request_display().lower(), "answer": answer}
        )
    ]


def _attempt_facts(attempt: Any) -> list[str]:
    if not attempt.people_brought_out:
        return []
    return [str(_("%(n)s brought out") % {"n": attempt.people_brought_out})]


ORDER = ("first_name", "last_name", "username")


def _staff() -> Any:
    from mukti.accounts.models import User

    return User.objects.only("id", "first_name", "last_name", "username").order_by(*ORDER)


def _engagement_team(engagement: Any) -> list[Any]:
    team = getattr(engagement, "team", None)
    return list(engagement.our_staff.order_by(*ORDER)) if team is None else team


def _attempt_team(attempt: Any) -> list[Any]:
    team = getattr(attempt, "team", None)
    return list(attempt.operation.ngo_staff.order_by(*ORDER)) if team is None else team


# Who from our team took part in each of a case's engagements and rescue attempts (an attempt's
# are its operation's), by the event's id: one query each, compiled once per connection
# (issue 24; a prefetch per timeline cost the case page 2-3 ms of CPU).
@compiled
def _staff_of_case(case_id: int, *, via: str) -> QuerySet:
    """The staff of each of a case's details reached through ``via`` (their event), with the
    event's id as ``team_of``."""
    return _staff().filter(**{f"{via}__case_id": case_id}).annotate(team_of=F(f"{via}_id"))


def _by_event(users: list[Any]) -> dict[int, list[Any]]:
    teams: dict[int, list[Any]] = {}
    for user in users:
        teams.setdefault(user.team_of, []).append(user)
    return teams


def _engagement_teams(case_id: int) -> dict[int, list[Any]]:
    return _by_event(_staff_of_case(case_id, via="engagements__event"))


def _attempt_teams(case_id: int) -> dict[int, list[Any]]:
    return _by_event(_staff_of_case(case_id, via="operations__attempts__event"))


def register() -> None:
    panel = _("the rescue panel")
    details.register(
        details.Detail(
            name="engagement",
            label=_("an engagement"),
            panel=panel,
            types=frozenset({EventType.AUTHORITY_CONTACTED}),
            fields=("request", "answer", "deferred_until"),
            facts=_engagement_facts,
            team=_engagement_team,
            teams_of_case=_engagement_teams,
        )
    )
    details.register(
        details.Detail(
            name="attempt",
            label=_("a rescue attempt"),
            panel=panel,
            types=frozenset({EventType.RESCUE_ATTEMPT}),
            fields=("people_brought_out", "operation__status"),
            facts=_attempt_facts,
            related=("operation",),
            team=_attempt_team,
            teams_of_case=_attempt_teams,
        )
    )
