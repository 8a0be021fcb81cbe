from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mukti.directory.models import Jurisdiction, Office, Official

pytestmark = pytest.mark.django_db


def official_form(official: Official, **changes: Any) -> dict[str, Any]:
    data = {
        "name": official.name,
        "rank": official.rank,
        "designation": official.designation,
        "office": official.office_id,
        "phones": "\n".join(official.phones),
        "email": official.email,
        "tenure_start": "",
        "tenure_end": "",
        "notes": "",
        "version": official.version,
    }
    data.update(changes)
    return data


def test_a_caseworker_edits_an_officials_phone(client_as: Any, official: Official) -> None:
    client = client_as("caseworker")
    url = reverse("directory:official-edit", args=[official.pk])
    response = client.post(url, official_form(official, phones="98300 11111\n033 2552 1234"))
    assert response.status_code == 302
    assert response["Location"] == official.get_absolute_url()
    official.refresh_from_db()
    assert official.phones == ["+919830011111", "+913325521234"]
    assert official.version == 2
    page = client.get(official.get_absolute_url())
    assert "+91 98300 11111" in page.text


def test_an_invalid_phone_shows_a_field_error_and_saves_nothing(
    client_as: Any, official: Official
) -> None:
    url = reverse("directory:official-edit", args=[official.pk])
    response = client_as("caseworker").post(
        url, official_form(official, phones="12345", name="Renamed")
    )
    assert response.status_code == 200
    assert "“12345” is not a valid phone number" in response.text
    assert 'id="id_phones_error"' in response.text
    official.refresh_from_db()
    assert official.name == "Ashok Halder"
    assert official.version == 1


def test_a_second_editor_is_told_who_changed_the_official(
    client_as: Any, official: Official
) -> None:
    url = reverse("directory:official-edit", args=[official.pk])
    stale = official_form(official)
    assert client_as("caseworker").post(url, {**stale, "notes": "first"}).status_code == 302
    response = client_as("legal_officer").post(url, {**stale, "notes": "second"})
    assert response.status_code == 200
    assert "This record was changed by Meera at" in response.text
    official.refresh_from_db()
    assert official.notes == "first"


def test_an_office_under_the_wrong_kind_of_office_is_refused_in_the_form(
    client_as: Any, places: dict[str, Jurisdiction], offices: dict[str, Office]
) -> None:
    response = client_as("caseworker").post(
        reverse("directory:office-create"),
        {
            "name": "Second outpost",
            "kind": "outpost",
            "jurisdiction": places["outpost_area"].pk,
            "parent": offices["hospital"].pk,
        },
    )
    assert response.status_code == 200
    assert "cannot report to a hospital" in response.text
    assert 'id="id_parent_error"' in response.text
    assert not Office.objects.filter(name="Second outpost").exists()


def test_a_jurisdiction_is_created_under_its_parent(
    client_as: Any, places: dict[str, Jurisdiction]
) -> None:
    response = client_as("administrator").post(
        reverse("directory:jurisdiction-create"),
        {"name": "Hasnabad PS area", "kind": "police_station", "parent": places["sub"].pk},
    )
    created = Jurisdiction.objects.get(name="Hasnabad PS area")
    assert response["Location"] == created.get_absolute_url()
    page = client_as("caseworker").get(created.get_absolute_url())
    assert "Basirhat Sub-division" in page.text  # breadcrumb


def test_a_protected_office_delete_explains_why(
    client_as: Any, offices: dict[str, Office], official: Official
) -> None:
    response = client_as("administrator").post(
        reverse("directory:office-delete", args=[offices["outpost"].pk]), follow=True
    )
    assert "Rajbari Outpost cannot be deleted while it is used by: official" in response.text


def test_the_office_search_answers_htmx_with_the_rows_only(
    client_as: Any, offices: dict[str, Office]
) -> None:
    response = client_as("caseworker").get(
        reverse("directory:office-list"), {"q": "rajbari"}, HTTP_HX_REQUEST="true"
    )
    assert "Rajbari Outpost" in response.text
    assert "Basirhat District Hospital" not in response.text
    assert "<html" not in response.text


def test_the_official_list_can_hide_former_officials(
    client_as: Any, official: Official, offices: dict[str, Office]
) -> None:
    import datetime as dt

    Official.objects.create(
        name="Bikash Pramanik",
        rank="si",
        office=offices["outpost"],
        tenure_start=dt.date(2021, 4, 1),
        tenure_end=dt.date(2023, 6, 30),
    )
    client = client_as("caseworker")
    assert "Bikash Pramanik" in client.get(reverse("directory:official-list")).text
    current = client.get(reverse("directory:official-list"), {"current": "1"}).text
    assert "Bikash Pramanik" not in current and "Ashok Halder" in current


def add_rows(places: dict[str, Jurisdiction], offices: dict[str, Office], n: int) -> None:
    for i in range(n):
        area = Jurisdiction.objects.create(
            name=f"Extra PS area {i}", kind="police_station", parent=places["sub"]
        )
        office = Office.objects.create(
            name=f"Extra PS {i}", kind="police_station", jurisdiction=area, parent=offices["sdpo"]
        )
        Official.objects.create(name=f"Officer {i}", rank="si", office=office)


def count_queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


PAGES = [
    ("directory:index", None, 4),
    ("directory:office-list", None, 5),
    ("directory:official-list", None, 5),
    ("directory:jurisdiction-detail", "sub", 7),
    ("directory:office-detail", "sdpo", 7),
]


@pytest.mark.parametrize(("name", "obj", "budget"), PAGES)
def test_directory_pages_issue_a_fixed_number_of_queries(
    client_as: Any,
    places: dict[str, Jurisdiction],
    offices: dict[str, Office],
    official: Official,
    name: str,
    obj: str | None,
    budget: int,
) -> None:
    client = client_as("caseworker")
    target = {**places, **offices}
    url = reverse(name, args=[target[obj].pk] if obj else [])
    small = count_queries(client, url)
    add_rows(places, offices, 30)
    large = count_queries(client, url)
    assert small == large, f"{name}: {small} queries with few rows, {large} with many"
    assert large == budget, f"{name}: {large} queries"
