"""``FastLoadMixin.from_db`` makes the object Django's ``Model.from_db`` makes, for every model
that uses it: the same attributes, the same deferred fields, the same state; and objects read
through querysets (whole, with fields deferred, with related objects) behave as before."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models.signals import post_init

from mukti.cases.models import Case, Event
from mukti.core.models import FastLoadMixin

FAST = sorted(
    (m for m in apps.get_models() if issubclass(m, FastLoadMixin)), key=lambda m: m._meta.label
)


def django_from_db(model: Any, db: str, names: list[str], values: list[Any]) -> Any:
    return models.Model.from_db.__func__(model, db, names, values)  # type: ignore[attr-defined]


def test_most_models_load_fast() -> None:
    assert len(FAST) >= 30 and Event in FAST and Case in FAST


@pytest.mark.parametrize("model", FAST, ids=lambda m: m._meta.label)
def test_the_same_object_as_django_makes(model: Any) -> None:
    names = [f.attname for f in model._meta.concrete_fields]
    values = [object() for _ in names]
    for chosen in (names, names[:1] + names[2:]):  # whole, and one field deferred
        picked = [v for n, v in zip(names, values, strict=True) if n in chosen]
        ours = model.from_db("default", chosen, picked)
        theirs = django_from_db(model, "default", chosen, picked)
        assert type(ours) is type(theirs) is model
        assert {k: v for k, v in vars(ours).items() if k != "_state"} == {
            k: v for k, v in vars(theirs).items() if k != "_state"
        }
        assert ours.get_deferred_fields() == theirs.get_deferred_fields()
        assert (ours._state.adding, ours._state.db) == (False, "default")


def test_a_listener_to_post_init_gets_django_s_own_loading() -> None:
    seen: list[Any] = []

    def listener(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance)

    post_init.connect(listener, sender=Event)
    try:
        names = [f.attname for f in Event._meta.concrete_fields]
        event = Event.from_db("default", names, [None] * len(names))
    finally:
        post_init.disconnect(listener, sender=Event)
    assert seen == [event]


@pytest.mark.django_db
def test_objects_read_from_the_database_behave_as_before(cast: Any) -> None:
    from mukti.cases import services as cases

    case = cases.case_open(actor=cast["caseworker"], title="Loaded fast")
    read = Case.objects.select_related("lead").get(pk=case.pk)
    assert (read.title, read.lead, read._state.adding, read._state.db) == (
        "Loaded fast", cast["caseworker"], False, "default"
    )  # fmt: skip
    assert read == case and hash(read) == hash(case)
    partial = Case.objects.only("title").get(pk=case.pk)
    assert "status" in partial.get_deferred_fields()
    assert partial.status == case.status  # loaded on first use
    partial.title = "Renamed"
    partial.save(update_fields=["title"])
    partial.refresh_from_db()
    assert Case.objects.get(pk=case.pk).title == partial.title == "Renamed"
