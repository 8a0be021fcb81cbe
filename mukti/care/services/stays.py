"""Shelter stays: a placement in a home, its end, and a move from one home to the next."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.care.models import Placement
from mukti.care.services._common import _check_closing_day, _day, _event, event_day
from mukti.cases import services as case_services
from mukti.cases.models import Case, EventType, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import When
from mukti.directory.models import Office, OfficeKind


def _check_home(home: Office) -> None:
    if home.kind != OfficeKind.SHELTER_HOME:
        raise ApplicationError(
            _("%(office)s is not a shelter home in the directory.") % {"office": home},
            field="home",
        )


def _check_no_overlap(
    survivor: Survivor, start: dt.date, *, ignore: Placement | None = None
) -> None:
    """One survivor lives in one home at a time: a new stay (open-ended) may not begin before
    every other stay of hers has ended. Her stays are few, so they are compared here."""
    stays = Placement.objects.filter(survivor=survivor).select_related("event", "home")
    for stay in stays:
        if ignore is not None and stay.pk == ignore.pk:
            continue
        if stay.ended_on is None or stay.ended_on > start:
            since = event_day(stay.event)
            until = _("still there") if stay.ended_on is None else f"until {stay.ended_on:%d %b %Y}"
            raise ApplicationError(
                _(
                    "%(name)s is placed at %(home)s from %(since)s (%(until)s): a stay from "
                    "%(start)s would overlap it. End that stay or record a move instead."
                )
                % {
                    "name": survivor.pseudonym,
                    "home": stay.home.name,
                    "since": f"{since:%d %b %Y}",
                    "until": until,
                    "start": f"{start:%d %b %Y}",
                },
                field="when",
            )


@transaction.atomic
def placement_start(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    when: When,
    home: Office,
    kind: str,
    note: str = "",
) -> Placement:
    _check_home(home)
    start = _day(when, what=_("A shelter placement"))
    # Two placements of one survivor at once would both pass the overlap check.
    Survivor.objects.select_for_update().filter(pk=survivor.pk).first()
    _check_no_overlap(survivor, start)
    event = _event(actor, case, EventType.SHELTER_PLACEMENT, when, survivor, actor_office=home,
                   note=note)  # fmt: skip
    record = tracked_create(
        Placement, actor=actor, event=event, case=case, survivor=survivor, home=home, kind=kind
    )
    return case_services.detail_recorded(record)


@transaction.atomic
def placement_end(
    *,
    actor: User,
    placement: Placement,
    ended_on: dt.date,
    reason: str,
    expected_version: int | None,
) -> Placement:
    require(actor, Action.CARE_EDIT, placement.case)
    if placement.ended_on is not None:
        raise ApplicationError(
            _("This stay already ended on %(day)s.") % {"day": f"{placement.ended_on:%d %b %Y}"}
        )
    _check_closing_day(
        ended_on, event_day(placement.event), field="ended_on",
        too_early=_("She arrived on %(start)s; the stay cannot end before that."),
        in_future=_("The end of a stay cannot be in the future."),
    )  # fmt: skip
    if not reason.strip():
        raise ApplicationError(_("Say why she left."), field="reason")
    ended = tracked_update(
        placement, actor=actor, expected_version=expected_version, ended_on=ended_on,
        end_reason=reason.strip(),
    )  # fmt: skip
    case_services.timeline_touched(placement.case)
    return ended


@transaction.atomic
def placement_move(
    *,
    actor: User,
    placement: Placement,
    when: When,
    home: Office,
    kind: str,
    reason: str,
    expected_version: int | None,
) -> Placement:
    """She leaves one home and arrives at the next the same day: both written, or neither."""
    if placement.ended_on is not None:
        raise ApplicationError(_("That stay has already ended; place her from the care page."))
    if home.pk == placement.home_id and kind == placement.kind:
        raise ApplicationError(_("She is already at %(home)s.") % {"home": home}, field="home")
    day = _day(when, what=_("A move"))
    placement_end(
        actor=actor, placement=placement, ended_on=day, reason=reason,
        expected_version=expected_version,
    )  # fmt: skip
    return placement_start(
        actor=actor, case=placement.case, survivor=placement.survivor, when=when, home=home,
        kind=kind,
    )  # fmt: skip
