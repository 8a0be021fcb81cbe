"""Every write to the directory. Views, commands and the demo loader all call these."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django.db import transaction
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, require
from mukti.accounts.models import User
from mukti.audit.tracked import tracked_create, tracked_delete, tracked_update
from mukti.core.errors import ApplicationError, a
from mukti.directory.models import (
    JURISDICTION_PARENTS,
    OFFICE_JURISDICTIONS,
    OFFICE_PARENTS,
    Jurisdiction,
    JurisdictionKind,
    Office,
    OfficeKind,
    Official,
)

DEFAULT_PHONE_REGION = "IN"


def phones_normalise(raw: list[str] | str, *, field: str = "phones") -> list[str]:
    """Parse phone numbers as typed (spaces, dashes, a leading 0 or +91) into E.164.

    Numbers without a country code are read as Indian. Each bad number is named in the error.
    """
    items = raw.splitlines() if isinstance(raw, str) else list(raw)
    normalised: list[str] = []
    for item in (i.strip() for i in items):
        if not item:
            continue
        try:
            number = phonenumbers.parse(item, DEFAULT_PHONE_REGION)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ApplicationError(
                _(
                    "“%(number)s” is not a valid phone number. Write it with its area code "
                    "(033 2552 1234), as a 10-digit mobile (98300 12345), or with the country "
                    "code (+880 1711 000000)."
                )
                % {"number": item},
                field=field,
            )
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if e164 not in normalised:
            normalised.append(e164)
    return normalised


def _check_jurisdiction_parent(
    *, jurisdiction: Jurisdiction | None, kind: str, parent: Jurisdiction | None
) -> None:
    # The cycle check comes first: it names the real problem even where the kinds would also clash.
    ancestor = parent
    while ancestor is not None and jurisdiction is not None:
        if ancestor.pk == jurisdiction.pk:
            raise ApplicationError(
                _("%(name)s cannot be placed inside %(parent)s, which is itself inside %(name)s.")
                % {"name": jurisdiction, "parent": parent},
                field="parent",
            )
        ancestor = ancestor.parent
    allowed = JURISDICTION_PARENTS[kind]
    parent_kind = parent.kind if parent is not None else None
    if parent_kind not in allowed:
        kind_label = a(JurisdictionKind(kind).label, capital=True)
        if parent is None:
            message = _("%(kind)s must be placed inside another jurisdiction.") % {
                "kind": kind_label
            }
        else:
            names = sorted(a(JurisdictionKind(k).label) for k in allowed if k is not None)
            message = _(
                "%(kind)s cannot be placed inside %(parent_kind)s. It belongs inside %(allowed)s."
            ) % {
                "kind": kind_label,
                "parent_kind": a(JurisdictionKind(parent.kind).label),
                "allowed": _(" or ").join(names) or _("nothing: it stands at the top"),
            }
        raise ApplicationError(message, field="parent")


@transaction.atomic
def jurisdiction_create(*, actor: User, **values: Any) -> Jurisdiction:
    require(actor, Action.DIRECTORY_EDIT)
    _check_jurisdiction_parent(jurisdiction=None, kind=values["kind"], parent=values.get("parent"))
    return tracked_create(Jurisdiction, actor=actor, **values)


@transaction.atomic
def jurisdiction_update(
    *, actor: User, jurisdiction: Jurisdiction, expected_version: int | None, **values: Any
) -> Jurisdiction:
    require(actor, Action.DIRECTORY_EDIT)
    # Reload: a bound ModelForm has already written the new values onto the instance.
    jurisdiction = Jurisdiction.objects.get(pk=jurisdiction.pk)
    kind = values.get("kind", jurisdiction.kind)
    parent = values.get("parent", jurisdiction.parent)
    _check_jurisdiction_parent(jurisdiction=jurisdiction, kind=kind, parent=parent)
    if kind != jurisdiction.kind:
        _check_children_still_fit(jurisdiction, kind)
    return tracked_update(jurisdiction, actor=actor, expected_version=expected_version, **values)


def _check_children_still_fit(jurisdiction: Jurisdiction, kind: str) -> None:
    for child in jurisdiction.children.all():
        if kind not in JURISDICTION_PARENTS[child.kind]:
            raise ApplicationError(
                _("%(name)s cannot become %(kind)s: %(child)s (%(child_kind)s) is inside it.")
                % {
                    "name": jurisdiction,
                    "kind": a(JurisdictionKind(kind).label),
                    "child": child,
                    "child_kind": a(child.get_kind_display()),
                },
                field="kind",
            )
    for office in jurisdiction.offices.all():
        allowed = OFFICE_JURISDICTIONS.get(office.kind)
        if allowed is not None and kind not in allowed:
            raise ApplicationError(
                _("%(name)s cannot become %(kind)s: the office %(office)s serves it.")
                % {
                    "name": jurisdiction,
                    "kind": a(JurisdictionKind(kind).label),
                    "office": office,
                },
                field="kind",
            )


@transaction.atomic
def jurisdiction_delete(*, actor: User, jurisdiction: Jurisdiction) -> None:
    require(actor, Action.DIRECTORY_DELETE)
    tracked_delete(jurisdiction, actor=actor)


def _is_within(jurisdiction: Jurisdiction, area: Jurisdiction) -> bool:
    node: Jurisdiction | None = jurisdiction
    while node is not None:
        if node.pk == area.pk:
            return True
        node = node.parent
    return False


def _check_office_placement(
    *, office: Office | None, kind: str, jurisdiction: Jurisdiction, parent: Office | None
) -> None:
    kind_label = OfficeKind(kind).label
    allowed_areas = OFFICE_JURISDICTIONS.get(kind)
    if allowed_areas is not None and jurisdiction.kind not in allowed_areas:
        raise ApplicationError(
            _("%(kind)s serves %(allowed)s, not %(area_kind)s like %(area)s.")
            % {
                "kind": a(kind_label, capital=True),
                "allowed": _(" or ").join(
                    sorted(a(JurisdictionKind(k).label) for k in allowed_areas)
                ),
                "area_kind": a(jurisdiction.get_kind_display()),
                "area": jurisdiction,
            },
            field="jurisdiction",
        )
    if parent is None:
        return
    ancestor: Office | None = parent
    while ancestor is not None and office is not None:
        if ancestor.pk == office.pk:
            raise ApplicationError(
                _("%(name)s cannot report to %(parent)s, which itself reports to %(name)s.")
                % {"name": office, "parent": parent},
                field="parent",
            )
        ancestor = ancestor.parent
    allowed_parents = OFFICE_PARENTS.get(kind)
    if allowed_parents is not None and parent.kind not in allowed_parents:
        if not allowed_parents:
            message = _("%(kind)s does not report to another office; leave “reports to” empty.")
        else:
            message = _("%(kind)s cannot report to %(parent_kind)s. It reports to %(allowed)s.")
        raise ApplicationError(
            message
            % {
                "kind": a(kind_label, capital=True),
                "parent_kind": a(parent.get_kind_display()),
                "allowed": _(" or ").join(sorted(a(OfficeKind(k).label) for k in allowed_parents)),
            },
            field="parent",
        )
    if not _is_within(jurisdiction, parent.jurisdiction):
        raise ApplicationError(
            _("%(area)s is not inside %(parent_area)s, the area of %(parent)s.")
            % {"area": jurisdiction, "parent_area": parent.jurisdiction, "parent": parent},
            field="parent",
        )


@transaction.atomic
def office_create(*, actor: User, **values: Any) -> Office:
    require(actor, Action.DIRECTORY_EDIT)
    values["phones"] = phones_normalise(values.get("phones", []))
    _check_office_placement(
        office=None,
        kind=values["kind"],
        jurisdiction=values["jurisdiction"],
        parent=values.get("parent"),
    )
    return tracked_create(Office, actor=actor, **values)


@transaction.atomic
def office_update(
    *, actor: User, office: Office, expected_version: int | None, **values: Any
) -> Office:
    require(actor, Action.DIRECTORY_EDIT)
    office = Office.objects.get(pk=office.pk)  # as above: the form has touched the instance
    if "phones" in values:
        values["phones"] = phones_normalise(values["phones"])
    _check_office_placement(
        office=office,
        kind=values.get("kind", office.kind),
        jurisdiction=values.get("jurisdiction", office.jurisdiction),
        parent=values.get("parent", office.parent),
    )
    return tracked_update(office, actor=actor, expected_version=expected_version, **values)


@transaction.atomic
def office_delete(*, actor: User, office: Office) -> None:
    require(actor, Action.DIRECTORY_DELETE)
    tracked_delete(office, actor=actor)


@transaction.atomic
def official_create(*, actor: User, **values: Any) -> Official:
    require(actor, Action.DIRECTORY_EDIT)
    values["phones"] = phones_normalise(values.get("phones", []))
    return tracked_create(Official, actor=actor, **values)


@transaction.atomic
def official_update(
    *, actor: User, official: Official, expected_version: int | None, **values: Any
) -> Official:
    require(actor, Action.DIRECTORY_EDIT)
    if "phones" in values:
        values["phones"] = phones_normalise(values["phones"])
    return tracked_update(official, actor=actor, expected_version=expected_version, **values)


@transaction.atomic
def official_delete(*, actor: User, official: Official) -> None:
    require(actor, Action.DIRECTORY_DELETE)
    tracked_delete(official, actor=actor)
