"""The fixed cast of users and small factories every test module shares (STYLE.md rule 12)."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.test.testcases import LiveServerThread
from django.utils import translation

from mukti.accounts.models import Organisation, Role, User
from mukti.accounts.testing import sign_in
from mukti.core.devserver import PromptThreadedWSGIServer
from mukti.directory.models import Jurisdiction, Office, Official

PASSWORD = "correct-horse-battery-staple"

# The live server of the browser and API-fuzzing tests answers without the 40 ms pause Django's
# server leaves on each answer of a kept-alive connection (core/devserver.py): 48.6 -> 6.3 ms a
# request for the API's case, and every page, htmx request and static file of a browser test.
LiveServerThread.server_class = PromptThreadedWSGIServer


# The fixtures through which a test reaches the test database (``cast`` and the other factories
# ask for ``db``, so a test using them has it among its fixture names too).
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
     "live_server"}
)  # fmt: skip


def uses_a_database(item: pytest.Item) -> bool:
    """Whether the test touches a database: through pytest-django (its mark or fixtures; it
    refuses every query to the others), or itself (the ``database`` mark: a subprocess or a
    dump reaching the configured database)."""
    return (
        item.get_closest_marker("django_db") is not None
        or item.get_closest_marker("database") is not None
        or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests are slow too: `make test` leaves them out, `make test-all` and CI run them.

    With ``MUKTI_DATABASE_TESTS_ONLY=1`` (CI's second run, on PostgreSQL, after the whole suite
    has run on SQLite), the tests that use no database are left out: they would run the same
    code on the same input again (the extractor's rules, the arithmetic of the clocks, the
    translations), about a third of the suite's time."""
    for item in items:
        if item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)
    if os.environ.get("MUKTI_DATABASE_TESTS_ONLY") == "1":
        kept: list[pytest.Item] = []
        left_out: list[pytest.Item] = []
        for item in items:
            (kept if uses_a_database(item) else left_out).append(item)
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = kept


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A request in Bengali or Hindi leaves its language active in the test's thread (the
    locale middleware activates it for the request and nothing resets it), so the next test on
    that worker read "Meera-এর টিম" where it expected "Team of Meera": each test ends in the
    site's default language."""
    yield
    translation.deactivate()


def _flushes_the_database(item: pytest.Item) -> bool:
    """Whether the test runs in committed transactions, after which pytest-django empties every
    table (the rows the data migrations loaded too)."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """Puts the legal sections back after a transactional test has flushed them.

    pytest-django runs such tests last so that their flush cannot reach the others, but
    `--dist worksteal` hands a worker that has finished its own queue tests taken from the other
    worker's, transactional ones first included: the tests after them found no sections ("Choose
    the sections charged."). The last test of a worker (no next one) is followed by the
    database's removal, so nothing is put back then."""
    yield
    if nextitem is None or not _flushes_the_database(item):
        return
    import importlib

    from django.apps import apps
    from pytest_django.plugin import blocking_manager_key

    with item.config.stash[blocking_manager_key].unblock():
        importlib.import_module("mukti.justice.migrations.0002_legal_sections").load(apps, None)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    # Tasks run synchronously in tests (STYLE.md rule 10); the worker's own tests switch the
    # database backend back on.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _no_static_file_scan_per_client(settings: Any) -> None:
    # WhiteNoise (outside production) lists every static file through the finders each time a
    # request handler starts, that is for every test Client: a quarter of a second each, most
    # of the all-URLs test. Client tests fetch no static file, and the live server of browser
    # tests serves them through Django's own static handler.
    settings.WHITENOISE_USE_FINDERS = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; tests that need it (tests/test_passwords.py) switch it back.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_replica_reads(settings: Any) -> None:
    # With DATABASE_REPLICA_URL set (CI's PostgreSQL run), only the replica's own tests read from
    # it (core/tests/test_replica.py): the others declare one database.
    settings.MUKTI_READ_REPLICA = False


@pytest.fixture(autouse=True)
def _documents_in_a_temporary_directory(settings: Any, tmp_path_factory: Any) -> None:
    # Attached documents go to a directory of the test's own, never to var/documents.
    location = tmp_path_factory.mktemp("documents")
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }


