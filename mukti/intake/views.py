"""Pages of the intake flow: paste or upload, review with the text beside, confirm or discard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import Action, requires
from mukti.cases.selectors import case_get_for_user
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.intake import selectors, services
from mukti.intake.forms import (
    CaseFactsForm,
    ConfirmForm,
    DraftNewForm,
    EventItemForm,
    ItemAddForm,
    SourceRevealForm,
    VersionForm,
    VictimItemForm,
)
from mukti.intake.highlight import highlight
from mukti.intake.models import Draft, DraftStatus

EventFormSet = formset_factory(EventItemForm, extra=0)
VictimFormSet = formset_factory(VictimItemForm, extra=0)


@requires(Action.CASE_CREATE)
def draft_list(request: AuthedRequest) -> HttpResponse:
    drafts = selectors.drafts_for_user(user=request.user)
    return render(request, "intake/draft_list.html", {"drafts": drafts})


@requires(Action.CASE_CREATE)
def draft_new(request: AuthedRequest) -> HttpResponse:
    form = DraftNewForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = save_or_report(
            form,
            lambda: services.draft_create(
                actor=request.user,
                text=data["text"],
                filename=data["filename"],
                reference_date=data.get("reference_date"),
            ),
        )
        if draft is not None:
            found = len(draft.items.get("events", []))
            messages.success(
                request, _("Read %(n)s events. Check them against the text.") % {"n": found}
            )
            return redirect(draft)
    return render(request, "intake/draft_new.html", {"form": form})


def _choices(draft: Draft) -> tuple[list[tuple[str, str]], list[tuple[str, str]], dict[str, Any]]:
    suggestions = selectors.directory_suggestions(items=draft.items)
    places: dict[str, str] = {}
    officials: dict[str, str] = {}
    for key, options in suggestions.items():
        target = places if key.startswith("place:") else officials
        for option in options:
            target.setdefault(option.value, option.label)
    return list(places.items()), list(officials.items()), suggestions


@dataclass
class _Rows:
    """The review page's rows of events and survivors as posted, with whichever button."""

    events: Any
    victims: Any
    facts: Any
    posted: bool

    @property
    def valid(self) -> bool:
        facts = self.facts is None or self.facts.is_valid()
        return not self.posted or all([self.events.is_valid(), self.victims.is_valid(), facts])

    @property
    def forms(self) -> dict[str, Any]:
        if not self.posted:
            return {}
        forms = {"events": self.events, "victims": self.victims}
        return forms | ({"facts": self.facts} if self.facts is not None else {})

    def save(self, actor: Any, draft: Draft, version: int) -> tuple[Draft, int]:
        """Save the corrections (when posted); the draft and version to go on from."""
        if not self.posted:
            return draft, version
        draft = services.draft_items_update(
            actor=actor,
            draft=draft,
            expected_version=version,
            events=[f.cleaned_data for f in self.events.forms],
            victims=[f.cleaned_data for f in self.victims.forms],
            case=self.facts.cleaned_data if self.facts is not None else None,
        )
        return draft, draft.version


def _posted_rows(request: HttpRequest, draft: Draft, *, always: bool = False) -> _Rows:
    """The rows as posted: by the corrections button ``always``, by the others when the page
    sent them along."""
    places, officials, _suggestions = _choices(draft)
    posted = always or "events-TOTAL_FORMS" in request.POST
    data = request.POST if posted else None
    kwargs = {"places": places, "officials": officials}
    return _Rows(
        EventFormSet(data, prefix="events", form_kwargs=kwargs),
        VictimFormSet(data, prefix="victims"),
        # Only from a page that showed them: a post without them keeps the facts as read.
        CaseFactsForm(data, prefix="case") if data and "case-status" in data else None,
        posted,
    )


