"""The case list's slow-changing drop-downs are rendered once (mukti/core/options.py): the
markup is the template loop's, the selected value is marked, and a directory write shows on the
very next request (issue 24)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django_countries import countries

from mukti.core.options import options
from mukti.directory import services as directory

pytestmark = pytest.mark.django_db

# The template loops the case list had before (kept here as the reference).
COUNTRY_LOOP = Template(
    '{% for code, name in countries %}<option value="{{ code }}"{% if code == selected %}'
    " selected{% endif %}>{{ name }}</option>{% endfor %}"
)


def _select(html: str, element_id: str) -> str:
    match = re.search(rf'<select[^>]*id="{element_id}"[^>]*>(.*?)</select>', html, re.S)
    assert match is not None, element_id
    return match.group(1)


@pytest.mark.parametrize("language", ["en", "hi", "bn"])
@pytest.mark.parametrize("selected", ["", "IN", "BD", "FR", "<x>"])
def test_the_cached_countries_are_the_template_loop_in_every_language(
    language: str, selected: str
) -> None:
    with translation.override(language):
        expected = COUNTRY_LOOP.render(Context({"countries": countries, "selected": selected}))
        assert options("countries", None, lambda: countries, selected) == expected
        # and again, from the cache
        assert options("countries", None, lambda: countries, selected) == expected


def test_india_is_marked_both_where_it_leads_and_where_it_repeats(client_as: Any) -> None:
    html = client_as("supervisor").get(reverse("cases:case-list"), {"nationality": "IN"}).text
    assert _select(html, "id_nationality").count('<option value="IN" selected>') == 2
    assert _select(html, "id_nationality").count(" selected") == 2


def test_a_district_renamed_added_or_removed_shows_on_the_next_request(
    client_as: Any, cast: Any, places: Any
) -> None:
    client, admin = client_as("supervisor"), cast["administrator"]
    n24 = places["n24"]
    first = _select(client.get(reverse("cases:case-list")).text, "id_district")
    assert f'<option value="{n24.pk}">North 24 Parganas</option>' in first
    directory.jurisdiction_update(
        actor=admin, jurisdiction=n24, expected_version=n24.version, name="Uttar 24 Parganas"
    )
    renamed = _select(client.get(reverse("cases:case-list")).text, "id_district")
    assert f'<option value="{n24.pk}">Uttar 24 Parganas</option>' in renamed
    assert "North 24 Parganas" not in renamed
    nadia = directory.jurisdiction_create(
        actor=admin, name="Nadia & Co", kind="district", parent=places["wb"]
    )
    added = _select(
        client.get(reverse("cases:case-list"), {"district": nadia.pk}).text, "id_district"
    )
    # In name order, escaped, and selected as asked.
    assert added.index("Nadia &amp; Co") < added.index("Uttar 24 Parganas")
    assert f'<option value="{nadia.pk}" selected>Nadia &amp; Co</option>' in added
    directory.jurisdiction_delete(actor=admin, jurisdiction=nadia)
    removed = _select(client.get(reverse("cases:case-list")).text, "id_district")
    assert "Nadia" not in removed and "Uttar 24 Parganas" in removed