def _made_once(shared: Path, make: Callable[[Path], None]) -> Path:
    """`make(shared)` run once for the whole test run: the first test process to need it makes
    it under a lock, the others wait for it and reuse it."""
    shared.mkdir(parents=True, exist_ok=True)
    with (shared.parent / f"{shared.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        complete = shared.parent / f"{shared.name}.complete"
        if not complete.exists():
            make(shared)
            complete.touch()
    return shared


@pytest.fixture(scope="session")
def made_once(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """A directory made by `make` once per test run and shared by the test processes (xdist's
    workers), for costly set-ups whose result tests only read or copy."""
    # Under xdist, getbasetemp() is the worker's own directory and its parent the run's.
    base = tmp_path_factory.getbasetemp()
    run = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base

    def made(name: str, make: Callable[[Path], None]) -> Path:
        return _made_once(run / name, make)

    return made


def _migrate_sqlite(data_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "MUKTI_ENV"}}  # fmt: skip
    env["MUKTI_DATA_DIR"] = str(data_dir)
    subprocess.run(
        [sys.executable, "-m", "mukti.cli", "migrate", "--verbosity", "0"],
        env=env, check=True, timeout=600, capture_output=True,
    )  # fmt: skip
    with closing(sqlite3.connect(data_dir / "mukti.sqlite3")) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.fixture(scope="session")
def migrated_sqlite(made_once: Callable[..., Path]) -> Callable[[Path], Path]:
    """Puts a migrated SQLite database into a new instance's data directory, as `mukti migrate`
    would leave it, so that each test starting its own instance (the crash tests, the backups,
    the demo) does not run every migration again: about 15 s of CPU each. The migrations
    themselves are run by the test database's creation and by the production server's test
    (`mukti upgrade` on an empty database)."""

    def place(data_dir: Path) -> Path:
        template = made_once("migrated-sqlite", _migrate_sqlite) / "mukti.sqlite3"
        data_dir.mkdir(parents=True, exist_ok=True)
        target = data_dir / "mukti.sqlite3"
        with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
            source.backup(copy)
        return target

    return place


def _postgres_template() -> tuple[str, str] | None:
    """On PostgreSQL, the server's address (without a database) and the name of the database
    migrated once per test run, which the test databases and the instances of the crash tests
    are copied from (``CREATE DATABASE ... TEMPLATE``); None on SQLite."""
    from django.conf import settings

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return None
    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    return base, f"test_{name}_migrated"


def _migrate_postgres(shared: Path) -> None:
    import psycopg

    found = _postgres_template()
    assert found is not None
    base, template = found
    with psycopg.connect(f"{base}/postgres", autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        server.execute(f'CREATE DATABASE "{template}"')
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URL", "MUKTI_ENV"}}
    env["DATABASE_URL"] = f"{base}/{template}"
    env["MUKTI_DATA_DIR"] = str(shared)
    subprocess.run(
        [sys.executable, "-m", "mukti.cli", "migrate", "--verbosity", "0"],
        env=env, check=True, timeout=600, capture_output=True,
    )  # fmt: skip


@pytest.fixture(scope="session")
def migrated_postgres(made_once: Callable[..., Path]) -> str | None:
    """On PostgreSQL, the name of a database that `mukti migrate` has migrated, made once per
    test run for every test process (None on SQLite). Copying it takes a fraction of a second;
    running the migrations takes 20-35 s of CPU, which each test process paid for its test
    database, and each crash test for its instance. The migrations themselves still run from an
    empty database: here, in the production server's test and on SQLite."""
    found = _postgres_template()
    if found is None:
        return None
    made_once("migrated-postgres", _migrate_postgres)
    return found[1]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, migrated_postgres: str | None
) -> None:
    """pytest-django makes each test process's database as a copy of the migrated one (Django's
    ``TEST["TEMPLATE"]``); its migrate then finds nothing to do."""
    from django.conf import settings

    if migrated_postgres is not None:
        settings.DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = migrated_postgres


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The migrated PostgreSQL database goes at the end of the run, by the process that began it
    (xdist's controller, or the one process)."""
    if hasattr(session.config, "workerinput"):
        return
    try:
        found = _postgres_template()
    except Exception:  # Django not configured (a collection error): nothing was made
        return
    if found is None:
        return
    import psycopg

    try:
        base, template = found
        with psycopg.connect(f"{base}/postgres", autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
    except psycopg.OperationalError:  # the server is not reachable: the run said so already
        pass


def make_user(username: str, role: str, **extra: Any) -> User:
    """A user of the given organisation, else of the first one ("Sundarban Rescue Network")."""
    if "organisation" not in extra:
        extra["organisation"], _ = Organisation.objects.get_or_create(
            name="Sundarban Rescue Network"
        )
    user = User(username=username, role=role, first_name=username.title(), **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def cast(db: None) -> dict[str, User]:
    """One user per role (two caseworkers: later issues put only one in a case team)."""
    return {
        "caseworker": make_user("meera", Role.CASEWORKER),
        "other_caseworker": make_user("anjali", Role.CASEWORKER),
        "supervisor": make_user("rupa", Role.SUPERVISOR),
        "legal_officer": make_user("farida", Role.LEGAL_OFFICER),
        "aftercare_officer": make_user("tanusree", Role.AFTERCARE_OFFICER),
        "data_officer": make_user("imran", Role.DATA_OFFICER),
        "administrator": make_user("admin", Role.ADMINISTRATOR),
    }


@pytest.fixture
def client_as(cast: dict[str, User]) -> Callable[[str], Client]:
    def login(name: str) -> Client:
        client = Client()
        sign_in(client, cast[name])
        return client

    return login


@pytest.fixture
def places(db: None) -> dict[str, Jurisdiction]:
    india = Jurisdiction.objects.create(name="India", kind="country")
    wb = Jurisdiction.objects.create(name="West Bengal", kind="state", parent=india)
    n24 = Jurisdiction.objects.create(name="North 24 Parganas", kind="district", parent=wb)
    basirhat = Jurisdiction.objects.create(
        name="Basirhat Police District", kind="police_district", parent=n24
    )
    sub = Jurisdiction.objects.create(
        name="Basirhat Sub-division", kind="subdivision", parent=basirhat
    )
    ps_area = Jurisdiction.objects.create(
        name="Basirhat PS area", kind="police_station", parent=sub
    )
    outpost_area = Jurisdiction.objects.create(
        name="Rajbari Outpost area", kind="outpost", parent=ps_area
    )
    return {
        "india": india,
        "wb": wb,
        "n24": n24,
        "basirhat": basirhat,
        "sub": sub,
        "ps_area": ps_area,
        "outpost_area": outpost_area,
    }


@pytest.fixture
def offices(places: dict[str, Jurisdiction]) -> dict[str, Office]:
    sp = Office.objects.create(
        name="Office of the SP, Basirhat",
        kind="district_police_hq",
        jurisdiction=places["basirhat"],
    )
    sdpo = Office.objects.create(
        name="SDPO Basirhat", kind="sdpo_office", jurisdiction=places["sub"], parent=sp
    )
    ps = Office.objects.create(
        name="Basirhat Police Station",
        kind="police_station",
        jurisdiction=places["ps_area"],
        parent=sdpo,
    )
    outpost = Office.objects.create(
        name="Rajbari Outpost", kind="outpost", jurisdiction=places["outpost_area"], parent=ps
    )
    hospital = Office.objects.create(
        name="Basirhat District Hospital", kind="hospital", jurisdiction=places["basirhat"]
    )
    return {"sp": sp, "sdpo": sdpo, "ps": ps, "outpost": outpost, "hospital": hospital}


@pytest.fixture
def official(offices: dict[str, Office]) -> Official:
    return Official.objects.create(
        name="Ashok Halder",
        rank="si",
        designation="Officer-in-Charge",
        office=offices["outpost"],
        phones=["+919000000208"],
    )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def browser_page(live_server: Any) -> Any:
    """A Playwright page in Debian's headless Chromium, pointed at the live test server.

    Skips where Chromium is missing, except when MUKTI_REQUIRE_BROWSER=1 (CI sets it), where a
    missing browser is a failure.
    """
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("MUKTI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing but MUKTI_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=live_server.url)
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            browser.close()
            # Connections opened while Playwright's loop ran live in their own context and would
            # otherwise keep the PostgreSQL test database busy at teardown.
            from django.db import connections

            connections.close_all()


def browser_two_factor_setup(page: Any) -> list[str]:
    """Set up two-factor sign-in the way a person does: type the key shown into an
    authenticator (here RFC 6238 computed from the key on the page), confirm, keep the codes."""
    import base64

    from django_otp.oath import totp

    secret = page.get_by_test_id("two-factor-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from the app").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Confirm").click()
    codes = page.get_by_test_id("recovery-codes").inner_text().split()
    page.get_by_role("link", name="I have kept them: continue").click()
    return codes


def browser_sign_in(page: Any, username: str, password: str = PASSWORD) -> None:
    """Sign in through the forms, setting up two-factor sign-in as a first sign-in does."""
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    browser_two_factor_setup(page)
    page.get_by_text("Welcome").wait_for()


@pytest.fixture
def case(cast: dict[str, User], places: dict[str, Jurisdiction]) -> Any:
    """A case led by Meera (caseworker) with Farida (legal officer) on the team; the other
    caseworker and the aftercare officer are outside it. One survivor, one event."""
    from mukti.cases import services
    from mukti.core.fuzzydate import parse_when

    opened = services.case_open(
        actor=cast["caseworker"],
        title="Woman held near Basirhat",
        offence_date=__import__("datetime").date(2024, 3, 2),
        origin_country="BD",
        destination_country="IN",
        exploitation=["sexual"],
        team=[cast["legal_officer"]],
    )
    survivor = services.survivor_add(
        actor=cast["caseworker"],
        case=opened,
        pseudonym="Kusum",
        age_years=22,
        nationality="BD",
        identity={"legal_name": "Rokeya Begum Testname", "identity_documents": "NID 1234567890"},
    )
    services.event_record(
        actor=cast["caseworker"],
        case=opened,
        type="information_received",
        when=parse_when("early Mar 2024"),
        survivors=[survivor],
        note="Mother called the hotline.",
    )
    opened.refresh_from_db()
    return opened


@pytest.fixture
def rescue_records(
    case: Any, cast: dict[str, User], offices: dict[str, Office], official: Official
) -> Any:
    """An answered referral, a pending next hop, and an operation with a failed then a
    successful attempt that brought out Kusum and one other woman."""
    from types import SimpleNamespace

    from mukti.core.fuzzydate import parse_when
    from mukti.rescue import services

    meera = cast["caseworker"]
    kusum = case.case_survivors.get().survivor
    first = services.engagement_record(
        actor=meera, case=case, office=offices["sp"], request="rescue",
        when=parse_when("22 Apr 2024 18:00"),
    )  # fmt: skip
    import datetime as dt

    from django.utils import timezone

    at = timezone.make_aware(dt.datetime(2024, 4, 22, 19, 40))
    first = services.engagement_answer(
        actor=meera, engagement=first, expected_version=None, answer="referred", answered_at=at,
        referred_to_office=offices["outpost"], referred_to_official=official,
    )  # fmt: skip
    second = services.engagement_record(
        actor=meera, case=case, office=offices["outpost"], official=official, request="rescue",
        when=parse_when("22 Apr 2024 20:05"), previous=first,
    )  # fmt: skip
    operation = services.operation_plan(
        actor=meera, case=case, target_place=offices["outpost"].jurisdiction,
        lead_office=offices["outpost"], lead_official=official, survivors_sought=[kusum],
        planned_for=timezone.make_aware(dt.datetime(2024, 4, 22, 22, 0)),
    )  # fmt: skip
    services.attempt_record(
        actor=meera, operation=operation, when=parse_when("22 Apr 2024 22:10"), outcome="hidden",
    )  # fmt: skip
    success = services.attempt_record(
        actor=meera, operation=operation, when=parse_when("22 Apr 2024 22:55"),
        outcome="rescued", people_brought_out=2, survivors_out=[kusum],
        others_out=["woman, about 26, her sister-in-law"],
        hand_offs=[(offices["ps"], timezone.make_aware(dt.datetime(2024, 4, 22, 23, 30)), "")],
    )  # fmt: skip
    return SimpleNamespace(
        first=first, second=second, operation=operation, success=success,
        other=success.brought_out.get(survivor__isnull=True),
    )  # fmt: skip


@pytest.fixture
def shelters(places: dict[str, Jurisdiction]) -> dict[str, Office]:
    """A temporary shelter and a long-term home (invented names)."""
    return {
        "temporary": Office.objects.create(
            name="Aashray Short-Stay Home", kind="shelter_home", jurisdiction=places["basirhat"],
            capacity=2,
        ),
        "long_term": Office.objects.create(
            name="Nirapad Long-Term Home", kind="shelter_home", jurisdiction=places["n24"],
            capacity=30,
        ),
    }  # fmt: skip


@pytest.fixture
def care_records(
    case: Any, cast: dict[str, User], offices: dict[str, Office], shelters: dict[str, Office]
) -> Any:
    """Kusum placed in the temporary shelter, a goal, a consent and a repatriation requested."""
    import datetime as dt
    from types import SimpleNamespace

    from mukti.care import services
    from mukti.core.fuzzydate import parse_when

    meera = cast["caseworker"]
    kusum = case.case_survivors.get().survivor
    placement = services.placement_start(
        actor=meera, case=case, survivor=kusum, when=parse_when("23 Apr 2024"),
        home=shelters["temporary"], kind="temporary",
    )  # fmt: skip
    goal = services.goal_add(
        actor=meera, case=case, survivor=kusum, domain="economic", goal="Tailoring course"
    )
    consent = services.consent_record(
        actor=meera, case=case, survivor=kusum, purpose="story", given_on=dt.date(2024, 5, 2)
    )
    repatriation = services.repatriation_open(
        actor=meera, case=case, survivor=kusum, country="BD", when=parse_when("2 May 2024"),
        authority=offices["sp"], border_point="Petrapole–Benapole",
    )  # fmt: skip
    medical = services.medical_record(
        actor=meera, case=case, survivor=kusum, when=parse_when("23 Apr 2024 10:00"),
        facility=offices["hospital"], kind="medico_legal", need="sexual_violence",
    )  # fmt: skip
    return SimpleNamespace(
        placement=placement, goal=goal, consent=consent, repatriation=repatriation,
        step=repatriation.steps.get(), survivor=kusum, medical=medical,
    )  # fmt: skip


@pytest.fixture
def justice_records(
    case: Any, cast: dict[str, User], offices: dict[str, Office], official: Any
) -> SimpleNamespace:
    """An FIR under the IPC and ITPA, a man accused and arrested, and his phone seized by the
    outpost's OC."""
    from types import SimpleNamespace

    from mukti.core.fuzzydate import parse_when
    from mukti.justice import services
    from mukti.justice.models import LegalSection

    meera = cast["caseworker"]
    sections = LegalSection.objects.filter(act__in=["IPC", "ITPA"], number__in=["370", "3"])
    fir = services.fir_register(
        actor=meera, case=case, police_station=offices["ps"], number="217/2024",
        when=parse_when("6 Mar 2024 23:50"), sections=sections,
    )  # fmt: skip
    link = services.accused_add(actor=meera, case=case, name="Bapi Mondal", role="manager")
    arrest = services.arrest_record(
        actor=meera, case=case, accused=link.accused, when=parse_when("6 Mar 2024 23:15"),
        officer=official,
    )  # fmt: skip
    item = services.evidence_seize(
        actor=meera, case=case, when=parse_when("6 Mar 2024 23:40"), kind="phone",
        description="Black phone of the manager", seized_by_office=offices["outpost"],
        seized_by_official=official,
    )  # fmt: skip
    award = services.compensation_award(
        actor=meera, case=case, survivor=case.case_survivors.get().survivor,
        when=parse_when("1 Jun 2025"), awarded_by="DLSA North 24 Parganas",
        amount_awarded=300000,
    )  # fmt: skip
    return SimpleNamespace(
        fir=fir, accused=link.accused, arrest=arrest, item=item, compensation=award
    )


@pytest.fixture
def draft(cast: dict[str, User]) -> Any:
    """An open intake draft Meera (caseworker) read from the sample field report."""
    from pathlib import Path

    from mukti.intake.services import draft_create

    sample = Path(__file__).parent / "intake/corpus/dev/d01-field-report-north-24-parganas.txt"
    return draft_create(
        actor=cast["caseworker"],
        text=sample.read_text(encoding="utf-8"),
        filename="field-report.txt",
    )
