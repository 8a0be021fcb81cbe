"""Full-text search over what everyday screens show: reference, title, summary, pseudonyms,
places and timeline notes. Never over protected identity.

One text row per case (``CaseSearchText``) is indexed by the database's own full-text engine:
PostgreSQL's stored tsvector with a GIN index, SQLite's FTS5 (kept in step by triggers). Both match
each word as a prefix, all words required.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Exists, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from mukti.cases import names
from mukti.cases.access import CARE_EVENTS, JUSTICE_EVENTS
from mukti.cases.models import Case, CaseSearchText, CaseSurvivor, Event
from mukti.core.compiled import compiled

WORD = re.compile(r"\w+", re.UNICODE)
NOT_WORD = re.compile(r"[^\w\s]+", re.UNICODE)


def document(parts: Iterable[str]) -> str:
    """The indexed text: punctuation becomes space, so that both engines see the same words
    (PostgreSQL's parser would otherwise read "Tuli-000001-0" as a word and a signed number)."""
    return "\n".join(NOT_WORD.sub(" ", part) for part in dict.fromkeys(parts) if part)


# The case's texts, each read through a query compiled once per connection (core.compiled):
# the index is rewritten on every change of a timeline (issue 24).
@compiled
def _pseudonyms(case_id: int) -> QuerySet[CaseSurvivor, str]:
    return CaseSurvivor.objects.filter(case_id=case_id).values_list(
        "survivor__pseudonym", flat=True
    )


@compiled
def _notes(case_id: int) -> QuerySet[Event, str]:
    # Notes of care and justice entries stay out of the index: search would otherwise tell a
    # legal officer which words a care note holds, and an aftercare officer an accused's name.
    return (
        Event.objects.filter(case_id=case_id)
        .exclude(note="")
        .exclude(type__in=sorted(CARE_EVENTS | JUSTICE_EVENTS))
        .values_list("note", flat=True)
    )


@compiled
def _place_names(case_id: int) -> QuerySet[Event, str]:
    return Event.objects.filter(case_id=case_id, place__isnull=False).values_list(
        "place__name", flat=True
    )


def case_text(case: Case) -> str:
    parts: list[str] = [case.reference, case.title, case.summary]
    if case.district is not None:
        parts.append(case.district.name)
    parts += _pseudonyms(case.pk)
    parts += _notes(case.pk)
    parts += _place_names(case.pk)
    # Sighting addresses (where a survivor is held) are encrypted and not indexed: the index is
    # plain text, and the place names above already find the case (docs/security.md).
    return document(parts)


def case_reindex(case: Case) -> None:
    CaseSearchText.objects.update_or_create(
        case=case, defaults={"text": case_text(case), "organisation_id": case.organisation_id}
    )


def words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:10]


def filter_cases(cases: QuerySet[Case], query: str, *, organisation: int) -> QuerySet[Case]:
    """The cases whose text has every word of ``query`` (as a prefix), or one of whose
    survivors is named so, in any script or common spelling (through her blind indexes,
    cases/names.py: her name itself is never in the text index). ``cases`` are of the given
    organisation; the text index is looked up for its cases only.

    Whether anybody is named so is asked first (one indexed query; usually nobody). If not,
    PostgreSQL is asked for the cases whose text matches as a correlated EXISTS, which it can
    plan either way: a rare word from the text index, a common one by walking the cases in the
    list's order and checking each until the page is full. A word that 40,527 of 100,000 cases
    contain took 160-200 ms as a subquery of every match (read, hashed, joined and sorted) and
    about 1 ms so; the capped count the same (docs/benchmarks.md)."""
    terms = words(query)
    if not terms:
        return cases
    named = names.cases_named(query)
    if named is not None and not named.filter(case__organisation_id=organisation).exists():
        named = None  # nobody of the organisation is named so
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        # tsv: a stored generated column (migration 0005), not a model field, so that SQLite
        # needs no such column.
        # The index is on (organisation, tsv): a common word's matches in other organisations
        # are not read (at 1,000,000 cases in 50 organisations, 8,051 rows instead of 406,199).
        # btree_gin compares a bigint with a bigint only: the parameter, sent as a literal,
        # would be an integer, and the index would then be used for the words alone.
        matches = "organisation_id = %s::bigint AND tsv @@ to_tsquery('simple', %s)"
        params: list[Any] = [organisation, tsquery]
        if named is None:
            # Unqualified, the columns are the search row's (the innermost table that has them).
            text = CaseSearchText.objects.filter(case_id=OuterRef("pk")).filter(
                RawSQL(matches, params, output_field=BooleanField())  # noqa: S611 (bound)
            )
            return cases.filter(Exists(text))
        sql = f"SELECT case_id FROM cases_casesearchtext WHERE {matches}"  # noqa: S608 (constant)
    else:
        sql = "SELECT rowid FROM cases_case_fts WHERE cases_case_fts MATCH %s"
        params = [" ".join(f'"{term}"*' for term in terms)]
    if named is not None:
        # One subquery of both, not two joined by OR: PostgreSQL cannot join an OR of two
        # subqueries, so it probed them for each case, and once a common word's matches no
        # longer fitted in memory (at 1,000,000 cases) it scanned them again for every case, for
        # minutes. A UNION is one semi-join however many cases match.
        named_sql, named_params = named.order_by().values("case_id").query.sql_with_params()
        sql = f"{sql} UNION {named_sql}"
        params += named_params
    return cases.filter(pk__in=RawSQL(sql, params))  # noqa: S611 (bound parameters)
