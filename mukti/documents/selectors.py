"""Reading documents under the case's access rule: a document is seen by whoever may see its
case and the kind of entry it is attached to (a medical report by the care side, an FIR copy by
the justice side), and by nobody else; anything else is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from mukti.accounts.access import can
from mukti.accounts.models import User
from mukti.cases.access import event_edit_action, hidden_event_types
from mukti.cases.models import Case, Event
from mukti.core.compiled import compiled
from mukti.documents.models import Document


@compiled
def _case_documents(case_id: int, *, hidden: frozenset[str]) -> QuerySet[Document]:
    return (
        Document.objects.filter(case_id=case_id)
        .exclude(event__type__in=sorted(hidden))
        .select_related("event", "uploaded_by")
        .order_by("event__sort_at", "event_id", "pk")
    )


def case_documents(*, case: Case, user: User) -> list[Document]:
    """The documents of the case's entries this user may see, oldest entry first."""
    documents = _case_documents(case.pk, hidden=hidden_event_types(user))
    for document in documents:
        document.case = case
    return documents


def document_get(*, case: Case, user: User, document_id: int) -> Document:
    documents = Document.objects.exclude(event__type__in=hidden_event_types(user))
    return get_object_or_404(documents.select_related("event", "case"), pk=document_id, case=case)


def attachable_events(*, case: Case, user: User) -> QuerySet[Event]:
    """The case's entries this user may attach a document to: those whose kind they may
    record (the choice list of the attach form)."""
    hidden = hidden_event_types(user)
    events = Event.objects.filter(case=case).exclude(type__in=hidden)
    kinds = events.values_list("type", flat=True).distinct()
    allowed = [kind for kind in kinds if can(user, event_edit_action(kind), case)]
    return events.filter(type__in=allowed).order_by("-sort_at", "-pk")


def case_document_ids(*, case: Any) -> list[int]:
    """Every document of a case (the per-case access page lists their downloads)."""
    return list(Document.objects.filter(case=case).values_list("pk", flat=True))