def _review_context(request: HttpRequest, draft: Draft, **forms: Any) -> dict[str, Any]:
    places, officials, suggestions = _choices(draft)
    items = draft.items
    kwargs = {"places": places, "officials": officials}
    events = forms.get("events") or EventFormSet(
        prefix="events", initial=items.get("events", []), form_kwargs=kwargs
    )
    victims = forms.get("victims") or VictimFormSet(
        prefix="victims", initial=items.get("victims", [])
    )
    facts = items.get("case") or {}
    facts_form = forms.get("facts") or CaseFactsForm(
        prefix="case",
        initial={k: facts.get(k) for k in ("exploitation", "minor", "status")},
    )
    trafficked = next((e for e in items.get("events", []) if e["type"] == "trafficked"), None)
    offence = trafficked["date"] if trafficked and len(trafficked.get("date") or "") == 10 else None
    confirm = forms.get("confirm") or ConfirmForm(
        prefix="confirm", initial={"version": draft.version, "offence_date": offence}
    )
    # Who each survivor may already be, as typed on this page if it was posted (so that what
    # is shown is what a confirmation would save), else as the draft holds her.
    typed = victims.is_bound and victims.is_valid()
    people = [f.cleaned_data for f in victims.forms] if typed else items.get("victims", [])
    matches = (
        selectors.victim_matches(user=request.user, victims=people)  # type: ignore[arg-type]
        if draft.status == DraftStatus.OPEN
        else []
    )
    empty: list[list[Any]] = [[] for _person in people]
    return {
        "draft": draft,
        "narrative": highlight(draft.text, items),
        "events": events,
        "event_items": list(zip(events.forms, items.get("events", []), strict=False)),
        "victims": victims,
        "victim_items": list(
            zip(victims.forms, items.get("victims", []), matches or empty, strict=False)
        ),
        "matches_seen": selectors.matches_seen(matches),
        "add_form": forms.get("add")
        or ItemAddForm(prefix="add", initial={"version": draft.version}),
        "confirm_form": confirm,
        "facts_form": facts_form,
        "facts_read": _facts_read(draft.text, facts.get("read") or {}),
        "places_found": [
            (place, suggestions.get(f"place:{place['name']}", []))
            for place in items.get("places", [])
        ],
        "officials_found": [
            (official, suggestions.get(f"official:{official['title']}", []))
            for official in items.get("officials", [])
        ],
        "editable": draft.status == DraftStatus.OPEN,
    }


def _facts_read(text: str, read: dict[str, Any]) -> list[dict[str, str]]:
    """Why the draft proposes each case fact: the rule and the words it was read from."""
    lines = []
    for fact in [*read.get("exploitation", []), read.get("minor"), read.get("status")]:
        if fact and fact.get("rule"):
            span = fact.get("span") or [0, 0]
            words = text[span[0] : span[1]] if span[1] - span[0] <= 80 else ""
            lines.append({"rule": fact["rule"], "words": " ".join(words.split())})
    return lines


@requires(Action.CASE_CREATE)
def draft_detail(request: AuthedRequest, draft_id: int) -> HttpResponse:
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    return render(request, "intake/draft_detail.html", _review_context(request, draft))


@require_POST
@requires(Action.CASE_CREATE)
def draft_items(request: AuthedRequest, draft_id: int) -> HttpResponse:
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    rows = _posted_rows(request, draft, always=True)
    version = VersionForm(request.POST)
    if rows.valid and version.is_valid():
        try:
            rows.save(request.user, draft, version.cleaned_data["version"])
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved your corrections."))
            return redirect(draft)
    context = _review_context(request, draft, **rows.forms)
    return render(request, "intake/draft_detail.html", context, status=400)


