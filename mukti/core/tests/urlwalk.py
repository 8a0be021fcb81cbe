"""Every URL pattern, with arguments filled from the shared records: the all-URLs access test
and the hardening tests (CSP, CSRF) walk the same list, so a new view is covered by both."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = [
    "anonymous",
    "caseworker",
    "other_caseworker",
    "supervisor",
    "legal_officer",
    "aftercare_officer",
    "data_officer",
    "administrator",
]


def api_access(pattern: URLPattern) -> dict[str, str] | None:
    """An API operation's mark, the action each method needs (mukti/api/v1.py), or None for a
    page (whose mark is one action for the view)."""
    mark = getattr(pattern.callback, "mukti_access", None)
    return mark if isinstance(mark, dict) else None


def api_client(user: Any) -> Any:
    """A client sending a read-and-write API token of ``user`` (none for anonymous)."""
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from mukti.api.services import token_create

    if user is None:
        return Client(raise_request_exception=False)
    expires = timezone.localdate() + dt.timedelta(days=30)
    _token, raw = token_create(actor=user, name="all URLs", expires_on=expires, can_write=True)
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")


def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def every_url(
    url_arguments: dict[str, Any],
) -> Iterator[tuple[str, URLPattern, dict[str, Any], str]]:
    """(name, pattern, kwargs, url) for every URL pattern; fails on an argument it cannot fill."""
    for name, pattern in walk(get_resolver().url_patterns):
        missing = set(pattern.pattern.regex.groupindex) - set(url_arguments)
        assert not missing, f"{name}: teach url_arguments about {missing}"
        kwargs = {k: url_arguments[k] for k in pattern.pattern.regex.groupindex}
        yield name, pattern, kwargs, reverse(name, kwargs=kwargs)
