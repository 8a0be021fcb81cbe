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


def test_the_staff_filter_follows_renames_arrivals_and_departures_and_stays_in_its_organisation(
    client_as: Any, cast: Any
) -> None:
    """The "Team member" drop-down is rendered once per list of names: a rename, a new
    colleague or a deactivated one shows on the very next request, and the people of another
    organisation on the same instance are never offered."""
    from mukti.accounts import services as accounts
    from mukti.accounts.models import Organisation, Role

    client, admin, member = client_as("supervisor"), cast["administrator"], cast["caseworker"]
    url = reverse("cases:case-list")
    before = _select(client.get(url).text, "id_member")
    assert f'<option value="{member.pk}">{member}</option>' in before
    partner = Organisation.objects.create(name="Partner NGO")
    accounts.user_create(
        actor=None, username="elsewhere", role=Role.CASEWORKER, first_name="Nobody Here",
        organisation=partner,
    )  # fmt: skip
    renamed = accounts.user_update(
        actor=admin, user=member, expected_version=member.version, first_name="Meera <M>"
    )
    joined, _password = accounts.user_create(
        actor=admin, username="new-colleague", role=Role.CASEWORKER, first_name="Asha"
    )
    after = _select(client.get(url, {"member": joined.pk}).text, "id_member")
    shown = f"Meera &lt;M&gt; {member.last_name}".strip()
    assert f'<option value="{renamed.pk}">{shown}</option>' in after
    assert f">{member}</option>" not in after  # not the old name
    assert f'<option value="{joined.pk}" selected>Asha</option>' in after
    assert "Nobody Here" not in after
    accounts.user_update(actor=admin, user=joined, expected_version=joined.version, is_active=False)
    gone = _select(client.get(url, {"member": joined.pk}).text, "id_member")
    assert "Asha" not in gone and " selected" not in gone
