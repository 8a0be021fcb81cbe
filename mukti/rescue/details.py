"""The rescue panel's details on timeline events: engagements and rescue attempts."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from mukti.cases import details
from mukti.cases.models import EventType
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


def _staff() -> Any:
    from mukti.accounts.models import User

    return User.objects.only("id", "first_name", "last_name", "username").order_by(
        "first_name", "last_name", "username"
    )


def _engagement_team(engagement: Any) -> list[Any]:
    team = getattr(engagement, "team", None)
    return list(engagement.our_staff.all()) if team is None else team


def _attempt_team(attempt: Any) -> list[Any]:
    operation = attempt.operation
    team = getattr(operation, "team", None)
    return list(operation.ngo_staff.all()) if team is None else team


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
            prefetch=(lambda: Prefetch("engagement__our_staff", _staff(), to_attr="team"),),
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
            prefetch=(lambda: Prefetch("attempt__operation__ngo_staff", _staff(), to_attr="team"),),
        )
    )
