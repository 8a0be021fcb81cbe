"""The scaffolding a case's side pages share (care, justice): each record is added or changed on
a form page of its own, saved through a service, and the form comes back to its section of the
side page. One template draws every such form page (core/case_form.html)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from mukti.core.forms import save_or_report

Values = dict[str, Any]


def form_values(form: forms.Form) -> Values:
    """What a valid form gives its service; the version a versioned form was rendered from
    becomes ``expected_version``, so a stale save is refused."""
    service_values = getattr(form, "service_values", None)
    values = service_values() if service_values else dict(form.cleaned_data)
    if "version" in form.fields:
        values.pop("version", None)
        values["expected_version"] = form.cleaned_data["version"]
    return values


@dataclass(frozen=True)
class CasePage:
    """A side page of a case (``care:case-care``) and the form pages that come back to it."""

    url_name: str

    def url(self, case: Any, anchor: str = "") -> str:
        url = reverse(self.url_name, args=[case.reference])
        return f"{url}#{anchor}" if anchor else url

    def back(self, case: Any, anchor: str) -> HttpResponse:
        return redirect(self.url(case, anchor))

    def form_page(
        self, request: HttpRequest, case: Any, form: forms.Form, title: str
    ) -> HttpResponse:
        context = {"form": form, "case": case, "title": title, "cancel": self.url(case)}
        return render(request, "core/case_form.html", context)

    def save(
        self,
        request: HttpRequest,
        case: Any,
        form: forms.Form,
        save: Callable[[Values], Any],
        *,
        title: str,
        done: str,
        anchor: str | Callable[[Values], str],
    ) -> HttpResponse:
        """Show ``form``; once a valid post is saved by ``save`` (given the form's values), say
        ``done`` and go back to ``anchor`` (or the anchor made from the values) on the page."""
        if request.method == "POST" and form.is_valid():
            values = form_values(form)
            if save_or_report(form, lambda: save(values)) is not None:
                messages.success(request, done)
                return self.back(case, anchor(values) if callable(anchor) else anchor)
        return self.form_page(request, case, form, title)
