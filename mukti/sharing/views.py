from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mukti.accounts.access import Action, can, public, requires
from mukti.audit.services import client_ip
from mukti.care import consent
from mukti.care.models import ConsentPurpose
from mukti.cases.models import Survivor
from mukti.cases.selectors import case_get_for_user
from mukti.core.errors import ApplicationError
from mukti.core.forms import save_or_report
from mukti.core.http import AuthedRequest
from mukti.sharing import selectors, services
from mukti.sharing.forms import AnswerForm, CodeForm, PacketForm, StoryForm
from mukti.sharing.models import Packet, Story


def _refused(request: HttpRequest, reason: str) -> HttpResponse:
    return render(request, "sharing/refused.html", {"reason": reason}, status=403)


def _story_refusal(story: Story) -> str | None:
    """Pages that change nothing ask the gate here; every service asks it again itself."""
    return consent.refusal(survivor=story.survivor, purpose=ConsentPurpose.STORY)


# ---------------------------------------------------------------------------------------------
# Stories


@require_POST
@requires(Action.CASE_EDIT)
def story_new(request: AuthedRequest, reference: str, survivor_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    survivor = get_object_or_404(Survivor, pk=survivor_id, case_links__case=case)
    try:
        story = services.story_draft(actor=request.user, case=case, survivor=survivor)
    except ApplicationError as error:  # the consent gate's reason
        return _refused(request, error.message)
    messages.success(request, _("A draft of her story, read from the timeline: edit it."))
    return redirect("sharing:story", reference=case.reference, story_id=story.pk)


@requires(Action.CASE_VIEW)
def story(request: AuthedRequest, reference: str, story_id: int) -> HttpResponse:
    """Read, edit (caseworkers) and approve (supervisors) a story; refused without consent."""
    case = case_get_for_user(user=request.user, reference=reference)
    found = selectors.story_of_case(case=case, story_id=story_id)
    reason = _story_refusal(found)
    if reason is not None:
        return _refused(request, reason)
    form = StoryForm(request.POST or None, initial={"text": found.text})
    if request.method == "POST" and form.is_valid():
        saved = save_or_report(
            form,
            lambda: services.story_edit(
                actor=request.user,
                story=found,
                text=form.cleaned_data["text"],
                expected_version=_version(request),
            ),
        )
        if saved is not None:
            messages.success(request, _("Saved. A supervisor must approve it before it is shared."))
            return redirect("sharing:story", reference=case.reference, story_id=found.pk)
    context = {
        "case": case,
        "story": found,
        "form": form,
        "may_edit": can(request.user, Action.CASE_EDIT, case),
        "may_approve": can(request.user, Action.CASE_CLOSE, case),
    }
    response = render(request, "sharing/story.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


@require_POST
@requires(Action.CASE_EDIT)
def story_approve(request: AuthedRequest, reference: str, story_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference)
    found = selectors.story_of_case(case=case, story_id=story_id)
    reason = _story_refusal(found)
    if reason is not None:
        return _refused(request, reason)
    try:
        services.story_approve(actor=request.user, story=found, expected_version=_version(request))
        messages.success(request, _("Approved: the story may be downloaded."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("sharing:story", reference=case.reference, story_id=found.pk)


@requires(Action.CASE_VIEW)
def story_download(request: AuthedRequest, reference: str, story_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference)
    found = selectors.story_of_case(case=case, story_id=story_id)
    try:
        download = services.story_download(
            actor=request.user,
            story=found,
            fmt=request.GET.get("format", "txt"),
            ip=client_ip(request),
        )
    except ApplicationError as error:
        return _refused(request, error.message)
    response = HttpResponse(download.body, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# Packets, the sender's side


@requires(Action.CASE_EDIT)
def packet_new(request: AuthedRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    initial = {}
    hop = request.GET.get("hop", "")
    if hop.isdigit():
        initial["hop"] = int(hop)
    form = PacketForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sent = save_or_report(
            form,
            lambda: services.packet_make(
                actor=request.user,
                case=case,
                survivor=data["survivor"],
                office=data["office"],
                ask=data["ask"],
                needed_by=data["needed_by"],
                engagement=data["hop"],
                include_identity=data["include_identity"],
                identity_reason=data["identity_reason"],
                hours=data["hours"],
                ip=client_ip(request),
            ),
        )
        if sent is not None:
            link = settings.MUKTI_SITE_URL.rstrip("/") + reverse("packet-open", args=[sent.token])
            code = f"{sent.code[:4]} {sent.code[4:]}"
            context = {"case": case, "packet": sent.packet, "link": link, "code": code}
            # Shown once: the link and the code are kept only as hashes.
            response = render(request, "sharing/packet_sent.html", context)
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "sharing/packet_form.html", {"case": case, "form": form})


@requires(Action.CASE_VIEW)
def packet_detail(request: AuthedRequest, reference: str, packet_id: int) -> HttpResponse:
    """The sender's view: what was sent, each opening (time, address), the answer."""
    case = case_get_for_user(user=request.user, reference=reference)
    packet = selectors.packet_of_case(case=case, packet_id=packet_id)
    context = {
        "case": case,
        "packet": packet,
        "rows": json.loads(packet.content),
        "openings": list(packet.openings.all()[:200]),
        "valid": services.packet_valid(packet),
    }
    response = render(request, "sharing/packet_detail.html", context)
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@requires(Action.CASE_EDIT)
def packet_revoke(request: AuthedRequest, reference: str, packet_id: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, reference=reference, write=True)
    packet = selectors.packet_of_case(case=case, packet_id=packet_id)
    try:
        services.packet_revoke(actor=request.user, packet=packet)
        messages.success(request, _("The link is revoked: it no longer opens."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("sharing:packet", reference=case.reference, packet_id=packet.pk)


# ---------------------------------------------------------------------------------------------
# The recipient's page: no account, the link and a code sent apart.

_SESSION = "sharing.packets"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    # The address is the secret: never sent to another site. Same-origin, not no-referrer, so
    # that the browser still sends this site's Origin with the forms and CSRF works as everywhere.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _no_longer_valid(request: HttpRequest) -> HttpResponse:
    # The same page, byte for byte, for a link never made, altered, expired, revoked or locked.
    return _private(render(request, "sharing/link_invalid.html", status=404))


@public
def packet_open(request: HttpRequest, link: str) -> HttpResponse:
    ip = client_ip(request)
    if services.too_many_failures(ip=ip):
        return _private(render(request, "sharing/link_slow_down.html", status=429))
    packet = selectors.packet_by_link(token=link)
    if packet is None or not services.packet_valid(packet):
        services.link_failure(ip=ip)
        return _no_longer_valid(request)
    assert isinstance(packet, Packet)
    unlocked: list[int] = request.session.get(_SESSION, [])
    code_form = CodeForm(request.POST if "code" in request.POST else None)
    answer_form = AnswerForm(request.POST if "answer" in request.POST else None)
    if packet.pk not in unlocked:
        if request.method == "POST" and code_form.is_valid():
            if services.packet_unlock(packet=packet, code=code_form.cleaned_data["code"], ip=ip):
                request.session[_SESSION] = [*unlocked, packet.pk]
                request.session.cycle_key()
                return _private(redirect("packet-open", link=link))
            packet.refresh_from_db()
            if packet.locked_at is not None:
                return _no_longer_valid(request)
            code_form.add_error("code", _("That code is not right. Check the code you were sent."))
        return _private(render(request, "sharing/packet_code.html", {"form": code_form}))
    if request.method == "POST" and answer_form.is_valid():
        data = answer_form.cleaned_data
        answered = save_or_report(
            answer_form,
            lambda: services.packet_answer(
                packet=packet,
                answer=data["answer"],
                note=data["note"],
                fir_number=data["fir_number"],
                ip=ip,
            ),
        )
        if answered is not None:
            return _private(redirect("packet-open", link=link))
    services.packet_opened(packet=packet, ip=ip)
    context = {"packet": packet, "rows": json.loads(packet.content), "form": answer_form}
    return _private(render(request, "sharing/packet_public.html", context))
