"""The case-team rule, registered with the one authorisation function in accounts.access."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from mukti.accounts.access import Action, can, register_object_rule
from mukti.accounts.models import Role
from mukti.cases.models import Case, CaseMember, CaseSurvivor, EventType, Survivor
from mukti.core.compiled import compiled

SEES_EVERY_CASE = frozenset({Role.SUPERVISOR})

# Which events each side of the work may see. Investigation intelligence (who is accused, what
# was seized, the court case) is kept from aftercare officers; care records (medical, shelter,
# services, assessments, repatriation) from legal officers (DOMAIN.md, roles).
E = EventType
JUSTICE_EVENTS = frozenset(
    {
        E.ARREST, E.EVIDENCE_COLLECTED, E.FIR_REGISTERED, E.CHARGESHEET_FILED, E.BAIL,
        E.COURT_HEARING, E.TESTIMONY, E.JUDGEMENT, E.COMPENSATION, E.POCSO_REPORTED,
        E.COGNISANCE,
        # An accused produced before a magistrate, a statement recorded by police or magistrate:
        # both name the accused and what the investigation knows.
        E.PRODUCED_MAGISTRATE, E.STATEMENT_RECORDED,
    }
)  # fmt: skip
CARE_EVENTS = frozenset(
    {
        E.MEDICAL_CARE, E.SHELTER_PLACEMENT, E.SERVICE, E.ASSESSMENT, E.REPATRIATION_STEP,
        E.FOLLOW_UP_VISIT, E.SIR_SUBMITTED, E.CWC_ORDER,
    }
)  # fmt: skip
# A survivor's health (pregnancy, care needs) is care work: legal officers do not see it.
SURVIVOR_CARE_FIELDS = ("pregnant", "care_needs")
EVENT_AREAS = ((JUSTICE_EVENTS, Action.JUSTICE_VIEW), (CARE_EVENTS, Action.CARE_VIEW))


def event_edit_action(type: str) -> Action:
    """What a user must be allowed to record, change or remove an event of this kind."""
    if type in JUSTICE_EVENTS:
        return Action.JUSTICE_EDIT
    if type in CARE_EVENTS:
        return Action.CARE_EDIT
    return Action.CASE_EDIT


def hidden_event_types(user: Any) -> frozenset[str]:
    """Event types this user may not see on a timeline (empty for those who see all)."""
    return frozenset().union(*(types for types, action in EVENT_AREAS if not can(user, action)))


def sees_whole_organisation(user: Any) -> bool:
    """Whether the user sees every case of their organisation (supervisors), not only their
    team's."""
    return user.role in SEES_EVERY_CASE


def organisation_filter(user: Any, case_field: str = "case") -> Q:
    """The rows of the user's organisation's cases, on any model with a foreign key to Case
    (``case_field=""`` for Case itself). Supervisors' lists, dashboards, statistics and exports
    start from it: nothing of another organisation's is ever counted or shown."""
    field = f"{case_field}__organisation_id" if case_field else "organisation_id"
    return Q(**{field: user.organisation_id})


def case_team_filter(user: Any, case_field: str = "case") -> Q:
    """The case-team rule as a filter on any model with a foreign key to Case (the organisation
    alone for those who see every case of it, so the database is not asked to match them all)."""
    if sees_whole_organisation(user):
        return organisation_filter(user, case_field)
    return Q(**{f"{case_field}_id__in": team_case_ids(user)})


# A team of up to this many cases is read case by case ("case in (her cases)"); for a larger
# one (a lead on most of an organisation's cases) an index in the list's own order is read with
# her membership checked row by row, until the list is full (Due soon, answers awaited).
FEW_CASES = 1000


@compiled
def _case_beyond_few(user_id: int) -> QuerySet[CaseMember, int]:
    """One case of the user's past the first ``FEW_CASES``, if she is on more: a single row,
    whatever the size of her team."""
    return CaseMember.objects.filter(user_id=user_id).values_list("case_id", flat=True)[
        FEW_CASES : FEW_CASES + 1
    ]


def has_few_cases(user: Any) -> bool:
    """Whether the user is on at most ``FEW_CASES`` cases, asked once per user object (so once
    a request: each list that chooses its plan by it shares the answer). A stale answer would
    only choose the slower plan: both list the same rows."""
    few = getattr(user, "_mukti_few_cases", None)
    if few is None:
        few = not _case_beyond_few(user.pk)
        user._mukti_few_cases = few
    return bool(few)


def team_rule(user_id: int, *, few: bool, case_field: str = "case_id") -> Q | Exists:
    """The case-team rule of a list cut short (Due soon, answers awaited), in the shape that
    suits the size of her team (``few``: ``has_few_cases``). A few cases: "case in (her
    cases)", their rows read case by case and sorted. More: her membership checked on each row
    (EXISTS), so that an index in the list's own order is read only until the list is full.
    The same rows either way."""
    if few:
        mine = CaseMember.objects.filter(user_id=user_id).values("case_id")
        return Q(**{f"{case_field}__in": mine})
    return Exists(CaseMember.objects.filter(case_id=OuterRef(case_field), user_id=user_id))


def team_case_ids(user: Any) -> Any:
    """The ids of the cases whose team the user is on, as a subquery for ``__in``: a semi-join
    on the (user, case) index. Which way PostgreSQL reads it (her cases first, or the newest
    cases until 25 of hers) depends on her share of the cases and on ``random_page_cost``
    (settings, ``MUKTI_DB_RANDOM_PAGE_COST``; docs/benchmarks.md)."""
    return CaseMember.objects.filter(user=user).values("case_id")


def _case_rule(user: Any, action: Action, case: Case) -> bool:
    if sees_whole_organisation(user):
        return bool(case.organisation_id == user.organisation_id)
    return case.lead_id == user.pk or case.members.filter(user=user).exists()


def _case_scope(user: Any, action: Action, cases: QuerySet) -> QuerySet:
    if sees_whole_organisation(user):
        return cases.filter(organisation_filter(user, ""))
    # The lead is always a member of the team (cases.services keeps it so), so membership alone
    # decides: a semi-join on the (user, case) index instead of an OR that scans every case.
    return cases.filter(pk__in=team_case_ids(user))


def _survivor_rule(user: Any, action: Action, survivor: Survivor) -> bool:
    cases = Case.objects.filter(case_survivors__survivor=survivor)
    return _case_scope(user, action, cases).exists()


def _survivor_scope(user: Any, action: Action, survivors: QuerySet) -> QuerySet:
    visible = _case_scope(user, action, Case.objects.all()).values("pk")
    links = CaseSurvivor.objects.filter(survivor_id=OuterRef("pk"), case_id__in=visible)
    return survivors.filter(Exists(links))


register_object_rule(Case, _case_rule, _case_scope)
register_object_rule(Survivor, _survivor_rule, _survivor_scope)
