"""Survivors: adding and correcting them, their protected identity (revealed with a reason,
corrected only just after) and their status in a case."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from mukti.accounts.access import Action, can, require
from mukti.accounts.models import User
from mukti.audit.models import AuditAction, AuditRecord
from mukti.audit.services import audit_record, diff, snapshot
from mukti.audit.tracked import tracked_create, tracked_update
from mukti.cases import hooks, names, search
from mukti.cases.access import SURVIVOR_CARE_FIELDS
from mukti.cases.models import (
    Case,
    CaseSurvivor,
    ProtectedIdentity,
    SameSurvivor,
    Survivor,
    adult_on,
)
from mukti.core import l10n
from mukti.core.errors import ApplicationError

MAX_AGE_YEARS = 120


def _age_values(values: dict[str, Any]) -> dict[str, Any]:
    birth, age = values.get("birth_date"), values.get("age_years")
    today = timezone.localdate()
    if age is not None and values.get("age_assessed_on") is None:
        # The age was told today: record when, or the minor flag would drift with each edit.
        values["age_assessed_on"] = today
    assessed = values.get("age_assessed_on")
    if age is not None and not 0 <= age <= MAX_AGE_YEARS:
        # An age of 2100 once made the day she turns 18 fall before year 1 (a 500 error).
        raise ApplicationError(
            _("An age of %(age)s years is not possible. Type her age in years, up to %(max)s.")
            % {"age": age, "max": MAX_AGE_YEARS},
            field="age_years",
        )
    if birth is not None and birth > today:
        raise ApplicationError(_("The date of birth is in the future."), field="birth_date")
    if assessed is not None and assessed > today:
        raise ApplicationError(_("The assessment date is in the future."), field="age_assessed_on")
    if birth is not None and age is not None:
        on = assessed or today
        actual = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
        tolerance = 1 if values.get("age_estimated") else 0
        if abs(actual - age) > tolerance:
            raise ApplicationError(
                _(
                    "An age of %(age)s does not fit the date of birth %(birth)s: she was "
                    "%(actual)s on %(on)s. Correct one of them, or leave the age empty."
                )
                % {
                    "age": age,
                    "birth": l10n.day(birth),
                    "actual": actual,
                    "on": l10n.day(on),
                },
                field="age_years",
            )
    values["adult_on"] = adult_on(birth_date=birth, age_years=age, assessed_on=assessed)
    return values


def _check_care_fields(actor: User, case: Case, values: dict[str, Any]) -> None:
    given = [name for name in SURVIVOR_CARE_FIELDS if name in values]
    if given and not can(actor, Action.CARE_EDIT, case):
        raise ApplicationError(
            _("Health and care needs are recorded by care staff; leave them to them."),
            field=given[0],
        )


def _check_pseudonym_free(
    pseudonym: str, organisation_id: int, exclude: Survivor | None = None
) -> None:
    # Pseudonyms are how everyone tells survivors apart on screen: two alike would confuse.
    # Within one organisation only: another's pseudonyms are none of its business.
    taken = Survivor.objects.filter(pseudonym__iexact=pseudonym, organisation_id=organisation_id)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ApplicationError(
            _("The pseudonym “%(name)s” is already used. Choose another.") % {"name": pseudonym},
            field="pseudonym",
        )


@transaction.atomic
def survivor_add(
    *,
    actor: User,
    case: Case,
    identity: dict[str, Any] | None = None,
    same_as_id: int | None = None,
    **values: Any,
) -> Survivor:
    """Add a survivor to a case; with ``same_as_id``, linked at once as the same woman as that
    record (one the user was shown as a possible match)."""
    require(actor, Action.CASE_EDIT, case)
    _check_care_fields(actor, case, values)
    _check_pseudonym_free(values.get("pseudonym", ""), case.organisation_id)
    survivor = tracked_create(
        Survivor, actor=actor, organisation_id=case.organisation_id, **_age_values(values)
    )
    protected = ProtectedIdentity(survivor=survivor, updated_by=actor, **(identity or {}))
    protected.full_clean()
    protected.save()
    names.survivor_reindex(protected)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=protected,
        changes=diff({}, snapshot(protected)),
    )
    CaseSurvivor.objects.create(case=case, survivor=survivor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=case,
        changes={"survivors": [None, survivor.pseudonym]},
    )
    search.case_reindex(case)
    if same_as_id is not None:
        other = Survivor.objects.filter(pk=same_as_id).first()
        if other is None:
            raise ApplicationError(_("You may link only records of cases you work on."))
        survivor_link_same(actor=actor, case=case, survivor=survivor, other=other)
    return survivor


@transaction.atomic
def survivor_update(
    *, actor: User, case: Case, survivor: Survivor, expected_version: int | None, **values: Any
) -> Survivor:
    require(actor, Action.CASE_EDIT, case)
    _check_care_fields(actor, case, values)
    if "pseudonym" in values:
        _check_pseudonym_free(values["pseudonym"], survivor.organisation_id, exclude=survivor)
    before = Survivor.objects.values(*hooks.fields_read("survivor")).get(pk=survivor.pk)
    updated = tracked_update(
        survivor, actor=actor, expected_version=expected_version, **_age_values(values)
    )
    hooks.survivor_changed(
        updated, [name for name, value in before.items() if getattr(updated, name) != value]
    )
    for linked in Case.objects.filter(case_survivors__survivor=updated):
        search.case_reindex(linked)
    return updated


# How long after revealing an identity its reader may correct it: the correction form is on the
# reveal page, so a correction comes within minutes of the reveal it follows.
IDENTITY_EDIT_WINDOW = dt.timedelta(minutes=30)
IDENTITY_TEXT_FIELDS = ("legal_name", "aliases", "family_contacts", "home_address",
                        "identity_documents")  # fmt: skip


@transaction.atomic
def survivor_identity_update(
    *,
    actor: User,
    case: Case,
    survivor: Survivor,
    reason: str,
    expected_version: int | None,
    clear: Iterable[str] = (),
    **values: Any,
) -> ProtectedIdentity:
    """Correct a protected identity. Only who has just revealed it, with the right and a
    reason, may change it; a field not given is kept, and a value is removed only when it is
    named in ``clear`` (an empty field is never taken to mean "remove"). Like every update, it
    is refused when someone saved the identity since ``expected_version``."""
    require(actor, Action.SURVIVOR_REVEAL, case)
    if len(reason.strip()) < 10:
        raise ApplicationError(
            _("Reveal her identity first, giving the reason; then correct it."), field="reason"
        )
    protected = ProtectedIdentity.objects.select_for_update().get(survivor=survivor)
    revealed = AuditRecord.objects.filter(
        actor=actor, action=AuditAction.REVEAL, object_type="cases.protectedidentity",
        object_id=str(protected.pk), at__gte=timezone.now() - IDENTITY_EDIT_WINDOW,
    )  # fmt: skip
    if not revealed.exists():
        raise ApplicationError(
            _("Reveal her identity first, giving the reason; then correct it."), field=None
        )
    clear = set(clear)
    unknown = clear - set(IDENTITY_TEXT_FIELDS) - {"photo"}
    if unknown:
        raise ApplicationError(_("Only identity fields can be removed."), field="clear")
    changed: dict[str, Any] = {}
    for name, value in values.items():
        if name == "photo" and value is None:
            continue  # no new photo uploaded: keep the one there is
        if name in IDENTITY_TEXT_FIELDS and not (value or "").strip():
            if getattr(protected, name) and name not in clear:
                raise ApplicationError(
                    _("%(field)s is empty: to remove it, tick “remove” beside it. Nothing "
                      "was changed.")
                    % {"field": capfirst(_identity_label(name))},
                    field=name,
                )  # fmt: skip
            value = ""
        changed[name] = value
    for name in clear:
        changed[name] = None if name == "photo" else ""
        if name == "photo":
            changed["photo_content_type"] = ""
    # ProtectedIdentity carries version and updated_by without being a TrackedModel (it keeps
    # no created/updated times: they would date each reveal's correction).
    saved = tracked_update(  # type: ignore[type-var]
        protected, actor=actor, expected_version=expected_version, reason=reason, **changed
    )
    names.survivor_reindex(saved)
    return saved


@transaction.atomic
def survivor_reveal(
    *, actor: User, case: Case, survivor: Survivor, reason: str
) -> ProtectedIdentity:
    """Read a survivor's protected identity. The read itself is audited with its reason."""
    require(actor, Action.SURVIVOR_REVEAL, case)
    if len(reason.strip()) < 10:
        raise ApplicationError(
            _("Say why you need to see her identity (at least a few words)."), field="reason"
        )
    if not case.case_survivors.filter(survivor=survivor).exists():
        raise ApplicationError(_("This survivor is not part of this case."))
    protected = ProtectedIdentity.objects.get(survivor=survivor)
    audit_record(
        actor=actor,
        action=AuditAction.REVEAL,
        obj=protected,
        object_repr=f"{survivor.pseudonym} ({case.reference})",
        reason=reason.strip(),
    )
    return protected


