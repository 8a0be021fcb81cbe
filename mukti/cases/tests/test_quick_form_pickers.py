"""The quick entry's pickers render their options once per process, language and content
(core/forms.py, FastSelect): whatever their labels are made of changes, the next form shows it,
and a form shows only what it would have shown without the cache."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from mukti.accounts.models import Role
from mukti.conftest import make_user
from mukti.directory.models import Jurisdiction, Official


def _select(html: str, name: str) -> str:
    return html.split(f'name="quick-{name}"')[1].split("</select>")[0]


def _labels(html: str, name: str) -> list[str]:
    return re.findall(r"<option[^>]*>([^<]*)</option>", _select(html, name))


def _form(client: Any, case: Any) -> str:
    url = reverse("cases:event-add", args=[case.reference])
    return str(client.get(url, HTTP_HX_REQUEST="true").text)


def test_the_pickers_show_each_change_to_what_their_labels_are_made_of(
    client_as: Any, case: Any, cast: Any, offices: Any, official: Any, places: Any
) -> None:
    client = client_as("caseworker")
    first = _form(client, case)
    assert "Ashok Halder, Officer-in-Charge, Rajbari Outpost" in _labels(first, "actor_official")
    assert _labels(_form(client, case), "actor_official") == _labels(first, "actor_official")
    # Her office renamed: her label names it.
    offices["outpost"].name = "Rajbari Police Outpost"
    offices["outpost"].save()
    html = _form(client, case)
    assert "Ashok Halder, Officer-in-Charge, Rajbari Police Outpost" in _labels(
        html, "actor_official"
    )
    assert "Rajbari Police Outpost (Police outpost / investigation centre)" in _labels(
        html, "actor_office"
    )
    # Her designation dropped: her rank names her post.
    official.designation = ""
    official.save()
    assert "Ashok Halder, SI, Rajbari Police Outpost" in _labels(
        _form(client, case), "actor_official"
    )
    # A place's kind, a new place, a new official elsewhere.
    places["sub"].kind = "police_district"
    places["sub"].save()
    assert "Basirhat Sub-division (Police district)" in _labels(_form(client, case), "place")
    Jurisdiction.objects.create(name="Hasnabad", kind="police_station", parent=places["sub"])
    Official.objects.create(name="Rina Das", rank="si", office=offices["ps"])
    html = _form(client, case)
    assert "Basirhat Sub-division (Police district)" in _labels(html, "place")
    assert "Hasnabad (Police station area)" in _labels(html, "place")
    assert "Rina Das, SI, Basirhat Police Station" in _labels(html, "actor_official")
    assert f'value="{official.pk}" data-office="{offices["outpost"].pk}">' in html
    # Staff: a new colleague, a role changed, a name given, one who left.
    farida = cast["legal_officer"]
    farida.role = Role.CASEWORKER
    farida.save()
    assert "Farida (Caseworker)" in _labels(_form(client, case), "actor_staff")
    farida.last_name = "Begum"
    farida.save()
    assert "Farida Begum (Caseworker)" in _labels(_form(client, case), "actor_staff")
    new = make_user("sabina", Role.CASEWORKER)
    cast["other_caseworker"].is_active = False
    cast["other_caseworker"].save()
    staff = _labels(_form(client, case), "actor_staff")
    assert f"{new.first_name} (Caseworker)" in staff
    assert "Farida Begum (Caseworker)" in staff
    assert not any(label.startswith("Anjali") for label in staff)


def test_the_pickers_speak_her_language_and_mark_only_what_she_chose(
    client_as: Any, case: Any, cast: Any, offices: Any, official: Any, places: Any
) -> None:
    client = client_as("caseworker")
    english = _form(client, case)
    cast["caseworker"].language = "bn"
    cast["caseworker"].save()
    bengali = _form(client, case)
    assert "Basirhat PS area (Police station area)" in _labels(english, "place")
    assert "Basirhat PS area (Police station area)" not in _labels(bengali, "place")
    cast["caseworker"].language = ""
    cast["caseworker"].save()
    url = reverse("cases:event-add", args=[case.reference])
    chosen = {"quick-type": "verified", "quick-when": "sometime",
              "quick-place": places["ps_area"].pk, "quick-actor_official": official.pk}  # fmt: skip
    html = client.post(url, chosen, HTTP_HX_REQUEST="true").text
    assert _select(html, "place").count(" selected") == 1
    assert f'value="{places["ps_area"].pk}" selected>' in _select(html, "place")
    official_select = _select(html, "actor_official")
    assert f'value="{official.pk}" data-office="{offices["outpost"].pk}" selected>' in (
        official_select
    )
    assert official_select.count(" selected") == 1
    assert " selected" not in _select(html, "actor_office").split(">", 1)[1].replace(
        '<option value="" selected>', ""
    )
    # Nothing chosen: the empty choice is, as Django marks it; the cached markup stays unmarked.
    fresh = _form(client, case)
    assert '<option value="" selected>' in _select(fresh, "place")
    assert _select(fresh, "place").count(" selected") == 1


def test_short_pickers_of_many_cases_do_not_push_the_directorys_out(places: Any) -> None:
    """Each case has its own short pickers; rendering a hundred of them keeps the long
    directory picker rendered once, and each short one still shows its own options."""
    from django import forms

    from mukti.core import forms as core_forms
    from mukti.directory.forms import JurisdictionChoiceField

    Jurisdiction.objects.bulk_create(
        Jurisdiction(name=f"Thana {n:03}", kind="police_station", parent=places["sub"])
        for n in range(core_forms._SHORT)
    )

    def picker(queryset: Any) -> str:
        field = JurisdictionChoiceField(queryset=queryset, widget=core_forms.FastSelect)
        return str(forms.BoundField(forms.Form(), field, "place"))

    every = Jurisdiction.objects.order_by("name")
    long = picker(every)
    assert long.count("<option") == every.count() + 1
    kept = dict(core_forms._PICKERS)
    # kept under its rows (the version), with the language
    assert any(len(key[3]) == every.count() for key in kept)
    ids = list(every.values_list("pk", flat=True))
    for n in range(100):
        short = picker(every.filter(pk__in=ids[n % len(ids) : n % len(ids) + 2]))
        assert short.count("<option") == 1 + len(ids[n % len(ids) : n % len(ids) + 2])
    assert kept == core_forms._PICKERS  # not started afresh, the long one still there
    assert picker(every) == long
