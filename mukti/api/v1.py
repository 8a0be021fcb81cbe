"""The REST API, version 1 (docs/api.md): a second interface over the same selectors and
services as the pages. Each operation names its access (``Token(action, write=...)``), checked
before its input is read; input is checked for shape by the schemas, then by the same forms as
the pages (so the same words come back), and written by the same services."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from mukti.accounts.access import Action, public
from mukti.api import schemas as s
from mukti.api.auth import Token, actor, case_of
from mukti.api.services import RateLimited, TokenRefused
from mukti.audit.services import read_record
from mukti.care import forms as care_forms
from mukti.care import selectors as care_selectors
from mukti.care import services as care_services
from mukti.cases import names
from mukti.cases import selectors as cases
from mukti.cases import services as case_services
from mukti.cases.access import SURVIVOR_CARE_FIELDS
from mukti.cases.forms import (
    CaseForm,
    EventForm,
    IdentityEditForm,
    RevealForm,
    SightingForm,
    StatusForm,
    SurvivorForm,
    case_filters,
)
from mukti.cases.models import Case, CaseSurvivor, Event, EventType, ProtectedIdentity, Sighting
from mukti.core.errors import ApplicationError
from mukti.core.forms import query_text
from mukti.core.pages import form_values
from mukti.deadlines import selectors as deadlines
from mukti.directory import selectors as directory
from mukti.directory import services as directory_services
from mukti.directory.forms import OfficeForm, OfficialForm
from mukti.directory.models import Jurisdiction, Office, Official
from mukti.intake.extraction import Extractor
from mukti.justice import forms as justice_forms
from mukti.justice import selectors as justice_selectors
from mukti.justice import services as justice_services
from mukti.rescue import selectors as rescue
from mukti.rescue import services as rescue_services
from mukti.rescue.forms import (
    AnswerForm,
    AttemptEditForm,
    AttemptForm,
    EngagementForm,
    OperationCancelForm,
    OperationEditForm,
    OperationForm,
)
from mukti.rescue.models import Attempt, Operation


class Reference(Swagger):
    """Swagger UI from the installed package's static files, started by a static script (no
    CDN, nothing inline: the site's Content-Security-Policy allows it as it is)."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        context = {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)}
        return render(request, "api/swagger.html", context)


api = NinjaAPI(
    title="Mukti API",
    version="1",
    description="Cases, survivors, their timelines, rescue operations, care and legal records "
    "and clocks, the directory and narrative extraction, for programs acting for a person "
    "through her API token. See docs/api.md.",
    urls_namespace="api-v1",
    openapi_url="/schema/",
    docs_url="/docs/",
    docs=Reference(),
    docs_decorator=public,
)

# Every answer but success has one shape (schemas.Error), so the description lists them all.
ERRORS: dict[int, type[Schema]] = dict.fromkeys((400, 401, 403, 404, 409, 413, 428, 429), s.Error)
PER_PAGE = 25
MAX_PER_PAGE = 100
# Deeper than this, narrow the search: an offset that large is slow on any database.
MAX_PAGE = 10_000


