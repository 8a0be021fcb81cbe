"""The two requests of a timeline write answer exactly the HTML they answered before the work that
made them cheaper (issue 24): the quick entry form htmx fetches, and what a posted entry answers
htmx with (the timeline, a fresh or re-shown form, the refreshed panels), in English and Bengali,
with choices made, refused and none, for a caseworker and a supervisor.

The snapshots in ``snapshots/write-*.html`` were written by the code before that work, as those
of test_page_snapshots.py were (``MUKTI_WRITE_SNAPSHOTS=1 pytest -k snapshot`` writes them
again), and are normalised the same way.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mukti.directory.models import Jurisdiction, Office, Official
from mukti.reports.tests.test_page_snapshots import (  # noqa: F401 -- fixtures
    SNAPSHOTS,
    WRITE,
    busy_case,
    frozen,
    normalise,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def awkward_directory(places: Any, offices: Any, official: Any) -> dict[str, Any]:
    """Names that must be escaped in an option, and more than one of each."""
    kiln = Jurisdiction.objects.create(
        name='Kiln <north> & "east"', kind="outpost", parent=places["ps_area"]
    )
    office = Office.objects.create(
        name="Shelter & <home>", kind="shelter_home", jurisdiction=places["basirhat"]
    )
    other = Official.objects.create(
        name='Rina "Didi" Das', rank="asi", designation="", office=office
    )
    return {"kiln": kiln, "office": office, "official": official, "other": other}


def _answers(directory: dict[str, Any], cast: Any) -> list[tuple[str, dict[str, str]]]:
    chosen = {
        "quick-place": str(directory["kiln"].pk),
        "quick-actor_official": str(directory["other"].pk),
        "quick-actor_office": str(directory["office"].pk),
        "quick-actor_staff": str(cast["caseworker"].pk),
    }
    return [
        ("form", {}),
        ("added", {"quick-type": "verified", "quick-when": "20 Apr 2024", "quick-note": "A & B"}),
        ("added-chosen", {"quick-type": "other", "quick-when": "21 Apr 2024 10:15", **chosen}),
        ("refused-date", {"quick-type": "verified", "quick-when": "sometime", **chosen}),
        ("refused-place", {"quick-type": "verified", "quick-when": "20 Apr 2024",
                           "quick-place": "999999", "quick-actor_staff": "999999"}),
    ]  # fmt: skip


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["caseworker", "supervisor"])
@pytest.mark.parametrize("language", ["en-gb", "bn"])
def test_the_quick_entry_answers_htmx_with_the_same_html_as_before(
    busy_case: Any,  # noqa: F811
    awkward_directory: dict[str, Any],
    cast: Any,
    client_as: Any,
    frozen: None,  # noqa: F811
    who: str,
    language: str,
) -> None:
    user = cast[who]
    user.language = language
    user.save(update_fields=["language"])
    client = client_as(who)
    url = reverse("cases:event-add", args=[busy_case.reference])
    different = []
    for name, data in _answers(awkward_directory, cast):
        response = client.post(url, data, **HTMX) if data else client.get(url, **HTMX)
        assert response.status_code == 200, (name, response.status_code)
        html = normalise(response.content.decode())
        path = SNAPSHOTS / f"write-{who}-{language}-{name}.html"
        if WRITE:
            path.write_text(html)
            continue
        if html != path.read_text():
            different.append(path.name)
            path.with_suffix(".new.html").write_text(html)  # to diff by hand; not committed
    assert not different, f"answers changed (see snapshots/*.new.html): {different}"
