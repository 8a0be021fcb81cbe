"""The home page: what needs this user now, as counts that link to the lists behind them.

It sits at the top of the layers (like urls.py): it reads through the selectors of the apps
below, so every count passes the same access rule as the list it links to, on the side of the
work the user's role may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mukti.accounts.access import Action, can, signed_in
from mukti.core.http import AuthedRequest
from mukti.deadlines import selectors as deadline_selectors
from mukti.intake import selectors as intake_selectors
from mukti.rescue import selectors as rescue_selectors

AWAITED_SHOWN = 5
AWAITED_CAP = 100
LOCATED_CAP = 100
FOLLOW_UP_RULE = "follow_up_visit"


@dataclass(frozen=True)
class Need:
    key: str
    label: Any
    count: int
    url: str
    urgent: bool = False
    capped: bool = False


def _needs(user: Any) -> tuple[list[Need], list[Any]]:
    if not can(user, Action.CASE_VIEW):
        return [], []
    needs: list[Need] = []
    awaited: list[Any] = []
    # Caseworkers and supervisors run rescues and read narratives; legal and aftercare officers
    # see their side only: the clocks of justice or care, and follow-up visits.
    front_line = can(user, Action.CASE_CREATE)
    if front_line:
        # Counted up to the cap, as the answers awaited are: the window page lists them all.
        # An uncapped count read every located survivor of the organisation and joined each
        # to her case (58 ms at 100,000 cases, growing with the organisation).
        located = rescue_selectors.located_count(actor=user, cap=LOCATED_CAP)
        needs.append(
            Need(
                "located", _("Located, not rescued"), min(located, LOCATED_CAP),
                reverse("rescue:window"), True, capped=located > LOCATED_CAP,
            )
        )  # fmt: skip
        # Counted up to the cap too, and only the first few read whole (with their case,
        # office, official and event): the hundred were five hundred objects to count.
        waiting, awaited = rescue_selectors.answers_awaited_head(
            actor=user, shown=AWAITED_SHOWN, cap=AWAITED_CAP
        )
        needs.append(
            Need(
                "awaited", _("Answers awaited from authorities"), min(waiting, AWAITED_CAP),
                "#awaited", bool(waiting), capped=waiting > AWAITED_CAP,
            )
        )  # fmt: skip
    due = deadline_selectors.due_soon_counts(actor=user, hours=24)
    upcoming, breached = due.upcoming.total(), due.breached.total()
    cap = deadline_selectors.LIST_CAP
    due_url = reverse("deadlines:due-soon")
    needs += [
        Need("due", _("Clocks running out in 24 hours"), upcoming, f"{due_url}?hours=24",
             bool(upcoming), capped=upcoming >= cap),
        Need("breached", _("Clocks breached"), breached, f"{due_url}?hours=24#breached-h",
             bool(breached), capped=breached >= cap),
    ]  # fmt: skip
    if front_line:
        drafts = intake_selectors.drafts_for_user(user=user)
        needs.append(
            Need("drafts", _("Drafts to review"), len(drafts), reverse("intake:draft-list"))
        )
    if can(user, Action.CARE_VIEW):
        visits = due.upcoming[FOLLOW_UP_RULE] + due.breached[FOLLOW_UP_RULE]
        needs.append(Need("follow_ups", _("Follow-up visits due"), visits, f"{due_url}?hours=24"))
    return needs, awaited


@signed_in
def home(request: AuthedRequest) -> HttpResponse:
    needs, awaited = _needs(request.user)
    return render(request, "home.html", {"needs": needs, "awaited": awaited})