@transaction.atomic
def survivor_set_status(
    *, actor: User, case: Case, survivor: Survivor, status: str
) -> CaseSurvivor:
    require(actor, Action.CASE_EDIT, case)
    link = CaseSurvivor.objects.select_for_update().get(case=case, survivor=survivor)
    if link.status != status:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=case,
            changes={f"status of {survivor.pseudonym}": [link.status, status]},
        )
        link.status = status
        link.save(update_fields=["status"])
    return link


def _identity_label(name: str) -> str:
    field = ProtectedIdentity._meta.get_field(name)
    assert isinstance(field, models.Field)  # IDENTITY_TEXT_FIELDS are columns
    return str(field.verbose_name)


@transaction.atomic
def survivor_link_same(*, actor: User, case: Case, survivor: Survivor, other: Survivor) -> None:
    """Say that two survivor records are the same woman, so that her history across cases is
    one view. Both must be in cases the user may edit (she cannot tie a record she does not
    know of); audited on both."""
    require(actor, Action.CASE_EDIT, case)
    if not case.case_survivors.filter(survivor=survivor).exists():
        raise ApplicationError(_("This survivor is not part of this case."))
    if survivor.pk == other.pk:
        raise ApplicationError(_("A record is already the same person as itself."))
    if not can(actor, Action.CASE_EDIT, other):
        raise ApplicationError(_("You may link only records of cases you work on."))
    first, second = sorted([survivor.pk, other.pk])
    if SameSurvivor.objects.filter(survivor_id=first, other_id=second).exists():
        raise ApplicationError(_("These records are already linked as the same person."))
    tracked_create(SameSurvivor, actor=actor, survivor_id=first, other_id=second)