@require_POST
@requires(Action.CASE_CREATE)
def draft_item_add(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Add the selected words as an item. The review page posts its corrections with it (one
    form): they are saved first, in the same transaction, so none typed above is lost."""
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    form = ItemAddForm(request.POST, prefix="add")
    rows = _posted_rows(request, draft)
    if form.is_valid() and rows.valid:
        data = form.cleaned_data

        def correct_and_add() -> Draft:
            with transaction.atomic():
                current, expected = rows.save(request.user, draft, data["version"])
                return services.draft_item_add(
                    actor=request.user,
                    draft=current,
                    expected_version=expected,
                    kind=data["kind"],
                    start=data["start"],
                    end=data["end"],
                    when=data["when"],
                )

        saved = save_or_report(form, correct_and_add)
        if saved is not None:
            messages.success(request, _("Added the selected words to the draft."))
            return redirect(draft)
    draft.refresh_from_db()
    forms = {"add": form, **rows.forms}
    context = _review_context(request, draft, **forms)
    return render(request, "intake/draft_detail.html", context, status=400)


@require_POST
@requires(Action.CASE_CREATE)
def draft_confirm(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Confirm the draft into a case. The review page posts its corrections with it (one form):
    they are checked and saved first, in the same transaction, so none typed above is lost; if
    anything is refused, nothing is saved and the page comes back with everything as typed."""
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    form = ConfirmForm(request.POST, prefix="confirm")
    rows = _posted_rows(request, draft)
    if form.is_valid() and rows.valid:
        data = form.cleaned_data

        def correct_and_confirm() -> Any:
            case = None
            if data["target"] == "existing":
                reference = data["reference"].strip().upper()
                try:
                    case = case_get_for_user(user=request.user, reference=reference, write=True)
                except (Http404, PermissionDenied):
                    raise ApplicationError(
                        _("There is no case %(ref)s that you can add to.") % {"ref": reference},
                        field="reference",
                    ) from None
            with transaction.atomic():
                current, expected = rows.save(request.user, draft, data["version"])
                # Possible matches the page did not show (names typed in the same post, or
                # records added since): nothing is saved, and the page shows them.
                now = selectors.victim_matches(
                    user=request.user, victims=current.items.get("victims", [])
                )
                if selectors.matches_seen(now) != request.POST.get("matches_seen", ""):
                    raise ApplicationError(
                        _(
                            "A survivor may already be known in other records: check them "
                            "under her name above, then confirm again. After saving, link her "
                            "to the same person from her page (“Across cases”)."
                        )
                    )
                return services.draft_confirm(
                    actor=request.user,
                    draft=current,
                    expected_version=expected,
                    case=case,
                    title=data["title"],
                    offence_date=data["offence_date"],
                )

        case = save_or_report(form, correct_and_confirm)
        if case is not None:
            messages.success(request, _("Saved the draft to %(ref)s.") % {"ref": case.reference})
            return redirect(case)
    elif not rows.valid:
        form.add_error(None, _("Some corrections above cannot be read: see the marked fields."))
    draft.refresh_from_db()
    forms = {"confirm": form, **rows.forms}
    context = _review_context(request, draft, **forms)
    return render(request, "intake/draft_detail.html", context, status=400)


@requires(Action.CASE_CREATE)
def draft_discard(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Asks first (GET shows what would be lost), discards on POST."""
    draft = selectors.draft_get_for_user(user=request.user, draft_id=draft_id)
    if request.method != "POST":
        return render(request, "intake/draft_discard.html", {"draft": draft})
    form = VersionForm(request.POST)
    if form.is_valid():
        saved = save_or_report(
            form,
            lambda: services.draft_discard(
                actor=request.user, draft=draft, expected_version=form.cleaned_data["version"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Discarded the draft."))
            return redirect("intake:draft-list")
    for error in form.non_field_errors() or [_("Reload the page and try again.")]:
        messages.error(request, str(error))
    return redirect(draft)


@requires(Action.SURVIVOR_REVEAL)
def draft_source(request: AuthedRequest, draft_id: int) -> HttpResponse:
    """Show the source narrative only on a POST that gives a reason; the reading is audited."""
    draft = selectors.draft_get_for_user(
        user=request.user, draft_id=draft_id, action=Action.SURVIVOR_REVEAL
    )
    form = SourceRevealForm(request.POST or None)
    context: dict[str, Any] = {"draft": draft, "form": form}
    if request.method == "POST" and form.is_valid():
        revealed = save_or_report(
            form,
            lambda: services.draft_source_reveal(
                actor=request.user, draft=draft, reason=form.cleaned_data["reason"]
            ),
        )
        if revealed is not None:
            context["narrative"] = highlight(draft.text, draft.items)
    response = render(request, "intake/draft_source.html", context)
    response["Cache-Control"] = "no-store"
    return response
