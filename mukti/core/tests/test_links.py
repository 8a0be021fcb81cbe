"""``links``: the URL reversed once gives what ``reverse()`` gives for every value."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mukti.core.links import links

REFERENCES = ["MK-2024-0001", "SY-2000-000001", "a b&c?", "কেস-১", "98765"]


@pytest.mark.parametrize("reference", REFERENCES)
def test_a_link_is_what_reverse_writes(reference: str) -> None:
    assert links("cases:case-detail")(reference) == reverse("cases:case-detail", args=[reference])
    edit = links("cases:event-edit", reference)
    for pk in (1, 42, 987654321):
        assert edit(pk) == reverse("cases:event-edit", args=[reference, pk])
    assert links("deadlines:clock-acknowledge")(7) == reverse(
        "deadlines:clock-acknowledge", args=[7]
    )
