"""The standard exports: HTCDS v2.0 (pseudonymised, for one named partner) and the anonymised
dataset in CTDC's shape (k-anonymous). Both read only survivors whose data-sharing consent in
force names the partner (``selectors.consented_survivors``, i.e. ``care.consent.consenting``),
and both write one audit record: who, what, for whom, how many rows, on what consent.

The page, the command line and the tests all call ``htcds_export`` and ``dataset_export``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mukti.accounts.models import Organisation
from mukti.audit.models import AuditAction
from mukti.audit.services import audit_record
from mukti.cases.models import Case, CaseSurvivor, Event, Survivor
from mukti.core.errors import ApplicationError
from mukti.core.fuzzydate import Precision
from mukti.directory.models import Jurisdiction, JurisdictionKind
from mukti.exports import ctdc, htcds
from mukti.exports.htcds import Table
from mukti.exports.selectors import consented_survivors, organisation_survivors
from mukti.justice.models import CaseAccused
from mukti.referrals.models import Referral

FORMATS = ("zip", "json")


class Progress(Protocol):
    """Told what the export is doing, for a progress bar (the command line's)."""

    def stage(self, label: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def stage(self, label: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


@dataclass
class Export:
    filename: str
    content_type: str
    body: bytes
    partner: str
    survivors: int  # included
    left_out: int  # the organisation's other survivors: no consent in force naming the partner
    rows: dict[str, int] = field(default_factory=dict)
    generalised: int = 0
    suppressed: int = 0
    note: str = ""


def pseudonymous_id(kind: str, pk: int, partner: str) -> str:
    """A keyed hash of the database id: the same record keeps the same identifier for the same
    partner from one export to the next; two partners cannot join their files on it; and
    without ``MUKTI_EXPORT_ID_KEY`` nobody can tell which record it is."""
    message = f"{kind}:{partner.strip().lower()}:{pk}".encode()
    digest = hmac.new(settings.MUKTI_EXPORT_ID_KEY.encode(), message, hashlib.sha256)
    return f"{kind}-{digest.hexdigest()[:24]}"


def _checked_partner(partner: str) -> str:
    partner = " ".join(partner.split())
    if not partner:
        raise ApplicationError(
            _("Say which partner the export is for: only survivors whose data-sharing consent "
              "names that partner are included."),
            field="partner",
        )  # fmt: skip
    return partner


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "partner"


def _nothing_consented(organisation: Organisation, partner: str) -> str:
    return _(
        "No survivor of %(organisation)s has a data-sharing consent in force today that names "
        "%(partner)s, so nothing about anyone may be shared with them. This file is empty on "
        "purpose."
    ) % {"organisation": organisation.name, "partner": partner}


def _age_on(
    day: dt.date | None, birth: dt.date | None, years: int | None, assessed: dt.date | None
) -> int | None:
    if day is None:
        return None
    if birth is not None:
        age = day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
    elif years is not None:
        told = assessed or timezone.localdate()
        # Towards zero, not down: assessed at 18 the day after the case opened is 18, not 17.
        age = years + int((day - told).days / 365.25)
    else:
        return None
    return age if 0 <= age <= 120 else None


def _places(ids: set[int]) -> dict[int, dict[str, Any]]:
    """Each place with its ancestors, one query per level of the tree (at most eight)."""
    known: dict[int, dict[str, Any]] = {}
    wanted = set(ids)
    while wanted:
        rows = Jurisdiction.objects.filter(pk__in=wanted).values(
            "pk", "name", "kind", "code", "parent_id"
        )
        for place in rows:
            known[place["pk"]] = dict(place)
        wanted = {p["parent_id"] for p in known.values() if p["parent_id"]} - set(known)
    return known


def _ancestor(places: dict[int, dict[str, Any]], pk: int | None, kind: str) -> dict[str, Any]:
    while pk is not None and pk in places:
        if places[pk]["kind"] == kind:
            return places[pk]
        pk = places[pk]["parent_id"]
    return {}


def _event_day(at: dt.datetime | None, precision: str) -> str:
    if at is None or precision not in (Precision.TIME, Precision.DAY):
        return ""
    return timezone.localtime(at).date().isoformat()


def htcds_tables(
    *, organisation: Organisation, partner: str, progress: Progress | None = None
) -> dict[Table, list[dict[str, str]]]:
    """The organisation's consented records as HTCDS tables (each row a dict of its columns)."""
    progress = progress or _Silent()
    today = timezone.localdate()
    survivors = consented_survivors(organisation_id=organisation.pk, partner=partner, on=today)

    def pid(kind: str, pk: int) -> str:
        return pseudonymous_id(kind, pk, partner)

    def blank(table: Table) -> dict[str, str]:
        return dict.fromkeys(htcds.columns(table), "")

    tables: dict[Table, list[dict[str, str]]] = {t: [] for t in Table}
    people: list[Any] = list(
        survivors.order_by().values(
            "pk", "gender", "nationality", "birth_date", "age_years", "age_assessed_on"
        )
    )
    progress.stage(_("Survivors"), len(people))
    ages: dict[int, dict[str, Any]] = {}
    for person in people:
        ages[person["pk"]] = person
        out = blank(Table.PERSON)
        out["mukti_PersonId"] = pid("P", person["pk"])
        out["prs_Gender"] = htcds.GENDER.get(person["gender"], "NonSpecifiedUnknown")
        out["prs_Citizenship"] = str(person["nationality"] or "")
        tables[Table.PERSON].append(out)
        progress.advance()

    links: list[Any] = list(
        CaseSurvivor.objects.filter(
            survivor__in=survivors.values("pk"), case__organisation_id=organisation.pk
        ).values("case_id", "survivor_id", "case__offence_date", "case__exploitation")
    )
    progress.stage(_("Cases"), len(links))
    for link in links:
        person = ages[link["survivor_id"]]
        out = blank(Table.VICTIM)
        out["mukti_PersonId"] = pid("P", link["survivor_id"])
        out["mukti_CaseId"] = pid("C", link["case_id"])
        age = _age_on(
            link["case__offence_date"],
            person["birth_date"],
            person["age_years"],
            person["age_assessed_on"],
        )
        out["vic_AgeWhenTrafficked"] = "" if age is None else str(age)
        types = {htcds.EXPLOITATION.get(e, "Other") for e in link["case__exploitation"] or []}
        out["vic_TypeOfExploitation"] = htcds.MULTI.join(sorted(types))
        tables[Table.VICTIM].append(out)
        progress.advance()

    cases = Case.objects.filter(
        organisation_id=organisation.pk, case_survivors__survivor__in=survivors.values("pk")
    ).values_list("pk", flat=True)
    latest: dict[int, dict[str, Any]] = {}
    for referral in (
        Referral.objects.filter(case__in=cases)
        .order_by("case_id", "-created_at", "-pk")
        .values("case_id", "to_organisation__name", "created_at")
    ):
        latest.setdefault(referral["case_id"], dict(referral))
    for case in Case.objects.filter(pk__in=cases).values("pk", "status").distinct():
        out = blank(Table.CASE)
        out["mukti_CaseId"] = pid("C", case["pk"])
        out["cas_Status"] = htcds.CASE_STATUS.get(case["status"], "Active")
        if case["pk"] in latest:
            made = latest[case["pk"]]
            out["cas_ReferredOrganisation"] = made["to_organisation__name"] or ""
            out["cas_OutgoingReferralDate"] = (
                timezone.localtime(made["created_at"]).date().isoformat()
            )
        tables[Table.CASE].append(out)

    # The accused of those cases: an identifier and a role, nothing that says who they are.
    accused: set[int] = set()
    roles = CaseAccused.objects.filter(case__in=cases).values("accused_id", "case_id", "role")
    for role in roles:
        accused.add(role["accused_id"])
        out = blank(Table.PERPETRATOR)
        out["mukti_PersonId"] = pid("A", role["accused_id"])
        out["mukti_CaseId"] = pid("C", role["case_id"])
        out["per_RoleInProcess"] = htcds.ROLE_IN_PROCESS.get(role["role"], "Other")
        tables[Table.PERPETRATOR].append(out)
    for pk in accused:
        out = blank(Table.PERSON)
        out["mukti_PersonId"] = pid("A", pk)
        tables[Table.PERSON].append(out)

    events: list[Any] = list(
        Event.survivors.through.objects.filter(
            survivor__in=survivors.values("pk"),
            event__case__organisation_id=organisation.pk,
            event__type__in=list(htcds.EVENT_TYPE),
        ).values(
            "event_id",
            "survivor_id",
            "event__case_id",
            "event__type",
            "event__occurred_at",
            "event__precision",
            "event__place_id",
        )
    )
    progress.stage(_("Trafficking events"), len(events))
    places = _places({e["event__place_id"] for e in events if e["event__place_id"]})
    for event in events:
        place = event["event__place_id"]
        country = _ancestor(places, place, JurisdictionKind.COUNTRY)
        state = _ancestor(places, place, JurisdictionKind.STATE)
        out = blank(Table.EVENTS)
        out["mukti_EventId"] = pid("E", event["event_id"])
        out["mukti_PersonId"] = pid("P", event["survivor_id"])
        out["mukti_CaseId"] = pid("C", event["event__case_id"])
        code = country.get("code", "")
        out["hte_Country"] = code if len(code) == 2 else country.get("name", "")
        out["hte_State"] = state.get("name", "")
        out["hte_Date"] = _event_day(event["event__occurred_at"], event["event__precision"])
        out["hte_Type"] = htcds.EVENT_TYPE[event["event__type"]]
        tables[Table.EVENTS].append(out)
        progress.advance()
    # Rows in the order of their identifiers: the database's order would tell when each was made.
    for table, rows in tables.items():
        links_of = htcds.LINKS[table]
        rows.sort(key=lambda r: tuple(r[c] for c in links_of))
    return tables


def _csv(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _readme(organisation: Organisation, partner: str, day: dt.date, note: str) -> str:
    lines = [
        f"HTCDS {htcds.VERSION} export from Mukti ({organisation.name}) for {partner}, {day}.",
        f"Field names and values: {htcds.SOURCE}.",
        "Only survivors whose data-sharing consent in force names this partner are included.",
        "mukti_PersonId, mukti_CaseId and mukti_EventId are pseudonymous link columns (not HTCDS "
        "fields): stable from one export to the next for this partner.",
        f"Multiselect values are separated by '{htcds.MULTI}'. Empty means not recorded or "
        "withheld (see Mukti's docs/htcds.md).",
    ]
    if note:
        lines.append(note)
    return "\n".join(lines) + "\n"


def _audit(
    *,
    actor: Any,
    what: str,
    fmt: str,
    organisation: Organisation,
    partner: str,
    day: dt.date,
    export: Export,
    ip: str | None,
    extra: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type=f"exports.{what}",
        object_id=_slug(partner),
        object_repr=f"{export.filename}"[:200],
        changes={
            "format": fmt,
            "filters": {"organisation": organisation.name, "partner": partner},
            "rows": export.rows,
            "survivors": export.survivors,
            "left_out_without_consent": export.left_out,
            "consent_basis": f"data_sharing consent in force on {day.isoformat()} naming {partner}",
            "by": "web" if actor is not None else "command line",
            **(extra or {}),
        },
        ip=ip,
    )


def htcds_export(
    *,
    actor: Any,
    organisation: Organisation,
    partner: str,
    fmt: str = "zip",
    ip: str | None = None,
    progress: Progress | None = None,
    write: bool = True,
) -> Export:
    """HTCDS v2.0 for one partner: a zip of one CSV per table (and a README), or one JSON.
    ``write=False`` counts without exporting (the page's check): nothing leaves, no audit."""
    partner = _checked_partner(partner)
    if fmt not in FORMATS:
        raise ApplicationError(_("Choose a zip of CSV files or JSON."), field="format")
    day = timezone.localdate()
    tables = htcds_tables(organisation=organisation, partner=partner, progress=progress)
    survivors = sum(1 for r in tables[Table.PERSON] if r["mukti_PersonId"].startswith("P-"))
    everyone = organisation_survivors(organisation_id=organisation.pk).count()
    note = "" if survivors else _nothing_consented(organisation, partner)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"htcds-{_slug(partner)}-{stamp}"
    if not write:
        body, content_type, filename = b"", "", ""
    elif fmt == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("README.txt", _readme(organisation, partner, day, note))
            for table, rows in tables.items():
                archive.writestr(htcds.FILES[table], _csv(htcds.columns(table), rows))
        body, content_type, filename = buffer.getvalue(), "application/zip", f"{name}.zip"
    else:
        document = {
            "standard": "Human Trafficking Case Data Standard",
            "version": htcds.VERSION,
            "source": htcds.SOURCE,
            "organisation": organisation.name,
            "partner": partner,
            "generated_on": day.isoformat(),
            "note": note,
            "tables": {
                str(table): [{k: (v or None) for k, v in r.items()} for r in rows]
                for table, rows in tables.items()
            },
        }
        body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
        content_type, filename = "application/json", f"{name}.json"
    export = Export(
        filename=filename,
        content_type=content_type,
        body=body,
        partner=partner,
        survivors=survivors,
        left_out=everyone - survivors,
        rows={str(t): len(rows) for t, rows in tables.items()},
        note=note,
    )
    if not write:
        return export
    with transaction.atomic():
        _audit(
            actor=actor, what="htcds", fmt=fmt, organisation=organisation, partner=partner,
            day=day, export=export, ip=ip,
        )  # fmt: skip
    return export


def dataset_victims(
    *, organisation: Organisation, partner: str, progress: Progress | None = None
) -> list[ctdc.Victim]:
    """One ``ctdc.Victim`` per consented survivor, from her first case (registration)."""
    progress = progress or _Silent()
    survivors = consented_survivors(
        organisation_id=organisation.pk, partner=partner, on=timezone.localdate()
    )
    links: list[Any] = list(
        CaseSurvivor.objects.filter(
            survivor__in=survivors.values("pk"), case__organisation_id=organisation.pk
        )
        .order_by("survivor_id", "case__opened_on", "case_id")
        .values(
            "survivor_id",
            "survivor__gender",
            "survivor__nationality",
            "survivor__birth_date",
            "survivor__age_years",
            "survivor__age_assessed_on",
            "case__opened_on",
            "case__destination_country",
            "case__exploitation",
        )
    )
    progress.stage(_("Survivors"), len(links))
    victims: list[ctdc.Victim] = []
    seen: set[int] = set()
    for link in links:
        progress.advance()
        if link["survivor_id"] in seen:
            continue
        seen.add(link["survivor_id"])
        opened: dt.date = link["case__opened_on"]
        victims.append(
            ctdc.Victim(
                age=_age_on(
                    opened,
                    link["survivor__birth_date"],
                    link["survivor__age_years"],
                    link["survivor__age_assessed_on"],
                ),
                gender=link["survivor__gender"],
                citizenship=str(link["survivor__nationality"] or ""),
                country_of_exploitation=str(link["case__destination_country"] or ""),
                exploitation=tuple(link["case__exploitation"] or ()),
                year=opened.year,
            )
        )
    return victims


def dataset_export(
    *,
    actor: Any,
    organisation: Organisation,
    partner: str,
    k: int = ctdc.K,
    ip: str | None = None,
    progress: Progress | None = None,
    write: bool = True,
) -> Export:
    """The anonymised dataset in CTDC's shape, k-anonymous (k ≥ 11) over its six
    quasi-identifiers. ``write=False`` computes the figures without exporting (the page's
    preview): nothing leaves, nothing is audited."""
    partner = _checked_partner(partner)
    if k < ctdc.K:
        raise ApplicationError(
            _("k must be at least %(k)s: smaller groups can identify someone.") % {"k": ctdc.K},
            field="k",
        )
    day = timezone.localdate()
    victims = dataset_victims(organisation=organisation, partner=partner, progress=progress)
    result = ctdc.anonymise(victims, k=k)
    everyone = organisation_survivors(organisation_id=organisation.pk).count()
    if not victims:
        note = _nothing_consented(organisation, partner)
    elif not result.rows:
        note = _(
            "All %(n)s consented records fell in groups smaller than %(k)s even after "
            "generalisation, so all were suppressed: publishing any could identify her."
        ) % {"n": result.suppressed, "k": k}
    else:
        note = ""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    export = Export(
        filename=f"ctdc-dataset-{_slug(partner)}-{stamp}.csv",
        content_type="text/csv",
        body=ctdc.to_csv(result.rows, note).encode(),
        partner=partner,
        survivors=len(victims),
        left_out=everyone - len(victims),
        rows={"dataset": len(result.rows)},
        generalised=result.generalised,
        suppressed=result.suppressed,
        note=note,
    )
    if write:
        with transaction.atomic():
            _audit(
                actor=actor, what="ctdc", fmt="csv", organisation=organisation,
                partner=partner, day=day, export=export, ip=ip,
                extra={"k": k, "generalised": result.generalised,
                       "suppressed": result.suppressed},
            )  # fmt: skip
    return export


def survivor_ids_in(export: Export) -> set[str]:
    """The person identifiers an HTCDS export contains (for tests and checks)."""
    if export.content_type == "application/json":
        document = json.loads(export.body)
        return {
            r["mukti_PersonId"]
            for rows in document["tables"].values()
            for r in rows
            if r.get("mukti_PersonId")
        }
    found: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(export.body)) as archive:
        for table in Table:
            for r in csv.DictReader(io.StringIO(archive.read(htcds.FILES[table]).decode())):
                if r.get("mukti_PersonId"):
                    found.add(r["mukti_PersonId"])
    return found


def person_id(survivor: Survivor, partner: str) -> str:
    return pseudonymous_id("P", survivor.pk, partner)
