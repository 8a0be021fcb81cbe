from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mukti.accounts.access import Action, can, scope
from mukti.accounts.models import User
from mukti.audit.models import AuditRecord


def audit_list(
    *, actor: User, object_type: str = "", object_id: str = "", username: str = ""
) -> QuerySet[AuditRecord]:
    # What the people of one's own organisation did; records of the instance itself (no one
    # signed in) are for its operator (`mukti audit`).
    mine = AuditRecord.objects.filter(actor__organisation_id=actor.organisation_id)
    records = scope(actor, Action.AUDIT_VIEW, mine)
    if object_type:
        records = records.filter(object_type=object_type)
    if object_id:
        records = records.filter(object_id=object_id)
    if username:
        records = records.filter(actor_label=username)
    return records.order_by("-seq")


def history_of(obj: Model, *, viewer: User, limit: int = 10) -> list[AuditRecord]:
    """The latest changes to one shared object (the directory's), for its detail page. Who of
    another organisation made a change is not said: the change is."""
    records = list(
        AuditRecord.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("actor")
        .order_by("-seq")[:limit]
    )
    for record in records:
        if record.actor is not None and record.actor.organisation_id != viewer.organisation_id:
            record.actor_label = str(_("someone of another organisation"))
    return records


# Where case content starts: a case and a survivor. Every model that points at one of them, or
# at another case-owned model (an evidence item's custody, a judgement's verdicts), is case-owned;
# so is a model only case-owned models point at (an accused person, known only through the cases
# that accuse him), unless its app declares it holds the shared outside world
# (``AppConfig.shared_entities``: the directory of offices and officials, which administrators
# keep). Derived from the models themselves, so a new app's records are withheld without anyone
# remembering to list it.
# An accused person is a root too: the "same person" links between two of them point at
# nothing else that is case content, so he cannot be reached only from cases.
CASE_CONTENT_ROOTS = ("cases.case", "cases.survivor", "justice.accused")


def _targets(model: Any) -> set[Any]:
    return {f.related_model for f in model._meta.concrete_fields if f.is_relation}


@lru_cache(maxsize=1)
def case_content_types() -> frozenset[str]:
    """The ``object_type`` (``app.model``) of every case-owned model."""
    models = [m for m in apps.get_models() if m.__module__.startswith("mukti.")]
    owned = {m for m in models if m._meta.label_lower in CASE_CONTENT_ROOTS}
    grown = True
    while grown:
        grown = False
        for model in models:
            if model in owned:
                continue
            fields = model._meta.get_fields(include_hidden=True)
            points_at = {f.related_model for f in fields if f.is_relation and f.concrete}
            # Referrers that point at nothing else (an accused person's blind indexes) follow
            # this model; they say nothing about it.
            pointed_from = {
                f.related_model
                for f in fields
                if f.is_relation and not f.concrete and _targets(f.related_model) != {model}
            } - {model}
            shared = getattr(model._meta.app_config, "shared_entities", False)
            only_from_cases = not shared and pointed_from and pointed_from <= owned
            if points_at & owned or only_from_cases:
                owned.add(model)
                grown = True
    return frozenset(m._meta.label_lower for m in owned)


def shows_case_content(user: User) -> bool:
    """Whether the audit page may show what a case record says, not just that it changed.

    Administrators review the log but read no case content (DOMAIN.md): for them, records of
    cases, survivors, events and the rescue phase show their kind, id, who and when only.
    """
    return can(user, Action.CASE_VIEW)


def is_case_content(record: AuditRecord) -> bool:
    return record.object_type in case_content_types()


def records_touching(objects: Mapping[str, Iterable[Any]]) -> QuerySet[AuditRecord]:
    """Every record of the given objects (``{"cases.case": [ids], ...}``), newest first.

    One indexed query (audit_object_seq), whatever the log's size; the per-case access page
    (reports) passes the ids of everything a case owns.
    """
    touching = Q(pk__in=[])
    for object_type, ids in objects.items():
        touching |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    return AuditRecord.objects.filter(touching).select_related("actor").order_by("-seq")
