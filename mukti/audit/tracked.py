"""The shared mechanism behind every create, update and delete service (in the audit app, because
every tracked write appends its audit record; every app above it uses these).

Each app's named services (``official_update``, ``office_create`` …) check their own domain rules
and then call these, so every write validates the row, detects concurrent edits and appends its
audit record in one transaction.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record, diff, snapshot
from mukti.core.errors import ApplicationError
from mukti.core.models import TrackedModel

M = TypeVar("M", bound=TrackedModel)


def _who(user: Any) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


def version_conflict(current: TrackedModel) -> ApplicationError:
    when = date_format(timezone.localtime(current.updated_at), "j M Y, H:i")
    return ApplicationError(
        _(
            "This record was changed by %(who)s at %(when)s while you were editing it. "
            "Reload the page to see their changes, then make yours again."
        )
        % {"who": _who(current.updated_by), "when": when},
        extra={"version": current.version},
    )


def _check_field_names(model: type[models.Model], values: dict[str, Any]) -> None:
    fields = model._meta.concrete_fields
    known = {f.name for f in fields} | {f.attname for f in fields}
    unknown = sorted(set(values) - known)
    if unknown:
        raise TypeError(
            f"{model.__name__} has no field {', '.join(repr(name) for name in unknown)}"
        )


@transaction.atomic
def tracked_create(model: type[M], *, actor: Any, reason: str = "", **values: Any) -> M:
    instance = model(**values)
    instance.updated_by = actor
    instance.full_clean()
    instance.save(force_insert=True)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=instance,
        changes=diff({}, snapshot(instance)),
        reason=reason,
    )
    return instance


@transaction.atomic
def tracked_update(
    instance: M,
    *,
    actor: Any,
    expected_version: int | None,
    reason: str = "",
    **values: Any,
) -> M:
    """Apply ``values`` to the row, refusing if someone saved it since ``expected_version``.

    ``expected_version`` is the version the user's form was rendered from; ``None`` is only for
    internal callers that hold no form (commands, data loading). A name that is not a field of
    the row is a programming error (a misspelt ``sumary=`` would otherwise be silently dropped).
    """
    model = type(instance)
    _check_field_names(model, values)
    # Lock the row: two saves that both passed the version check would otherwise both write,
    # and the first user's change would be silently lost.
    current = (
        model._default_manager.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=instance.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise version_conflict(current)
    before = snapshot(current)
    for name, value in values.items():
        setattr(current, name, value)
    changes = diff(before, snapshot(current))
    if not changes:
        return current
    current.full_clean()
    current.version += 1
    current.updated_by = actor
    current.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=current, changes=changes, reason=reason
    )
    return current


@transaction.atomic
def tracked_delete(instance: models.Model, *, actor: Any, reason: str = "") -> None:
    """Delete a row, refusing with a plain message while other records still point to it."""
    label = str(instance)
    changes = diff(snapshot(instance), {})
    try:
        with transaction.atomic():
            instance.delete()
    except models.ProtectedError as error:
        used_by = sorted({str(obj._meta.verbose_name) for obj in error.protected_objects})
        raise ApplicationError(
            _("%(name)s cannot be deleted while it is used by: %(used)s.")
            % {"name": label, "used": ", ".join(str(v) for v in used_by)}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=None,
        object_type=instance._meta.label_lower,
        object_id=str(changes.get("id", [None])[0]),
        object_repr=label,
        changes=changes,
        reason=reason,
    )
