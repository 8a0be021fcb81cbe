"""Two organisations on one instance: nothing of one is visible, guessable or writable from the
other. Every URL × every role of a second organisation × GET and POST, with the first
organisation's records as arguments: a 404 wherever the role could otherwise act (403 only
where the role may never do that kind of thing, whichever record is named); no page, list,
picker, dashboard or export shows the first organisation's cases, survivors or people; and no
row of the first organisation's changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from mukti.accounts.access import can
from mukti.accounts.models import Organisation, Role, User
from mukti.accounts.testing import sign_in
from mukti.backups.selectors import database_digests
from mukti.conftest import make_user
from mukti.core.tests.urlwalk import api_access, api_client, every_url

pytestmark = pytest.mark.django_db

THEIR_ROLES = [
    Role.CASEWORKER,
    Role.SUPERVISOR,
    Role.LEGAL_OFFICER,
    Role.AFTERCARE_OFFICER,
    Role.DATA_OFFICER,
    Role.ADMINISTRATOR,
]
# URL arguments that name shared records (the directory) or nothing of anyone's.
SHARED = {"jurisdiction_id", "office_id", "official_id", "kind", "record", "uidb64", "token"}
SHARED |= {"request_id"}
# A referral packet's link opens its page to anyone holding it (the code then guards it), so it
# is checked here like a shared record: the page before the code shows nothing of the case.
SHARED |= {"link"}
# What the first organisation's records say: none may appear on the second's pages. (Its people
# are named by first name: make_user titles the username.)
MARKERS = [
    "MK-20",  # every case reference
    "Kusum",
    "Woman held near Basirhat",
    "Mother called the hotline",
    "Bapi Mondal",
    "field-report.txt",
    "FIR copy",
    "Meera",
    "Anjali",
    "Rupa",
    "Farida",
    "Tanusree",
    "Imran",
]
# Tables a request writes whoever makes it (sessions, the audit log) and the accounts, whose
# signing-in person changes her own rows: the first organisation's people are compared apart.
# (api_: the other organisation's own API tokens note their use; that ours are never revoked
# by them is api/tests/test_tokens.py's.)
OWN_TRACES = ("django_session", "audit_", "accounts_", "api_")


@pytest.fixture
def them(db: None) -> dict[str, User]:
    partner = Organisation.objects.create(name="Jessore Reintegration Trust")
    return {
        str(role): make_user(f"nasrin_{role}", role, organisation=partner) for role in THEIR_ROLES
    }


def signed_in(user: User) -> Client:
    client = Client(raise_request_exception=False)
    sign_in(client, user)
    return client


def ours(digests: dict[str, Any]) -> dict[str, Any]:
    tables = {t: d for t, d in digests.items() if not t.startswith(OWN_TRACES)}
    people = User.objects.exclude(organisation__name="Jessore Reintegration Trust")
    tables["our people"] = list(people.order_by("pk").values())
    return tables


@pytest.mark.parametrize("role", [str(r) for r in THEIR_ROLES])
def test_another_organisation_sees_guesses_and_writes_nothing_of_ours(
    role: str,
    them: dict[str, User],
    url_arguments: dict[str, Any],
    case: Any,
) -> None:
    user = them[role]
    api = api_client(user)  # the API reads a token of theirs, not a session
    before = ours(database_digests())
    client = signed_in(user)
    problems = []
    for _name, pattern, kwargs, url in every_url(url_arguments):
        marks = api_access(pattern)
        names_ours = bool(set(kwargs) - SHARED)
        for method in ("get", "post") if marks is None else sorted({"GET", "POST", *marks}):
            if marks is None:
                action = getattr(pattern.callback, "mukti_access", "")
                response = getattr(client, method)(url)
            else:
                action = marks.get(method, "")
                response = api.generic(method, url, "{}", content_type="application/json")
                method = method.lower()
            where = f"{method.upper()} {url} as {role} of another organisation"
            status = response.status_code
            if status >= 500:
                problems.append(f"{where}: {status}")
            elif names_ours:
                # Whether the record exists must not show: the answer is the one for a record
                # that does not (404), unless the role may never do this at all (403).
                allowed = (404, 405) if action and can(user, action) else (403, 404, 405)
                if status not in allowed:
                    problems.append(f"{where}: {status}")
            elif status == 200:
                text = response.content.decode(errors="replace")
                leaked = [marker for marker in MARKERS if marker in text]
                if leaked:
                    problems.append(f"{where} shows {leaked}")
            if method == "post" and status == 302:
                client = signed_in(user)
    assert problems == [], "\n".join(problems)
    assert ours(database_digests()) == before


def test_search_finds_nothing_of_another_organisation(
    them: dict[str, User], case: Any, client_as: Any
) -> None:
    for role in (Role.SUPERVISOR, Role.CASEWORKER):
        client = signed_in(them[str(role)])
        for query in ("Kusum", case.reference, "Basirhat"):
            page = client.get(reverse("cases:case-list"), {"q": query})
            assert page.status_code == 200
            assert case.get_absolute_url() not in page.text
    # The first organisation's supervisor does find it.
    mine = client_as("supervisor").get(reverse("cases:case-list"), {"q": "Kusum"})
    assert case.get_absolute_url() in mine.text


def test_figures_dashboards_and_alerts_count_only_ones_own_organisation(
    them: dict[str, User],
    cast: dict[str, User],
    rescue_records: Any,
    care_records: Any,
    justice_records: Any,
) -> None:
    import datetime as dt

    from mukti.deadlines.selectors import alerts_sent, due_soon, lateness
    from mukti.reports.dashboard import dashboard
    from mukti.reports.statistics import Period, period_statistics
    from mukti.rescue.selectors import located_not_rescued, responsiveness

    start, end = dt.date(2020, 1, 1), dt.date.today()

    def figures(supervisor: User, admin: User) -> dict[str, Any]:
        charts = dashboard(actor=supervisor, start=start, end=end, district=None)
        return {
            "dashboard": {c.key: c.rows for c in charts if c.key != "shelters"},
            "statistics": [
                period_statistics(actor=supervisor, period=Period(year)).empty
                for year in (2024, end.year)
            ],
            "responsiveness": responsiveness(actor=supervisor, start=start, end=end),
            "lateness": lateness(actor=supervisor, start=start, end=end),
            "due soon": due_soon(actor=supervisor, hours=24 * 365 * 10),
            "located": list(located_not_rescued(actor=supervisor)),
            "alerts sent": alerts_sent(actor=admin),
        }

    theirs = figures(them["supervisor"], them["administrator"])
    assert theirs["dashboard"] == {"cases": [], "hours": theirs["dashboard"]["hours"],
                                   "responsiveness": [], "clocks": []}  # fmt: skip
    assert all(row[1] in ("0", 0) for row in theirs["dashboard"]["hours"])
    assert theirs["statistics"] == [True, True]
    assert theirs["responsiveness"] == [] and theirs["lateness"] == []
    assert theirs["due soon"].upcoming == [] and theirs["due soon"].breached == []
    assert theirs["located"] == [] and theirs["alerts sent"] == []
    # The same figures for the organisation the records belong to are not empty, so the
    # comparison above means something.
    mine = figures(cast["supervisor"], cast["administrator"])
    assert mine["dashboard"]["cases"] and mine["responsiveness"] and mine["lateness"]
    assert mine["statistics"] != [True, True]


def test_organisations_are_made_listed_and_renamed_from_the_command_line(db: None) -> None:
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = StringIO()
    call_command("createuser", "salma", role="caseworker", organisation="Partner NGO", stdout=out)
    assert "Created the organisation Partner NGO." in out.getvalue()
    salma = User.objects.get(username="salma")
    assert salma.organisation.name == "Partner NGO"
    call_command("createuser", "kabir", role="supervisor", organisation="Other NGO", stdout=out)
    # With several organisations, an account must say which.
    with pytest.raises(CommandError, match="several organisations"):
        call_command("createuser", "lost", role="caseworker", stdout=StringIO())
    call_command("organisation", "rename", "Partner NGO", "Jessore Trust", stdout=out)
    listing = StringIO()
    call_command("organisation", "list", stdout=listing)
    assert "Jessore Trust: 1 accounts, 0 cases" in listing.getvalue()
    with pytest.raises(CommandError, match="exists already"):
        call_command("organisation", "rename", "Jessore Trust", "Other NGO", stdout=StringIO())


def test_a_case_team_holds_only_people_of_the_cases_organisation(
    them: dict[str, User], cast: dict[str, User], case: Any, client_as: Any
) -> None:
    from mukti.cases import services
    from mukti.core.errors import ApplicationError

    stranger = them[str(Role.CASEWORKER)]
    with pytest.raises(ApplicationError, match="not in its organisation"):
        services.case_open(actor=cast["caseworker"], title="Girl missing", team=[stranger])
    with pytest.raises(ApplicationError, match="not in its organisation"):
        services.case_update(
            actor=cast["caseworker"], case=case, expected_version=case.version, lead=stranger
        )
    # The pickers do not offer them either.
    form = client_as("caseworker").get(reverse("cases:case-create")).text
    assert "Nasrin_Caseworker" not in form and "Meera" in form
    mine = services.case_open(actor=stranger, title="Boy missing")
    assert mine.organisation_id == stranger.organisation_id != case.organisation_id


def test_choosing_a_pseudonym_never_tells_whether_another_organisation_uses_it(
    them: dict[str, User], case: Any
) -> None:
    from mukti.cases import services
    from mukti.core.errors import ApplicationError

    nasrin = them[str(Role.CASEWORKER)]
    theirs = services.case_open(actor=nasrin, title="Woman returned at Benapole")
    # "Kusum" is a survivor of the first organisation: the second may still call someone so.
    services.survivor_add(actor=nasrin, case=theirs, pseudonym="Kusum", age_years=20)
    with pytest.raises(ApplicationError, match="already used"):
        services.survivor_add(actor=nasrin, case=theirs, pseudonym="kusum", age_years=21)