def _error(
    request: HttpRequest, status: int, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    body = {"error": {"message": message, "fields": fields or {}}}
    return api.create_response(request, body, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    conflict = "version" in error.extra
    fields = {error.field: [error.message]} if error.field else {}
    return _error(request, 409 if conflict else 400, error.message, fields)


class FormInvalid(Exception):
    def __init__(self, form: forms.BaseForm) -> None:
        super().__init__("invalid")
        self.form = form


@api.exception_handler(FormInvalid)
def _form_invalid(request: HttpRequest, error: FormInvalid) -> HttpResponse:
    errors = {name: [str(m) for m in messages] for name, messages in error.form.errors.items()}
    general = errors.pop("__all__", [])
    message = " ".join(general) or _("Please correct the errors below.")
    return _error(request, 400, message, errors)


@api.exception_handler(NinjaValidationError)
def _shape_error(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        loc = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload")]
        name = ".".join(loc[1:] if loc and loc[0] in ("query", "path") else loc) or "body"
        fields.setdefault(name, []).append(str(item.get("msg", "")))
    return _error(request, 400, _("Please correct the errors below."), fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: Exception) -> HttpResponse:
    response = _error(
        request, 401, _("Send a valid API token: Authorization: Bearer mk_… (docs/api.md).")
    )
    response["WWW-Authenticate"] = 'Bearer realm="mukti"'
    return response


@api.exception_handler(TokenRefused)
def _token_refused(request: HttpRequest, error: TokenRefused) -> HttpResponse:
    response = _error(request, 401, _("This token is unknown, expired or revoked."))
    response["WWW-Authenticate"] = 'Bearer realm="mukti", error="invalid_token"'
    return response


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, error: RateLimited) -> HttpResponse:
    response = _error(
        request,
        429,
        _("Too many requests with this token: wait %(seconds)d seconds.")
        % {"seconds": error.retry_after},
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return _error(request, 403, str(error) or _("You do not have permission to do this."))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, error: RequestDataTooBig) -> HttpResponse:
    return _error(
        request,
        413,
        _("What you sent is larger than Mukti accepts (%(mb)d MB), so nothing was saved.")
        % {"mb": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    return _error(request, error.status_code, str(error))


@api.exception_handler(ValidationError)
def _model_invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    fields = error.message_dict if hasattr(error, "error_dict") else {}
    message = " ".join(fields.pop("__all__", [])) if fields else " ".join(error.messages)
    return _error(request, 400, message or _("Please correct the errors below."), fields)


# Which action each operation needs, by route and method: the mark the all-URLs access test
# reads (``mukti_access`` on the URL pattern's view, as ``requires`` leaves on a page's).
_marks: dict[str, dict[str, Action]] = {}
F = TypeVar("F", bound=Callable[..., Any])


def operation(
    method: str,
    path: str,
    *,
    action: Action,
    write: bool = False,
    response: Any,
    name: str,
    status: int = 200,
) -> Callable[[F], F]:
    route = re.sub(r"\{(\w+)\}", r"<\1>", path.strip("/")) + ("/" if path.endswith("/") else "")
    _marks.setdefault(route, {})[method] = action
    return api.api_operation(
        [method],
        path,
        auth=Token(action, write=write),
        response={status: response, **ERRORS},
        url_name=name,
    )


@public
def _root(request: HttpRequest) -> HttpResponse:
    return redirect("api-v1:openapi-view")


def urls() -> tuple[list[Any], str, str]:
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if not isinstance(pattern, URLPattern) or hasattr(pattern.callback, "mukti_access"):
            continue
        if pattern.name == "api-root":
            # The API's own address leads to its reference (django-ninja's answers 404).
            pattern.callback = _root
        else:
            pattern.callback.mukti_access = _marks[str(pattern.pattern)]  # type: ignore[attr-defined]
    return patterns, app_name, namespace


# Pagination: numbered pages in a stable order (every list ends its ordering on a unique key).


class Paging(Schema):
    # Checked in page_of, to answer in the API's words rather than pydantic's.
    page: int = 1
    per_page: int = PER_PAGE


T = TypeVar("T")


def page_of(
    request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], paging: Paging
) -> tuple[list[Any], dict[str, Any]]:
    if not 1 <= paging.page <= MAX_PAGE:
        raise HttpError(400, _("The page number must be from 1 to %(most)d.") % {"most": MAX_PAGE})
    if not 1 <= paging.per_page <= MAX_PER_PAGE:
        raise HttpError(400, _("per_page must be from 1 to %(most)d.") % {"most": MAX_PER_PAGE})
    start = (paging.page - 1) * paging.per_page
    # One row more than the page says whether there is a next one, without counting them all.
    chunk = list(rows[start : start + paging.per_page + 1])

    def link(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    links = {
        "page": paging.page,
        "per_page": paging.per_page,
        "next": link(paging.page + 1) if len(chunk) > paging.per_page else None,
        "previous": link(paging.page - 1) if paging.page > 1 and chunk else None,
    }
    return chunk[: paging.per_page], links


def _ref(obj: Model | None) -> dict[str, Any] | None:
    return None if obj is None else {"id": obj.pk, "name": str(getattr(obj, "name", obj))}


def _person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.username, "name": user.get_full_name()}


def _country(value: Any) -> str:
    return str(getattr(value, "code", value) or "")


def _case_summary(case: Case, survivors: list[str] | None = None) -> dict[str, Any]:
    if survivors is None:  # the list prefetched them with their records
        survivors = [link.survivor.pseudonym for link in case.case_survivors.all()]
    return {
        "reference": case.reference,
        "title": case.title,
        "status": case.status,
        "priority": case.priority,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "offence_date": case.offence_date,
        "district": _ref(case.district),
        "lead": _person(case.lead),
        "survivors": survivors,
        "updated_at": case.updated_at,
        "version": case.version,
    }


def _case_detail(case: Case) -> dict[str, Any]:
    # One query for the survivors with their records, whatever their number.
    survivors = [link.survivor.pseudonym for link in cases.case_survivors(case=case)]
    return _case_summary(case, survivors) | {
        "summary": case.summary,
        "exploitation": list(case.exploitation or []),
        "origin_country": _country(case.origin_country),
        "destination_country": _country(case.destination_country),
        "team": [_person(user) for user in cases.case_team(case=case)],
    }


def _with_etag(response: HttpResponse, version: int) -> HttpResponse:
    response["ETag"] = f'"{version}"'
    return response


def _bound(
    form_class: Callable[..., forms.BaseForm],
    payload: dict[str, Any],
    *,
    instance: Model | None = None,
    **kwargs: Any,
) -> forms.BaseForm:
    """The page's form, bound to the payload: the fields not sent keep the values the page's
    form would show (the record's, or a new one's defaults), so the form checks, and the
    service receives, a whole record."""
    if instance is not None:
        kwargs["instance"] = instance
    shown = form_class(**kwargs)
    data = {name: shown[name].value() for name in shown.fields} | payload
    form = form_class({k: ("" if v is None else v) for k, v in data.items()}, **kwargs)
    if not form.is_valid():
        raise FormInvalid(form)
    return form


def _values(form: forms.BaseForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def _expected_version(request: HttpRequest, body_version: int | None) -> int:
    if body_version is not None:
        return body_version
    match = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', request.headers.get("If-Match", ""))
    if match is None:
        raise HttpError(
            428,
            _(
                "Say which version you are changing: send the version you read, in the "
                "version field or an If-Match header."
            ),
        )
    return int(match.group(1))


# Cases


class CaseQuery(Paging):
    q: str = ""
    status: str = ""
    priority: s.Small | None = None
    member: s.Id | None = None
    district: s.Id | None = None
    opened_from: str = ""
    opened_to: str = ""
    minor: bool = False
    nationality: str = ""
    sort: str = "opened"


def _case_filters(request: HttpRequest, query: CaseQuery) -> cases.CaseFilters:
    """The case list page's reading of its query string (cases.forms.case_filters), with the
    API's names for the two dates."""
    get = request.GET.copy()
    get["from"], get["to"] = query.opened_from, query.opened_to
    page = HttpRequest()
    page.GET = QueryDict(get.urlencode())
    return case_filters(page)


@operation("GET", "/cases", action=Action.CASE_VIEW, response=s.CasePage, name="case-list")
def case_list(request: HttpRequest, query: Query[CaseQuery]) -> dict[str, Any]:
    """The cases you may see, filtered and searched as on the case list page."""
    rows = cases.case_list(actor=actor(request), filters=_case_filters(request, query))
    chunk, links = page_of(request, rows, query)
    return links | {"results": [_case_summary(case) for case in chunk]}


@operation(
    "POST",
    "/cases",
    action=Action.CASE_CREATE,
    write=True,
    response=s.CaseDetail,
    status=201,
    name="case-create",
)
def case_create(request: HttpRequest, payload: s.CaseIn) -> HttpResponse:
    user = actor(request)
    body = payload.dict(exclude_unset=True, exclude={"version"})
    body.setdefault("lead", user.pk)
    form = _bound(CaseForm, body, organisation_id=user.organisation_id)
    case = case_services.case_open(actor=user, **_values(form))
    response = api.create_response(
        request,
        _case_detail(cases.case_get_for_user(user=user, reference=case.reference)),
        status=201,
    )
    response["Location"] = reverse("api-v1:case-detail", args=[case.reference])
    return _with_etag(response, case.version)


@operation(
    "GET", "/cases/{reference}", action=Action.CASE_VIEW, response=s.CaseDetail, name="case-detail"
)
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_of(request)
    response = api.create_response(request, _case_detail(case), status=200)
    return _with_etag(response, case.version)


@operation(
    "PATCH",
    "/cases/{reference}",
    action=Action.CASE_EDIT,
    write=True,
    response=s.CaseDetail,
    name="case-update",
)
def case_update(request: HttpRequest, reference: str, payload: s.CaseIn) -> HttpResponse:
    user, case = actor(request), case_of(request)
    expected = _expected_version(request, payload.version)
    form = _bound(
        CaseForm,
        payload.dict(exclude_unset=True, exclude={"version"}),
        instance=case,
        organisation_id=case.organisation_id,
    )
    saved = case_services.case_update(
        actor=user, case=case, expected_version=expected, **_values(form)
    )
    fresh = cases.case_get_for_user(user=user, reference=saved.reference)
    return _with_etag(api.create_response(request, _case_detail(fresh), status=200), fresh.version)


@operation(
    "POST",
    "/cases/{reference}/status",
    action=Action.CASE_EDIT,
    write=True,
    response=s.CaseDetail,
    name="case-status",
)
def case_status(request: HttpRequest, reference: str, payload: s.StatusIn) -> HttpResponse:
    """Move the case in its lifecycle, as the case page's status form: only the moves the
    lifecycle allows; closing is for supervisors, with a reason, once no survivor is located
    but not rescued; reopening a closed case is a move like the others."""
    user, case = actor(request), case_of(request)
    expected = _expected_version(request, payload.version)
    form = _bound(StatusForm, payload.dict(exclude_unset=True, exclude={"version"}))
    saved = case_services.case_change_status(
        actor=user, case=case, expected_version=expected, status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
    )  # fmt: skip
    fresh = cases.case_get_for_user(user=user, reference=saved.reference)
    return _with_etag(api.create_response(request, _case_detail(fresh), status=200), fresh.version)


# Survivors: the pseudonymous record; the identity only through reveal.


def _survivor(link: CaseSurvivor) -> dict[str, Any]:
    survivor = link.survivor
    adult_on = survivor.adult_on
    return {
        "id": survivor.pk,
        "pseudonym": survivor.pseudonym,
        "gender": survivor.gender,
        "age_years": survivor.age_years,
        "age_estimated": survivor.age_estimated,
        "minor": None if adult_on is None else adult_on > timezone.localdate(),
        "nationality": _country(survivor.nationality),
        "languages": survivor.languages,
        "status": link.status,
        "version": survivor.version,
    }


@operation(
    "GET",
    "/cases/{reference}/survivors",
    action=Action.CASE_VIEW,
    response=s.SurvivorPage,
    name="survivor-list",
)
def survivor_list(request: HttpRequest, reference: str, paging: Query[Paging]) -> dict[str, Any]:
    chunk, links = page_of(request, cases.case_survivors(case=case_of(request)), paging)
    return links | {"results": [_survivor(link) for link in chunk]}


@operation(
    "POST",
    "/cases/{reference}/survivors",
    action=Action.CASE_EDIT,
    write=True,
    response=s.SurvivorWritten,
    status=201,
    name="survivor-add",
)
def survivor_add(request: HttpRequest, reference: str, payload: s.SurvivorIn) -> Any:
    user, case = actor(request), case_of(request)
    form = _bound(SurvivorForm, payload.dict(exclude_unset=True), user=user)
    survivor = case_services.survivor_add(actor=user, case=case, **_values(form))
    link = CaseSurvivor.objects.select_related("survivor").get(case=case, survivor=survivor)
    written = _survivor(link) | {"possible_matches": _possible_matches(user, survivor)}
    return api.create_response(request, written, status=201)


def _possible_matches(user: Any, survivor: Any) -> list[dict[str, Any]]:
    """As the edit page shows them: only records of cases this user may see, none linked yet."""
    return [
        {
            "survivor": match.survivor.pk,
            "pseudonym": match.survivor.pseudonym,
            "cases": [case.reference for case in match.cases],
            "score": round(match.score),
            "reasons": match.reasons,
        }
        for match in names.unlinked_matches(user=user, survivor=survivor)
    ]


@operation(
    "GET",
    "/cases/{reference}/survivors/{survivor_id}",
    action=Action.CASE_VIEW,
    response=s.SurvivorOut,
    name="survivor-detail",
)
def survivor_detail(request: HttpRequest, reference: str, survivor_id: s.Id) -> dict[str, Any]:
    case = case_of(request)
    cases.survivor_get(case=case, survivor_id=survivor_id)
    return _survivor_of(case, survivor_id)


def _survivor_of(case: Case, survivor_id: int) -> dict[str, Any]:
    link = CaseSurvivor.objects.select_related("survivor").get(case=case, survivor_id=survivor_id)
    return _survivor(link)


@operation(
    "PATCH",
    "/cases/{reference}/survivors/{survivor_id}",
    action=Action.CASE_EDIT,
    write=True,
    response=s.SurvivorWritten,
    name="survivor-update",
)
def survivor_update(
    request: HttpRequest, reference: str, survivor_id: s.Id, payload: s.SurvivorUpdate
) -> HttpResponse:
    """Change her pseudonymous record; send the version you read. Health and care needs
    (``pregnant``, ``care_needs``) are for care staff, as on the page."""
    user, case = actor(request), case_of(request)
    survivor = cases.survivor_get(case=case, survivor_id=survivor_id)
    expected = _expected_version(request, payload.version)
    body = payload.dict(exclude_unset=True, exclude={"version"})
    form = _bound(SurvivorForm, body, instance=survivor, user=user)
    # The page leaves the care fields out of a form for those without the right; sent here,
    # they go to the service, which refuses them in the page's words.
    refused = {name: body[name] for name in SURVIVOR_CARE_FIELDS if name in body}
    refused = {name: value for name, value in refused.items() if name not in form.fields}
    saved = case_services.survivor_update(
        actor=user, case=case, survivor=survivor, expected_version=expected,
        **_values(form), **refused,
    )  # fmt: skip
    written = _survivor_of(case, saved.pk) | {"possible_matches": _possible_matches(user, saved)}
    return _with_etag(api.create_response(request, written, status=200), saved.version)


@operation(
    "GET",
    "/cases/{reference}/survivors/{survivor_id}/possible-matches",
    action=Action.CASE_EDIT,
    response=list[s.PossibleMatch],
    name="survivor-possible-matches",
)
def survivor_possible_matches(
    request: HttpRequest, reference: str, survivor_id: s.Id
) -> list[dict[str, Any]]:
    """Records of cases you may see that may be the same woman, not yet linked as her (as the
    survivor's edit page shows them)."""
    case = case_of(request)
    survivor = cases.survivor_get(case=case, survivor_id=survivor_id)
    return _possible_matches(actor(request), survivor)


@operation(
    "POST",
    "/cases/{reference}/survivors/{survivor_id}/same-person",
    action=Action.CASE_EDIT,
    write=True,
    response=s.SamePersonOut,
    status=201,
    name="survivor-same-person",
)
def survivor_same_person(
    request: HttpRequest, reference: str, survivor_id: s.Id, payload: s.SamePersonIn
) -> HttpResponse:
    """Link another record as the same woman (audited), as on the page: both must be records of
    cases you work on; a record you may not see is not found (404). Answers with her records
    across the cases you may see."""
    user, case = actor(request), case_of(request)
    survivor = cases.survivor_get(case=case, survivor_id=survivor_id)
    other = cases.survivor_visible_get(user=user, survivor_id=payload.other)
    case_services.survivor_link_same(actor=user, case=case, survivor=survivor, other=other)
    records = [
        {"survivor": link.survivor_id, "pseudonym": link.survivor.pseudonym,
         "case": link.case.reference, "status": link.status}
        for link in names.same_person_records(user=user, survivor=survivor)
    ]  # fmt: skip
    return api.create_response(request, {"records": records}, status=201)


@operation(
    "POST",
    "/cases/{reference}/survivors/{survivor_id}/status",
    action=Action.CASE_EDIT,
    write=True,
    response=s.SurvivorOut,
    name="survivor-status",
)
def survivor_status(
    request: HttpRequest, reference: str, survivor_id: s.Id, payload: s.SurvivorStatusIn
) -> dict[str, Any]:
    """Say what became of her when no timeline entry says it (moved on, returned home)."""
    case = case_of(request)
    survivor = cases.survivor_get(case=case, survivor_id=survivor_id)
    case_services.survivor_set_status(
        actor=actor(request), case=case, survivor=survivor, status=payload.status
    )
    return _survivor_of(case, survivor.pk)


@operation(
    "POST",
    "/cases/{reference}/survivors/{survivor_id}/reveal",
    action=Action.SURVIVOR_REVEAL,
    write=True,
    response=s.IdentityOut,
    name="survivor-reveal",
)
def survivor_reveal(
    request: HttpRequest, reference: str, survivor_id: s.Id, payload: s.RevealIn
) -> dict[str, Any]:
    """Her protected identity, read with a reason that goes into the audit log (as on the
    page). Needs a read-and-write token."""
    case = case_of(request)
    survivor = cases.survivor_get(case=case, survivor_id=survivor_id)
    form = _bound(RevealForm, payload.dict())
    identity: ProtectedIdentity = case_services.survivor_reveal(
        actor=actor(request), case=case, survivor=survivor, reason=form.cleaned_data["reason"]
    )
    return _identity(survivor.pk, identity)


def _identity(survivor_id: int, identity: ProtectedIdentity) -> dict[str, Any]:
    return {
        "survivor": survivor_id,
        **{
            name: str(getattr(identity, name) or "")
            for name in ("legal_name", "aliases", "family_contacts", "home_address",
                         "identity_documents")
        },
        "version": identity.version,
    }  # fmt: skip


@operation(
    "PATCH",
    "/cases/{reference}/survivors/{survivor_id}/identity",
    action=Action.SURVIVOR_REVEAL,
    write=True,
    response=s.IdentityWritten,
    name="survivor-identity-update",
)
def survivor_identity_update(
    request: HttpRequest, reference: str, survivor_id: s.Id, payload: s.IdentityUpdate
) -> dict[str, Any]:
    """Correct her protected identity, as on the reveal page: within 30 minutes of your own
    reveal, with its reason and the identity's version. Audited with its reason."""
    case = case_of(request)
    survivor = cases.survivor_get(case=case, survivor_id=survivor_id)
    expected = _expected_version(request, payload.version)
    # Bound to what was sent only: a field left out is kept (not emptied).
    sent = payload.dict(exclude_unset=True, exclude={"version"})
    form = IdentityEditForm({k: ("" if v is None else v) for k, v in sent.items()})
    if not form.is_valid():
        raise FormInvalid(form)
    values = form.edit_values() | {"expected_version": expected}
    identity = case_services.survivor_identity_update(
        actor=actor(request), case=case, survivor=survivor, **values
    )
    matches = _possible_matches(actor(request), survivor)
    return _identity(survivor.pk, identity) | {"possible_matches": matches}


# The timeline


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "type": event.type,
        "occurred_at": event.occurred_at,
        "precision": event.precision,
        "outcome": event.outcome,
        "place": _ref(event.place),
        "actor_official": _ref(event.actor_official),
        "actor_office": _ref(event.actor_office),
        "survivors": [person.pk for person in getattr(event, "people", [])],
        "note": event.note,
    }


class EventQuery(Paging):
    type: str = ""


@operation(
    "GET",
    "/cases/{reference}/events",
    action=Action.CASE_VIEW,
    response=s.EventPage,
    name="event-list",
)
def event_list(request: HttpRequest, reference: str, query: Query[EventQuery]) -> dict[str, Any]:
    """The case's timeline in date order (unknown dates last), the kinds you may see."""
    # As the case page reads its filter: an unknown kind filters nothing.
    kind = query.type if query.type in EventType.values else ""
    case = case_of(request)
    chunk, links = page_of(
        request, cases.event_list(case=case, user=actor(request), type=kind), query
    )
    cases.attach_people(chunk, case, page=True)
    return links | {"results": [_event(event) for event in chunk]}


@operation(
    "POST",
    "/cases/{reference}/events",
    action=Action.CASE_EDIT,
    write=True,
    response=s.EventOut,
    status=201,
    name="event-create",
)
def event_create(request: HttpRequest, reference: str, payload: s.EventIn) -> HttpResponse:
    user, case = actor(request), case_of(request)
    form = _bound(EventForm, payload.dict(exclude_unset=True), case=case, user=user)
    event = case_services.event_record(actor=user, case=case, **_values(form))
    event.people = list(event.survivors.all())  # type: ignore[attr-defined]
    return api.create_response(request, _event(event), status=201)


# Sightings


def _sighting(sighting: Sighting) -> dict[str, Any]:
    event = sighting.event
    return {
        "id": sighting.pk,
        "event": event.pk,
        "survivor": sighting.survivor_id,
        "pseudonym": sighting.survivor.pseudonym,
        "occurred_at": event.occurred_at,
        "precision": event.precision,
        "place": _ref(sighting.place),
        "address": sighting.address,
        "latitude": None if sighting.latitude is None else float(sighting.latitude),
        "longitude": None if sighting.longitude is None else float(sighting.longitude),
        "source": sighting.source,
        "confidence": sighting.confidence,
    }


@operation(
    "GET",
    "/cases/{reference}/sightings",
    action=Action.CASE_VIEW,
    response=s.SightingPage,
    name="sighting-list",
)
def sighting_list(request: HttpRequest, reference: str, paging: Query[Paging]) -> dict[str, Any]:
    """Where the case's survivors were seen or held, newest first."""
    rows = cases.case_sightings(case=case_of(request), user=actor(request))
    chunk, links = page_of(request, rows, paging)
    return links | {"results": [_sighting(sighting) for sighting in chunk]}


@operation(
    "POST",
    "/cases/{reference}/sightings",
    action=Action.CASE_EDIT,
    write=True,
    response=s.SightingOut,
    status=201,
    name="sighting-create",
)
def sighting_create(request: HttpRequest, reference: str, payload: s.SightingIn) -> HttpResponse:
    """Record where a survivor was seen (a "location identified" entry on the timeline)."""
    user, case = actor(request), case_of(request)
    form = _bound(SightingForm, payload.dict(exclude_unset=True), case=case)
    sighting = case_services.sighting_record(actor=user, case=case, **form.cleaned_data)
    return api.create_response(request, _sighting(sighting), status=201)


# Rescue: escalations, operations and their attempts


@operation(
    "GET",
    "/cases/{reference}/escalations",
    action=Action.CASE_VIEW,
    response=list[s.EscalationOut],
    name="escalation-list",
)
def escalation_list(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """Each escalation chain of the case, hop by hop, following referrals."""
    return _escalations(case_of(request))


def _escalations(case: Case) -> list[dict[str, Any]]:
    return [
        {
            "id": hop.engagement.pk,
            "chain": number,
            "previous": hop.engagement.previous_id,
            "office": _ref(hop.engagement.office),
            "official": _ref(hop.engagement.official),
            "who": hop.engagement.who,
            "mode": hop.engagement.mode,
            "request": hop.engagement.request,
            "asked_at": hop.engagement.event.occurred_at,
            "answer": hop.engagement.answer,
            "answered_at": hop.engagement.answered_at,
            "deferred_until": hop.engagement.deferred_until,
            "referred_to_office": _ref(hop.engagement.referred_to_office),
            "minutes_to_answer": hop.minutes_waited,
        }
        for number, chain in enumerate(rescue.case_chains(case=case), start=1)
        for hop in chain.hops
    ]


def _escalation(case: Case, engagement_id: int) -> dict[str, Any]:
    return next(row for row in _escalations(case) if row["id"] == engagement_id)


@operation(
    "POST",
    "/cases/{reference}/escalations",
    action=Action.CASE_EDIT,
    write=True,
    response=s.EscalationOut,
    status=201,
    name="escalation-create",
)
def escalation_create(request: HttpRequest, reference: str, payload: s.EscalationIn) -> Any:
    """We went to an authority: a hop of a chain (``previous``: after a referral)."""
    user, case = actor(request), case_of(request)
    form = _bound(
        EngagementForm, payload.dict(exclude_unset=True) | {"mode": payload.mode}, case=case
    )
    values = {k: v for k, v in form.cleaned_data.items() if k != "previous"}
    previous = None
    if form.cleaned_data["previous"] is not None:
        previous = rescue.engagement_get(case=case, engagement_id=form.cleaned_data["previous"])
    made = rescue_services.engagement_record(actor=user, case=case, previous=previous, **values)
    return api.create_response(request, _escalation(case, made.pk), status=201)


@operation(
    "POST",
    "/cases/{reference}/escalations/{engagement_id}/answer",
    action=Action.CASE_EDIT,
    write=True,
    response=s.EscalationOut,
    name="escalation-answer",
)
def escalation_answer(
    request: HttpRequest, reference: str, engagement_id: s.Id, payload: s.AnswerIn
) -> dict[str, Any]:
    """What the authority answered; send the version you read, as for any change."""
    case = case_of(request)
    engagement = rescue.engagement_get(case=case, engagement_id=engagement_id)
    expected = _expected_version(request, payload.version)
    form = _bound(AnswerForm, payload.dict(exclude_unset=True, exclude={"version"}))
    rescue_services.engagement_answer(
        actor=actor(request), engagement=engagement, expected_version=expected,
        **_values(form),
    )  # fmt: skip
    return _escalation(case, engagement.pk)


def _attempt(attempt: Attempt) -> dict[str, Any]:
    event = attempt.event
    out = list(attempt.brought_out.all())
    return {
        "id": attempt.pk,
        "operation": attempt.operation_id,
        "event": event.pk,
        "occurred_at": event.occurred_at,
        "precision": event.precision,
        "outcome": event.outcome,
        "people_brought_out": attempt.people_brought_out,
        "survivors_out": [person.survivor_id for person in out if person.survivor_id],
        "others_out": [person.description for person in out if not person.survivor_id],
        "what_followed": attempt.what_followed,
        "version": event.version,
    }


def _operation(op: Operation) -> dict[str, Any]:
    return {
        "id": op.pk,
        "status": op.status,
        "planned_for": op.planned_for,
        "target_place": _ref(op.target_place),
        "target_address": op.target_address,
        "lead_office": _ref(op.lead_office),
        "lead_official": _ref(op.lead_official),
        "survivors_sought": [survivor.pk for survivor in op.survivors_sought.all()],
        "ngo_staff": [user.pk for user in op.ngo_staff.all()],
        "risk_notes": op.risk_notes,
        "cancel_reason": op.cancel_reason,
        "attempts": [_attempt(attempt) for attempt in op.attempts.all()],
        "version": op.version,
    }


def _operation_of(case: Case, operation_id: int) -> dict[str, Any]:
    return next(_operation(op) for op in rescue.case_operations(case=case) if op.pk == operation_id)


@operation(
    "GET",
    "/cases/{reference}/operations",
    action=Action.CASE_VIEW,
    response=list[s.OperationOut],
    name="operation-list",
)
def operation_list(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """The case's rescue operations, in the order planned, with their attempts."""
    return [_operation(op) for op in rescue.case_operations(case=case_of(request))]


@operation(
    "POST",
    "/cases/{reference}/operations",
    action=Action.CASE_EDIT,
    write=True,
    response=s.OperationOut,
    status=201,
    name="operation-create",
)
def operation_create(request: HttpRequest, reference: str, payload: s.OperationIn) -> Any:
    """Plan a rescue operation with the police (``target_place``, ``lead_office`` and
    ``planned_for`` are needed); our staff present are you unless ``ngo_staff`` says."""
    user, case = actor(request), case_of(request)
    body = payload.dict(exclude_unset=True, exclude={"version"})
    form = _bound(OperationForm, body, case=case, initial={"ngo_staff": [user.pk]})
    made = rescue_services.operation_plan(actor=user, case=case, **form.cleaned_data)
    response = api.create_response(request, _operation_of(case, made.pk), status=201)
    response["Location"] = reverse("api-v1:operation-detail", args=[case.reference, made.pk])
    return _with_etag(response, made.version)


@operation(
    "GET",
    "/cases/{reference}/operations/{operation_id}",
    action=Action.CASE_VIEW,
    response=s.OperationOut,
    name="operation-detail",
)
def operation_detail(request: HttpRequest, reference: str, operation_id: s.Id) -> HttpResponse:
    """One rescue operation with its attempts, and its version (also as ETag)."""
    body = _operation_of(case_of(request), operation_id)
    return _with_etag(api.create_response(request, body, status=200), body["version"])


@operation(
    "PATCH",
    "/cases/{reference}/operations/{operation_id}",
    action=Action.CASE_EDIT,
    write=True,
    response=s.OperationOut,
    name="operation-update",
)
def operation_update(
    request: HttpRequest, reference: str, operation_id: s.Id, payload: s.OperationIn
) -> HttpResponse:
    """Correct a planned operation (not a cancelled one); send the version you read. Its
    attempts' entries on the timeline follow its place and police unit."""
    user, case = actor(request), case_of(request)
    op = rescue.operation_get(case=case, operation_id=operation_id)
    expected = _expected_version(request, payload.version)
    initial = {
        "target_place": op.target_place_id, "target_address": op.target_address,
        "survivors_sought": list(op.survivors_sought.values_list("pk", flat=True)),
        "lead_office": op.lead_office_id, "lead_official": op.lead_official_id,
        "ngo_staff": list(op.ngo_staff.values_list("pk", flat=True)),
        "planned_for": timezone.localtime(op.planned_for), "risk_notes": op.risk_notes,
    }  # fmt: skip
    body = payload.dict(exclude_unset=True, exclude={"version"})
    form = _bound(OperationEditForm, body, case=case, initial=initial)
    saved = rescue_services.operation_update(
        actor=user, operation=op, expected_version=expected, **_values(form)
    )
    return _with_etag(
        api.create_response(request, _operation_of(case, saved.pk), status=200), saved.version
    )


@operation(
    "POST",
    "/cases/{reference}/operations/{operation_id}/cancel",
    action=Action.CASE_EDIT,
    write=True,
    response=s.OperationOut,
    name="operation-cancel",
)
def operation_cancel(
    request: HttpRequest, reference: str, operation_id: s.Id, payload: s.OperationCancelIn
) -> HttpResponse:
    """Call the operation off, saying why: it stays on the case, marked cancelled, with an
    entry on the timeline. One that brought people out cannot be cancelled."""
    user, case = actor(request), case_of(request)
    op = rescue.operation_get(case=case, operation_id=operation_id)
    expected = _expected_version(request, payload.version)
    now = timezone.localtime().strftime("%d %b %Y %H:%M")
    body = payload.dict(exclude_unset=True, exclude={"version"})
    form = _bound(OperationCancelForm, body, initial={"when": now})
    saved = rescue_services.operation_cancel(
        actor=user, operation=op, expected_version=expected, **_values(form)
    )
    return _with_etag(
        api.create_response(request, _operation_of(case, saved.pk), status=200), saved.version
    )


@operation(
    "POST",
    "/cases/{reference}/operations/{operation_id}/attempts",
    action=Action.CASE_EDIT,
    write=True,
    response=s.AttemptOut,
    status=201,
    name="attempt-create",
)
def attempt_create(
    request: HttpRequest, reference: str, operation_id: s.Id, payload: s.AttemptIn
) -> HttpResponse:
    """Record a try at the rescue: failed (``target_absent``, ``hidden``, ``aborted``: the
    case becomes urgent) or ``rescued``, naming each survivor of the case brought out and
    describing each other person, so that the count adds up."""
    user, case = actor(request), case_of(request)
    op = rescue.operation_get(case=case, operation_id=operation_id)
    body = payload.dict(exclude_unset=True)
    if "others_out" in body:
        body["others_out"] = "\n".join(body["others_out"] or [])
    form = _bound(AttemptForm, body, case=case)
    assert isinstance(form, AttemptForm)
    made = rescue_services.attempt_record(actor=user, operation=op, **form.service_values())
    return api.create_response(request, _attempt_of(case, made.pk), status=201)


def _attempt_of(case: Case, attempt_id: int) -> dict[str, Any]:
    return next(
        _attempt(attempt)
        for op in rescue.case_operations(case=case)
        for attempt in op.attempts.all()
        if attempt.pk == attempt_id
    )


@operation(
    "PATCH",
    "/cases/{reference}/attempts/{attempt_id}",
    action=Action.CASE_EDIT,
    write=True,
    response=s.AttemptOut,
    name="attempt-update",
)
def attempt_update(
    request: HttpRequest, reference: str, attempt_id: s.Id, payload: s.AttemptUpdate
) -> HttpResponse:
    """Correct when an attempt was made, how it failed, or what followed; send the version
    you read. A failed attempt cannot become a rescue here, nor a rescue a failure."""
    user, case = actor(request), case_of(request)
    attempt = rescue.attempt_get(case=case, attempt_id=attempt_id)
    event = attempt.event
    expected = _expected_version(request, payload.version)
    initial = {"when": event.when, "outcome": event.outcome, "what_followed": attempt.what_followed}
    body = payload.dict(exclude_unset=True, exclude={"version"})
    form = _bound(AttemptEditForm, body, initial=initial)
    rescue_services.attempt_update(
        actor=user, attempt=attempt, expected_version=expected, **_values(form)
    )
    fresh = _attempt_of(case, attempt.pk)
    return _with_etag(api.create_response(request, fresh, status=200), fresh["version"])


# Care and justice: the records their pages add, through the same forms and services, for
# the side of the work each role does (``case_get_for_side``: a legal officer of the team does
# not see the care side, an aftercare officer not the justice side).

# The "record" buttons of the care and justice pages: their forms and services (kept equal
# to the pages' lists by mukti/api/tests/test_care_justice.py).
CARE_RECORDS: dict[str, tuple[type[forms.Form], Callable[..., Any]]] = {
    "medical": (care_forms.MedicalForm, care_services.medical_record),
    "placement": (care_forms.PlacementForm, care_services.placement_start),
    "service": (care_forms.ServiceForm, care_services.service_record),
    "follow-up": (care_forms.FollowUpForm, care_services.follow_up_record),
    "goal": (care_forms.GoalForm, care_services.goal_add),
    "assessment": (care_forms.AssessmentForm, care_services.assessment_record),
    "repatriation": (care_forms.RepatriationForm, care_services.repatriation_open),
    "consent": (care_forms.ConsentForm, care_services.consent_record),
}
JUSTICE_RECORDS: dict[str, tuple[type[forms.Form], Callable[..., Any]]] = {
    "fir": (justice_forms.FirForm, justice_services.fir_register),
    "arrest": (justice_forms.ArrestForm, justice_services.arrest_record),
    "bail": (justice_forms.BailForm, justice_services.bail_record),
    "evidence": (justice_forms.EvidenceForm, justice_services.evidence_seize),
    "chargesheet": (justice_forms.ChargesheetForm, justice_services.chargesheet_file),
    "hearing": (justice_forms.HearingForm, justice_services.hearing_record),
    "testimony": (justice_forms.TestimonyForm, justice_services.testimony_record),
    "judgement": (justice_forms.JudgementForm, justice_services.judgement_record),
    "compensation": (justice_forms.CompensationForm, justice_services.compensation_award),
}
# Who made and changed a record is in the audit log; the case is in the address.
_NOT_SHOWN = frozenset({"case", "created_by", "updated_by"})


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    if isinstance(value, dt.date):  # a datetime too
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return None  # a photo or a file: not in JSON
    return str(value)


def _record(obj: Model) -> dict[str, Any]:
    """A record's stored fields (links as ids), as its page shows them to this side."""
    return {
        field.name: _plain(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in _NOT_SHOWN
    }


def _side_record(
    request: HttpRequest,
    kind: str,
    records: dict[str, tuple[type[forms.Form], Any]],
    body: dict[str, Any],
) -> HttpResponse:
    if kind not in records:
        raise Http404
    user, case = actor(request), case_of(request)
    form_class, service = records[kind]
    form = _bound(form_class, body, case=case)
    made = service(actor=user, case=case, **form_values(form))  # type: ignore[arg-type]
    out = {"kind": kind, "id": made.pk, "record": _record(made)}
    return api.create_response(request, out, status=201)


@operation(
    "GET", "/cases/{reference}/care", action=Action.CARE_VIEW, response=list[s.SurvivorCareOut],
    name="care-detail",
)  # fmt: skip
def care_detail(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """Each survivor's care, as on the care page: stays, medical care, services, follow-up
    visits, goals, assessments, repatriations and consents. Read as the page is: audited."""
    user, case = actor(request), case_of(request)
    read_record(actor=user, obj=case, page="care", label=_("care page (API)"))
    kinds = ("placements", "medical", "services", "follow_ups", "goals", "assessments",
             "repatriations", "consents")  # fmt: skip
    return [
        {"survivor": row.survivor.pk, "pseudonym": row.survivor.pseudonym}
        | {kind: [_record(obj) for obj in getattr(row, kind)] for kind in kinds}
        for row in care_selectors.case_care(case=case)
    ]


@operation(
    "POST",
    "/cases/{reference}/care/{kind}",
    action=Action.CARE_EDIT,
    write=True,
    response=s.RecordOut,
    status=201,
    name="care-record",
)
def care_record(
    request: HttpRequest, reference: str, kind: s.CareKind, payload: s.RecordIn
) -> HttpResponse:
    """Add a care record of the kind named: the care page's form for it, by field name."""
    return _side_record(request, kind, CARE_RECORDS, payload.model_dump(exclude_unset=True))


@operation(
    "GET", "/cases/{reference}/justice", action=Action.JUSTICE_VIEW, response=s.JusticeOut,
    name="justice-detail",
)  # fmt: skip
def justice_detail(request: HttpRequest, reference: str) -> dict[str, Any]:
    """The case's legal file, as on the justice page: FIRs, chargesheets, the accused with
    their arrests and bail, evidence with its custody, hearings, testimonies, judgements and
    compensation. Read as the page is: audited."""
    user, case = actor(request), case_of(request)
    read_record(actor=user, obj=case, page="justice", label=_("justice page (API)"))
    file = justice_selectors.justice_file(case=case, user=user)
    return {
        "firs": [_record(fir) for fir in file.firs],
        "chargesheets": [_record(sheet) for sheet in file.chargesheets],
        "accused": [
            _record(row.link.accused) | {
                "role": _plain(getattr(row.link, "role", None)),
                "arrests": [_record(arrest) for arrest in row.arrests],
                "bails": [_record(bail) for bail in row.bails],
                "also_accused_in": list(row.elsewhere),
            }
            for row in file.accused
        ],
        "evidence": [_record(row.item) for row in file.evidence],
        "hearings": [_record(hearing) for hearing in file.hearings],
        "testimonies": [_record(testimony) for testimony in file.testimonies],
        "judgements": [_record(judgement) for judgement in file.judgements],
        "compensations": [_record(award) for award in file.compensations],
    }  # fmt: skip


@operation(
    "POST",
    "/cases/{reference}/justice/{record}",
    action=Action.JUSTICE_EDIT,
    write=True,
    response=s.RecordOut,
    status=201,
    name="justice-record",
)
def justice_record(
    request: HttpRequest, reference: str, record: s.JusticeKind, payload: s.RecordIn
) -> HttpResponse:
    """Add a legal record of the kind named: the justice page's form for it, by field name."""
    return _side_record(request, record, JUSTICE_RECORDS, payload.model_dump(exclude_unset=True))


# Clocks


@operation(
    "GET",
    "/cases/{reference}/clocks",
    action=Action.CASE_VIEW,
    response=list[s.ClockOut],
    name="clock-list",
)
def clock_list(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    """The case's legal and operational clocks on your side of the work, soonest first."""
    rows = deadlines.case_clocks(case=case_of(request), user=actor(request))
    return [
        {
            "id": row.clock.pk,
            "rule": row.clock.rule,
            "title": str(row.rule.title),
            "basis": row.basis,
            "survivor": row.clock.survivor.pseudonym if row.clock.survivor else None,
            "started_at": row.clock.started_at,
            "due_at": row.clock.due_at,
            "satisfied_at": row.clock.satisfied_at,
        }
        for row in rows
    ]


# The directory


class DirectoryQuery(Paging):
    q: str = Field("", description="Words in the name (of the office or official, or their place).")


@operation(
    "GET",
    "/directory/jurisdictions",
    action=Action.DIRECTORY_VIEW,
    response=s.JurisdictionPage,
    name="jurisdiction-list",
)
def jurisdiction_list(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    rows: QuerySet[Jurisdiction] = directory.jurisdiction_choices().order_by("kind", "name", "id")
    if text := query_text(request, "q"):
        rows = rows.filter(name__icontains=text)
    chunk, links = page_of(request, rows, query)
    results = [{"id": j.pk, "name": j.name, "kind": j.kind, "parent": j.parent_id} for j in chunk]
    return links | {"results": results}


@operation(
    "GET",
    "/directory/offices",
    action=Action.DIRECTORY_VIEW,
    response=s.OfficePage,
    name="office-list",
)
def office_list(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    rows: QuerySet[Office] = directory.office_list(
        actor=actor(request), query=query_text(request, "q")
    )
    chunk, links = page_of(request, rows.order_by("name", "id"), query)
    results = [
        {"id": o.pk, "name": o.name, "kind": o.kind, "jurisdiction": _ref(o.jurisdiction),
         "parent": o.parent_id}
        for o in chunk
    ]  # fmt: skip
    return links | {"results": results}


@operation(
    "GET",
    "/directory/officials",
    action=Action.DIRECTORY_VIEW,
    response=s.OfficialPage,
    name="official-list",
)
def official_list(request: HttpRequest, query: Query[DirectoryQuery]) -> dict[str, Any]:
    rows: QuerySet[Official] = directory.official_list(
        actor=actor(request), query=query_text(request, "q")
    )
    chunk, links = page_of(request, rows.order_by("name", "id"), query)
    results = [
        {"id": o.pk, "name": o.name, "rank": o.rank, "designation": o.designation,
         "office": _ref(o.office)}
        for o in chunk
    ]  # fmt: skip
    return links | {"results": results}


# Directory writes, for the roles the directory's pages let write (``directory.edit``);
# deleting is for those with ``directory.delete``. The directory is shared by every
# organisation, as on the pages.


def _office(o: Office) -> dict[str, Any]:
    return {
        "id": o.pk, "name": o.name, "kind": o.kind, "jurisdiction": _ref(o.jurisdiction),
        "parent": o.parent_id, "address": o.address, "phones": list(o.phones or []),
        "email": o.email, "capacity": o.capacity, "notes": o.notes, "version": o.version,
    }  # fmt: skip


def _official(o: Official) -> dict[str, Any]:
    return {
        "id": o.pk, "name": o.name, "rank": o.rank, "designation": o.designation,
        "office": _ref(o.office), "phones": list(o.phones or []), "email": o.email,
        "tenure_start": o.tenure_start, "tenure_end": o.tenure_end, "notes": o.notes,
        "version": o.version,
    }  # fmt: skip


def _phones_as_typed(body: dict[str, Any]) -> dict[str, Any]:
    # The page's phones field takes one number per line.
    if "phones" in body:
        body["phones"] = "\n".join(body["phones"] or [])
    return body


@operation(
    "GET",
    "/directory/offices/{office_id}",
    action=Action.DIRECTORY_VIEW,
    response=s.OfficeDetail,
    name="office-detail",
)
def office_detail(request: HttpRequest, office_id: s.Id) -> HttpResponse:
    office = directory.office_get(actor=actor(request), office_id=office_id)
    return _with_etag(api.create_response(request, _office(office), status=200), office.version)


@operation(
    "POST",
    "/directory/offices",
    action=Action.DIRECTORY_EDIT,
    write=True,
    response=s.OfficeDetail,
    status=201,
    name="office-create",
)
def office_create(request: HttpRequest, payload: s.OfficeIn) -> HttpResponse:
    """Add an office (``name``, ``kind`` and ``jurisdiction`` are needed), placed as the page
    checks it: a police station inside its district, reporting to an office whose area holds
    it."""
    body = _phones_as_typed(payload.dict(exclude_unset=True, exclude={"version"}))
    form = _bound(OfficeForm, body)
    assert isinstance(form, OfficeForm)
    made = directory_services.office_create(actor=actor(request), **form.service_values())
    response = api.create_response(request, _office(made), status=201)
    response["Location"] = reverse("api-v1:office-detail", args=[made.pk])
    return _with_etag(response, made.version)


@operation(
    "PATCH",
    "/directory/offices/{office_id}",
    action=Action.DIRECTORY_EDIT,
    write=True,
    response=s.OfficeDetail,
    name="office-update",
)
def office_update(request: HttpRequest, office_id: s.Id, payload: s.OfficeIn) -> HttpResponse:
    """Change an office; send the version you read."""
    user = actor(request)
    office = directory.office_get(actor=user, office_id=office_id)
    expected = _expected_version(request, payload.version)
    body = _phones_as_typed(payload.dict(exclude_unset=True, exclude={"version"}))
    form = _bound(OfficeForm, body, instance=office)
    assert isinstance(form, OfficeForm)
    saved = directory_services.office_update(
        actor=user, office=office, expected_version=expected, **form.service_values()
    )
    fresh = directory.office_get(actor=user, office_id=saved.pk)
    return _with_etag(api.create_response(request, _office(fresh), status=200), fresh.version)


@operation(
    "GET",
    "/directory/officials/{official_id}",
    action=Action.DIRECTORY_VIEW,
    response=s.OfficialDetail,
    name="official-detail",
)
def official_detail(request: HttpRequest, official_id: s.Id) -> HttpResponse:
    official = directory.official_get(actor=actor(request), official_id=official_id)
    response = api.create_response(request, _official(official), status=200)
    return _with_etag(response, official.version)


@operation(
    "POST",
    "/directory/officials",
    action=Action.DIRECTORY_EDIT,
    write=True,
    response=s.OfficialDetail,
    status=201,
    name="official-create",
)
def official_create(request: HttpRequest, payload: s.OfficialIn) -> HttpResponse:
    """Add an official (``name``, ``rank`` and ``office`` are needed)."""
    body = _phones_as_typed(payload.dict(exclude_unset=True, exclude={"version"}))
    form = _bound(OfficialForm, body)
    assert isinstance(form, OfficialForm)
    made = directory_services.official_create(actor=actor(request), **form.service_values())
    fresh = directory.official_get(actor=actor(request), official_id=made.pk)
    response = api.create_response(request, _official(fresh), status=201)
    response["Location"] = reverse("api-v1:official-detail", args=[made.pk])
    return _with_etag(response, made.version)


@operation(
    "PATCH",
    "/directory/officials/{official_id}",
    action=Action.DIRECTORY_EDIT,
    write=True,
    response=s.OfficialDetail,
    name="official-update",
)
def official_update(request: HttpRequest, official_id: s.Id, payload: s.OfficialIn) -> HttpResponse:
    """Change an official (a transfer, a new number, the end of a tenure); send the version
    you read."""
    user = actor(request)
    official = directory.official_get(actor=user, official_id=official_id)
    expected = _expected_version(request, payload.version)
    body = _phones_as_typed(payload.dict(exclude_unset=True, exclude={"version"}))
    form = _bound(OfficialForm, body, instance=official)
    assert isinstance(form, OfficialForm)
    saved = directory_services.official_update(
        actor=user, official=official, expected_version=expected, **form.service_values()
    )
    fresh = directory.official_get(actor=user, official_id=saved.pk)
    return _with_etag(api.create_response(request, _official(fresh), status=200), fresh.version)


# Narrative extraction


_extractor: Extractor | None = None


@operation(
    "POST",
    "/extract",
    action=Action.CASE_CREATE,
    response=s.Extracted,
    name="extract",
)
def extract(request: HttpRequest, payload: s.ExtractIn) -> dict[str, Any]:
    """What `mukti extract` prints for this text: events with dates, survivors, places and
    officials. Saves nothing (so a read-only token may use it)."""
    global _extractor
    if _extractor is None:
        _extractor = Extractor()  # loads its word lists once per process
    return _extractor.extract(payload.text, reference_date=payload.reference_date, source="api")
