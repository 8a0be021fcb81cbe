"""The case page's registered panels: each app's panel shows, and two panels cannot silently
overwrite each other's names."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mukti.cases import panels
from mukti.cases.models import Case


def test_each_registered_panel_is_on_the_case_page(client_as: Any, case: Case) -> None:
    page = client_as("caseworker").get(reverse("cases:case-detail", args=[case.reference]))
    assert page.status_code == 200
    names = [
        panel.name for panel in page.context["panels"]["side"] + page.context["panels"]["main"]
    ]
    assert names == [panel.name for panel in panels.PANELS]
    # The rescue panel keeps its landmark and the clocks their swap target.
    assert 'aria-labelledby="rescue-h" id="rescue"' in page.text
    assert 'id="clocks"' in page.text


def test_a_panel_reusing_a_name_of_the_page_is_refused(
    client_as: Any, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    clash = panels.Panel(
        "clash", "side", "deadlines/_clocks.html", "mukti.cases.tests.test_panels.reuses_events"
    )
    monkeypatch.setattr(panels, "PANELS", (*panels.PANELS, clash))
    with pytest.raises(RuntimeError, match="clash reuses \\['events'\\]"):
        client_as("caseworker").get(reverse("cases:case-detail", args=[case.reference]))


def reuses_events(request: Any, case: Case, page: Any) -> dict[str, Any]:
    return {"events": []}
