"""Every form of the project, rendered the way pages render it, gives each checkbox and radio
button Bootstrap's form-check look with its own label, and each group a fieldset and legend.

Form classes are found by walking every app's ``forms`` module, so a new form is checked without
anyone remembering to add it here.
"""

from __future__ import annotations

import importlib
import inspect
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.template.loader import render_to_string

from mukti.accounts.models import Organisation, User


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node] = field(default_factory=list)
    text: str = ""

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def ancestors(self) -> list[Node]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)


VOID = {"input", "br", "img", "hr", "meta", "link"}


class Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root", {}, None)
        self.current = self.root
        self.nodes: list[Node] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag: str) -> None:
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.text += data


def choice_problems(html: str) -> list[str]:
    """What is wrong with the checkboxes and radio buttons of rendered form HTML."""
    tree = Tree()
    tree.feed(html)
    tree.close()
    problems = []
    labels = {n.attrs.get("for") for n in tree.nodes if n.tag == "label"}
    if "" in labels:
        problems.append('a <label for=""> is tied to nothing')
    boxes = [
        n for n in tree.nodes if n.tag == "input" and n.attrs.get("type") in ("checkbox", "radio")
    ]
    per_name: dict[str, int] = {}
    for box in boxes:
        per_name[box.attrs.get("name", "")] = per_name.get(box.attrs.get("name", ""), 0) + 1
    for box in boxes:
        name = box.attrs.get("name", "")
        if "form-check-input" not in box.classes():
            problems.append(f"{name}: input without form-check-input ({box.attrs.get('class')})")
        if not any("form-check" in a.classes() for a in box.ancestors()):
            problems.append(f"{name}: input outside a form-check")
        if not box.attrs.get("id") or box.attrs["id"] not in labels:
            problems.append(f"{name}: input without a label tied to it")
        group = box.attrs.get("type") == "radio" or per_name[name] > 1
        if group:
            fieldsets = [a for a in box.ancestors() if a.tag == "fieldset"]
            legends = [
                child
                for fieldset in fieldsets
                for child in fieldset.children
                if child.tag == "legend" and child.all_text().strip()
            ]
            if not legends:
                problems.append(f"{name}: group without a fieldset and legend")
    return problems


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("mukti."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
                and getattr(obj, "base_fields", None)  # set by the form metaclass
                # An abstract model form (a shared base with no model) is never rendered itself.
                and not (issubclass(obj, forms.ModelForm) and obj._meta.model is None)
            ):
                found.append(obj)
    return found


def test_the_walk_finds_the_forms_with_choice_groups() -> None:
    names = {f"{c.__module__}.{c.__name__}" for c in form_classes()}
    assert {
        "mukti.justice.forms.FirForm",
        "mukti.justice.forms.AccusedForm",
        "mukti.rescue.forms.EngagementForm",
        "mukti.cases.forms.CaseForm",
        "mukti.cases.forms.EventForm",
        "mukti.intake.forms.ConfirmForm",
    } <= names


def test_the_checker_catches_the_old_grey_bars() -> None:
    old = (
        '<div class="mb-3 form-check"><div id="id_team" class="form-control"><div><label '
        'for="id_team_0"><input type="checkbox" name="team" value="1" class="form-control" '
        'id="id_team_0"> Meera</label></div><div><label for="id_team_1"><input type="checkbox" '
        'name="team" value="2" class="form-control" id="id_team_1"> Rupa</label></div></div>'
        '<label class="form-check-label" for="">Team</label></div>'
    )
    problems = choice_problems(old)
    assert 'a <label for=""> is tied to nothing' in problems
    assert any("without form-check-input" in p for p in problems)
    assert any("group without a fieldset and legend" in p for p in problems)


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_checkbox_and_radio_renders_as_a_labelled_form_check(
    form_class: type[forms.BaseForm],
    cast: dict[str, User],
    case: Any,
    justice_records: Any,
    official: Any,
) -> None:
    supplies = {
        "case": case,
        "user": cast["supervisor"],
        "current": case.status,
        "places": [("1", "Basirhat")],
        "officials": [("1", "Ashok Halder")],
        "events": case.events.all(),
        "organisation_id": case.organisation_id,
        "partners": Organisation.objects.all(),
    }
    wanted = {
        name
        for klass in form_class.__mro__
        if "__init__" in vars(klass)
        for name, parameter in inspect.signature(vars(klass)["__init__"]).parameters.items()
        if parameter.kind is parameter.KEYWORD_ONLY
    }
    kwargs = {name: supplies[name] for name in wanted}
    if issubclass(form_class, forms.ModelForm):
        kwargs["instance"] = form_class._meta.model()
    data: dict[str, Any] | None
    for data in (None, {}):  # unbound, and bound with every error showing
        form = form_class(data, **kwargs)
        if data is not None:
            form.is_valid()
        html = render_to_string("_form_fields.html", {"form": form})
        assert choice_problems(html) == [], html
        # One date convention: typed text, never the browser's mm/dd/yyyy pickers.
        assert 'type="date"' not in html and 'type="datetime-local"' not in html


def test_dates_are_typed_and_shown_day_month_year_with_a_now_button(db: None) -> None:
    import datetime as dt

    from django.utils import timezone

    from mukti.core.forms import BootstrapFormMixin

    class Dates(BootstrapFormMixin, forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
        moment = forms.DateTimeField()

    at = timezone.make_aware(dt.datetime(2026, 12, 1, 22, 30))
    html = render_to_string(
        "_form_fields.html", {"form": Dates(initial={"day": dt.date(2026, 12, 1), "moment": at})}
    )
    assert 'value="1 Dec 2026"' in html and 'value="1 Dec 2026, 22:30"' in html
    assert "For example: 20 Apr 2024 22:55" in html
    assert 'data-fill-now="id_moment"' in html and ">Now</button>" in html
    assert 'data-fill-now="id_day"' in html and ">Today</button>" in html
    for typed in ("1 Dec 2026 22:30", "1 Dec 2026, 22:30", "01 December 2026 22:30"):
        form = Dates({"day": "1 Dec 2026", "moment": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["moment"] == at
        assert form.cleaned_data["day"] == dt.date(2026, 12, 1)
    assert Dates({"day": "2026-12-01", "moment": "2026-12-01T22:30"}).is_valid()
