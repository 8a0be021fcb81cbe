"""403, 404 and 500 are Mukti's own pages, in its layout, saying what happened and what to do;
and forms offer no choice the user may not take."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from mukti.cases.models import Case


def test_a_missing_page_is_mukti_s_own_404(client_as: Any, cast: Any) -> None:
    response = client_as("caseworker").get("/cases/MK-1999-9999/")
    assert response.status_code == 404
    assert "There is nothing at this address" in response.text
    assert "What to do" in response.text
    assert 'aria-label="Main"' in response.text  # the site's layout, with its menu
    assert reverse("cases:case-list") in response.text


def test_a_page_beyond_the_role_is_mukti_s_own_403(client_as: Any, cast: Any) -> None:
    response = client_as("caseworker").get(reverse("audit:list"))
    assert response.status_code == 403
    assert "You cannot open this page" in response.text
    assert "ask its lead caseworker or a supervisor to add you to the case team" in response.text
    assert 'aria-label="Main"' in response.text


def test_a_server_error_is_mukti_s_own_500_even_without_a_request_context(db: None) -> None:
    response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in text
    assert "it was not saved" in text
    assert "/static/mukti/app.css" in text


def test_a_caseworker_is_not_offered_closed_and_a_supervisor_is(client_as: Any, case: Case) -> None:
    def offered(role: str) -> bool:
        page = client_as(role).get(case.get_absolute_url()).text
        return '<option value="closed"' in page

    assert not offered("caseworker")
    assert offered("supervisor")
