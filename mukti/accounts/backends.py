"""The signed-in user of each request read through a query compiled once per connection
(``core.compiled``; issue 24): every signed-in request loads its user, and Django compiled that
query afresh each time, as it did the session's (``accounts.sessions``). Otherwise Django's
``ModelBackend`` unchanged: the same password check at sign-in, the same refusal of an inactive
account, the same permissions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db.models import QuerySet

from mukti.accounts.models import User
from mukti.core.compiled import compiled


@compiled
def _user(pk: int) -> QuerySet[User]:
    return User._default_manager.filter(pk=pk)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """As Django's: the user of this id, if there is one and she may sign in."""
        found = _user(user_id) if isinstance(user_id, int) else []
        user = found[0] if found else None
        return user if user is not None and self.user_can_authenticate(user) else None
