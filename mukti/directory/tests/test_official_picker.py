"""Official pickers follow the office chosen beside them, and country pickers start with the
countries most cases involve."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mukti.directory.models import Official


def test_the_official_picker_offers_the_officials_of_the_office_chosen(
    client_as: Any, case: Any, offices: Any, official: Any
) -> None:
    other = Official.objects.create(
        name="Rina Das", rank="si", designation="SI", office=offices["ps"], phones=[]
    )
    client = client_as("caseworker")
    form = client.get(reverse("rescue:engagement-add", args=[case.reference])).text
    # The office picker asks for the officials of the office picked; each official says hers.
    query = "?office_field=office&amp;official_field=official"
    assert f'hx-get="/directory/officials/options/{query}"' in form
    assert 'hx-target="#id_official"' in form
    assert f'value="{official.pk}" data-office="{offices["outpost"].pk}"' in form
    assert 'data-office-field="id_office"' in form
    url = reverse("directory:official-options")
    fields = {"office_field": "office", "official_field": "official"}
    options = client.get(url, {**fields, "office": offices["outpost"].pk, "official": official.pk})
    assert "Ashok Halder" in options.text and "Rina Das" not in options.text
    assert f'value="{official.pk}" data-office="{offices["outpost"].pk}" selected' in options.text
    everyone = client.get(url, {**fields, "office": ""}).text
    assert "Ashok Halder" in everyone and "Rina Das" in everyone
    assert other.pk


def test_the_quick_entry_pairs_its_prefixed_pickers(client_as: Any, case: Any) -> None:
    form = client_as("caseworker").get(
        reverse("cases:event-add", args=[case.reference]), HTTP_HX_REQUEST="true"
    )
    assert "office_field=quick-actor_office&amp;official_field=quick-actor_official" in form.text
    assert 'data-office-field="id_quick-actor_office"' in form.text


def test_country_pickers_start_with_india_bangladesh_and_nepal(client_as: Any, case: Any) -> None:
    page = client_as("caseworker").get(reverse("cases:case-edit", args=[case.reference])).text
    select = page.split('name="origin_country"')[1].split("</select>")[0]
    codes = [part.split('"')[0] for part in select.split('value="')[1:]]
    assert codes[:4] == ["", "IN", "BD", "NP"] or codes[:3] == ["IN", "BD", "NP"], codes[:5]
