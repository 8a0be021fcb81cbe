"""A referral packet to an authority or partner: only what they need to act, through a link
and a code sent apart, expiring, revocable, logged at each opening, answered on the page onto
the escalation chain; and nothing at all for a link that is not valid."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mukti.accounts.models import User
from mukti.audit.models import AuditRecord
from mukti.care import services as care
from mukti.cases import services as cases
from mukti.cases.models import Case
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import parse_when
from mukti.rescue.models import Answer
from mukti.rescue.selectors import responsiveness
from mukti.sharing import services
from mukti.sharing.models import LegalBasis, Packet, PacketOpening
from mukti.sharing.tests.conftest import kusum

pytestmark = pytest.mark.django_db


@pytest.fixture
def sighting(case: Case, cast: dict[str, User], places: Any) -> Any:
    return cases.sighting_record(
        actor=cast["caseworker"], case=case, survivor=kusum(case),
        when=parse_when("21 Apr 2024 16:00"), place=places["outpost_area"],
        address="Lane 4, the blue two-storey house behind the market", source="her cousin",
        confidence="confirmed",
    )  # fmt: skip


def send(case: Case, cast: dict[str, User], office: Any, **extra: Any) -> services.Sent:
    values = {
        "ask": "Rescue her tonight",
        "needed_by": timezone.now() + dt.timedelta(hours=6),
        **extra,
    }
    return services.packet_make(
        actor=cast["caseworker"], case=case, survivor=kusum(case), office=office, **values
    )


def link(sent: services.Sent) -> str:
    return reverse("packet-open", args=[sent.token])


def opened(sent: services.Sent, client: Client | None = None) -> Client:
    client = client or Client()
    client.post(link(sent), {"code": sent.code})
    return client


def test_a_hop_packet_opens_only_with_its_code_shows_what_is_needed_and_logs_each_opening(
    case: Case, cast: dict[str, User], rescue_records: Any, sighting: Any
) -> None:
    hop = rescue_records.second
    sent = send(case, cast, hop.office, engagement=hop)
    assert len(sent.code) == 8 and len(sent.token) >= 40
    packet = sent.packet
    assert packet.basis == LegalBasis.DUTY  # the police, and no data-sharing consent
    assert sent.token not in packet.token_hash and sent.code not in packet.code_hash
    anonymous = Client()
    first = anonymous.get(link(sent))
    assert first.status_code == 200
    body = first.content.decode()
    assert "Type the code" in body and "Kusum" not in body and case.reference not in body
    assert first["Cache-Control"] == "no-store" and first["Referrer-Policy"] == "same-origin"
    assert first["X-Robots-Tag"] == "noindex, nofollow"
    # No third-party asset: every src and href is on this site.
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", body)
    wrong = anonymous.post(link(sent), {"code": "0000 0000" if sent.code != "00000000" else "1"})
    assert "That code is not right" in wrong.content.decode()
    assert not PacketOpening.objects.exists()
    shown = opened(sent, anonymous).get(link(sent))
    text = shown.content.decode()
    assert shown.status_code == 200 and "Rescue her tonight" in text and "Kusum" in text
    assert "Lane 4" in text and "her cousin" not in text  # the informant stays with us
    assert "Rokeya" not in text  # no identity unless included
    anonymous.get(link(sent), REMOTE_ADDR="10.1.2.3")
    openings = list(PacketOpening.objects.filter(packet=packet).order_by("at", "pk"))
    assert [o.ip for o in openings] == ["127.0.0.1", "10.1.2.3"]
    assert AuditRecord.objects.filter(object_type="sharing.packet", action="read").count() == 2
    detail = Client()
    from mukti.accounts.testing import sign_in

    sign_in(detail, cast["caseworker"])
    log = detail.get(reverse("sharing:packet", args=[case.reference, packet.pk])).content.decode()
    assert "10.1.2.3" in log


def test_the_answer_lands_on_the_hop_and_counts_in_responsiveness(
    case: Case, cast: dict[str, User], rescue_records: Any
) -> None:
    hop = rescue_records.second

    def outpost_answered() -> int:
        figures = responsiveness(
            actor=cast["supervisor"], start=dt.date(2024, 1, 1), end=timezone.localdate()
        )
        return next(r.answered for r in figures if r.name == hop.office.name)

    assert outpost_answered() == 0
    sent = send(case, cast, hop.office, engagement=hop)
    client = opened(sent)
    missing = client.post(link(sent), {"answer": "fir", "fir_number": ""})
    assert "Give the FIR number." in missing.content.decode()
    client.post(link(sent), {"answer": "fir", "fir_number": "88/2026", "note": "Team leaving"})
    hop.refresh_from_db()
    assert hop.answer == Answer.AGREED and hop.answered_at is not None
    assert "FIR registered, number 88/2026" in hop.answer_note
    packet = Packet.objects.get()
    assert packet.answer == "fir" and packet.fir_number == "88/2026"
    assert outpost_answered() == 1
    again = client.post(link(sent), {"answer": "declined", "note": "no"})
    assert "Answered: FIR registered (88/2026)." in again.content.decode()
    hop.refresh_from_db()
    assert hop.answer == Answer.AGREED and Packet.objects.get().answer == "fir"
    with pytest.raises(ApplicationError, match="answered already"):
        services.packet_answer(packet=packet, answer="declined", note="no")


def test_a_decline_needs_its_reason_and_becomes_the_hops_declined_answer(
    case: Case, cast: dict[str, User], rescue_records: Any
) -> None:
    hop = rescue_records.second
    sent = send(case, cast, hop.office, engagement=hop)
    client = opened(sent)
    assert (
        "Say why you decline." in client.post(link(sent), {"answer": "declined"}).content.decode()
    )
    client.post(link(sent), {"answer": "declined", "note": "Not our jurisdiction"})
    hop.refresh_from_db()
    assert hop.answer == Answer.DECLINED and "Not our jurisdiction" in hop.answer_note


def test_expired_revoked_altered_and_unknown_links_all_get_the_same_plain_page(
    case: Case, cast: dict[str, User], offices: Any
) -> None:
    expired = send(case, cast, offices["ps"], hours=1)
    revoked = send(case, cast, offices["ps"])
    services.packet_revoke(actor=cast["caseworker"], packet=revoked.packet)
    good = send(case, cast, offices["ps"])
    altered = reverse(
        "packet-open", args=[good.token[:-1] + ("A" if good.token[-1] != "A" else "B")]
    )
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1, minutes=1)):
        pages = [Client().get(url) for url in (link(expired), link(revoked), altered,
                                               "/p/nothing-at-all/")]  # fmt: skip
    assert {p.status_code for p in pages} == {404}
    assert len({p.content for p in pages}) == 1
    text = pages[0].content.decode()
    assert "This link is no longer valid." in text
    assert "Kusum" not in text and case.reference not in text and "Basirhat" not in text
    assert pages[0]["Cache-Control"] == "no-store"
    # Revoked: even a recipient who had opened it is shut out.
    client = opened(good)
    services.packet_revoke(actor=cast["caseworker"], packet=good.packet)
    assert client.get(link(good)).status_code == 404


def test_ten_wrong_codes_lock_the_packet_even_for_the_right_code(
    case: Case, cast: dict[str, User], offices: Any
) -> None:
    sent = send(case, cast, offices["ps"])
    client = Client()
    wrong = "1" * 8 if sent.code != "1" * 8 else "2" * 8
    for _ in range(9):
        assert client.post(link(sent), {"code": wrong}).status_code == 200
    assert client.post(link(sent), {"code": wrong}).status_code == 404
    sent.packet.refresh_from_db()
    assert sent.packet.locked_at is not None and sent.packet.wrong_codes == 10
    assert client.post(link(sent), {"code": sent.code}).status_code == 404
    assert AuditRecord.objects.filter(object_type="sharing.packet", action="lock").exists()


def test_one_network_address_guessing_links_is_slowed_down(
    case: Case, cast: dict[str, User], offices: Any, settings: Any
) -> None:
    settings.MUKTI_PACKET_FAILURES_PER_ADDRESS = 5
    sent = send(case, cast, offices["ps"])
    guesser = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(5):
        assert guesser.get(f"/p/guess-{n}/").status_code == 404
    assert guesser.get(link(sent)).status_code == 429
    assert Client(REMOTE_ADDR="10.9.9.8").get(link(sent)).status_code == 200


def test_a_partner_needs_her_consent_naming_it_and_its_withdrawal_shuts_the_link(
    case: Case, cast: dict[str, User], offices: Any, shelters: Any
) -> None:
    home = shelters["long_term"]
    with pytest.raises(ApplicationError, match="has not consented to her data being shared"):
        send(case, cast, home)
    assert not Packet.objects.exists()
    given = care.consent_record(
        actor=cast["caseworker"], case=case, survivor=kusum(case), purpose="data_sharing",
        given_on=dt.date.today(), partner=home.name,
    )  # fmt: skip
    sent = send(case, cast, home)
    assert sent.packet.basis == LegalBasis.CONSENT
    client = opened(sent)
    assert client.get(link(sent)).status_code == 200
    care.consent_withdraw(
        actor=cast["caseworker"], consent=given, withdrawn_on=dt.date.today(),
        expected_version=None,
    )  # fmt: skip
    assert client.get(link(sent)).status_code == 404


def test_the_form_shows_the_gates_reason_for_a_partner_without_consent(
    case: Case, cast: dict[str, User], shelters: Any, client_as: Any
) -> None:
    page = client_as("caseworker").post(
        reverse("sharing:packet-new", args=[case.reference]),
        {
            "office": shelters["long_term"].pk, "survivor": kusum(case).pk,
            "ask": "A place for her", "hours": 72,
            "needed_by": (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )  # fmt: skip
    assert "Kusum has not consented to her data being shared with Nirapad Long-Term Home." in (
        page.content.decode()
    )
    assert not Packet.objects.exists()


def test_her_name_goes_only_with_a_reason_and_the_reason_is_audited(
    case: Case, cast: dict[str, User], offices: Any, client_as: Any
) -> None:
    with pytest.raises(ApplicationError, match="Say why they need her name"):
        send(case, cast, offices["ps"], include_identity=True)
    sent = send(
        case, cast, offices["ps"], include_identity=True,
        identity_reason="The FIR must name the victim",
    )  # fmt: skip
    text = opened(sent).get(link(sent)).content.decode()
    assert "Rokeya Begum Testname" in text
    record = AuditRecord.objects.get(object_type="sharing.packet", action="export")
    assert record.reason == "The FIR must name the victim"
    assert record.changes["identity included"] is True and record.changes["basis"] == "duty"
    assert "has not consented" in record.changes["consent"]


def test_the_sender_sees_the_link_and_code_once_and_they_open_the_packet(
    case: Case, cast: dict[str, User], rescue_records: Any, client_as: Any
) -> None:
    hop = rescue_records.second
    sender = client_as("caseworker")
    form = sender.get(reverse("sharing:packet-new", args=[case.reference]) + f"?hop={hop.pk}")
    assert form.status_code == 200
    page = sender.post(
        reverse("sharing:packet-new", args=[case.reference]),
        {
            "hop": hop.pk, "survivor": kusum(case).pk, "ask": "Act tonight", "hours": 72,
            "needed_by": (timezone.localtime() + dt.timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        },
    )  # fmt: skip
    body = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    found_url = re.search(r'data-testid="packet-link"[^>]*>([^<]+)<', body)
    found_code = re.search(r'data-testid="packet-code"[^>]*>([^<]+)<', body)
    assert found_url is not None and found_code is not None
    url, code = found_url.group(1), found_code.group(1)
    packet = Packet.objects.get()
    assert packet.office == hop.office and packet.engagement == hop
    assert packet.expires_at - packet.created_at == dt.timedelta(hours=72) or abs(
        (packet.expires_at - packet.created_at) - dt.timedelta(hours=72)
    ) < dt.timedelta(seconds=5)
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client()
    client.post(f"/{path}", {"code": code})
    assert "Act tonight" in client.get(f"/{path}").content.decode()
    # Not shown again anywhere.
    detail = sender.get(reverse("sharing:packet", args=[case.reference, packet.pk]))
    assert code not in detail.content.decode() and path not in detail.content.decode()


def test_another_team_cannot_send_or_read_packets_of_the_case(
    case: Case, cast: dict[str, User], offices: Any, client_as: Any
) -> None:
    sent = send(case, cast, offices["ps"])
    outsider = client_as("other_caseworker")
    assert outsider.get(reverse("sharing:packet-new", args=[case.reference])).status_code == 404
    url = reverse("sharing:packet", args=[case.reference, sent.packet.pk])
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(
            reverse("sharing:packet-revoke", args=[case.reference, sent.packet.pk])
        ).status_code
        == 404
    )


def test_the_code_form_needs_the_csrf_token_as_every_form_does(
    case: Case, cast: dict[str, User], offices: Any
) -> None:
    """Same-origin referrers keep the browser's Origin header, so Django's own CSRF check (origin
    and token) guards the page; a form posted from another site is refused."""
    sent = send(case, cast, offices["ps"])
    elsewhere = Client(enforce_csrf_checks=True, HTTP_ORIGIN="https://evil.example")
    elsewhere.get(link(sent))
    assert elsewhere.post(link(sent), {"code": sent.code}).status_code == 403
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    page = browser.get(link(sent)).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found is not None
    assert browser.post(link(sent), {"code": sent.code}).status_code == 403
    assert not PacketOpening.objects.exists()
    unlocked = browser.post(link(sent), {"code": sent.code, "csrfmiddlewaretoken": found[1]})
    assert unlocked.status_code == 302
    assert "Rescue her tonight" in browser.get(link(sent)).content.decode()
