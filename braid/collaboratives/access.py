"""The one place that answers "may this user see / change this?".

Every view and API endpoint resolves the collaborative through `access_for(user, slug)`: a user
who is not a member gets `Http404` (we never reveal that another tenant's object exists), a
member without the right gets `PermissionDenied` (403). Rows are fetched with `get_owned`, which
scopes by collaborative first, so a primary key from another collaborative is a 404 too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _

from braid.collaboratives.disclosure import Audience
from braid.collaboratives.models import Collaborative, Membership, Role
from braid.core.errors import FieldProblem
from braid.core.prepared import Prepared

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Access:
    """A user's standing in one collaborative, resolved once per request."""

    collaborative: Collaborative
    membership: Membership

    @property
    def user(self) -> Any:
        return self.membership.user

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def is_steward(self) -> bool:
        return self.membership.role == Role.STEWARD

    @property
    def is_partner(self) -> bool:
        return self.membership.role == Role.PARTNER

    @property
    def is_viewer(self) -> bool:
        return self.membership.role == Role.VIEWER

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id

    @property
    def audience(self) -> Audience:
        """What this member may see: the disclosure policy (braid.collaboratives.disclosure).
        Visibility is decided there; this module decides who may change what."""
        return Audience.of(self)

    def can_manage(self) -> bool:
        """Set up, invite, approve, publish: stewards only."""
        return self.is_steward

    def can_contribute(self) -> bool:
        """Propose agenda items, log lessons and wins: stewards and partners, not viewers."""
        return self.is_steward or self.is_partner

    def require_contribute(self, message: str = "Viewers read; they cannot add this.") -> None:
        if not self.can_contribute():
            raise PermissionDenied(message)

    def can_edit_for(self, organisation_id: int | None) -> bool:
        """Stewards edit everything; a partner edits what its own organisation owns."""
        if self.is_steward:
            return True
        return (
            self.is_partner
            and organisation_id is not None
            and (organisation_id == self.membership.organisation_id)
        )

    def require_manage(self) -> None:
        if not self.can_manage():
            raise PermissionDenied("Only the collaborative's stewards may do this.")

    def require_edit_for(self, organisation_id: int | None) -> None:
        if not self.can_edit_for(organisation_id):
            raise PermissionDenied("You may only change what your own organisation owns.")

    def scope(self, model_or_qs: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
        qs = (
            model_or_qs
            if isinstance(model_or_qs, models.QuerySet)
            else model_or_qs._default_manager.all()
        )
        return qs.filter(collaborative_id=self.collaborative.pk)

    def owned(
        self,
        model_or_qs: type[M] | models.QuerySet[M],
        ids: Iterable[int],
        *,
        field: str,
        message: str = "",
    ) -> tuple[list[M], list[FieldProblem]]:
        """The rows of this collaborative named by `ids`, and a problem on `field` naming every
        id that is not one of them (another tenant's or none): never silently dropped.
        `message` may use %(ids)s."""
        wanted = sorted(set(ids))
        found = list(self.scope(model_or_qs).filter(pk__in=wanted))
        missing = sorted(set(wanted) - {row.pk for row in found})
        if not missing:
            return found, []
        text = message or _("Not in this collaborative: %(ids)s.")
        return found, [FieldProblem(field, text % {"ids": ", ".join(map(str, missing))})]

    def get_owned(self, model_or_qs: type[M] | models.QuerySet[M], **lookup: Any) -> M:
        """Fetch one row of this collaborative, or 404 (also for other tenants' rows)."""
        try:
            return self.scope(model_or_qs).get(**lookup)
        except (models.ObjectDoesNotExist, ValueError, TypeError) as exc:
            raise Http404("Not found.") from exc


def may_create_collaborative(user: Any) -> bool:
    """Starting a collaborative is a right the installation grants: site administrators
    (is_staff), and anyone signed in when the operator sets BRAID_ANYONE_MAY_CREATE=1."""
    from django.conf import settings

    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_staff or user.is_superuser or settings.BRAID_ANYONE_MAY_CREATE)


def require_create_collaborative(user: Any) -> None:
    if not may_create_collaborative(user):
        raise PermissionDenied(
            _(
                "Starting a collaborative is kept to this installation's administrators; ask "
                "one of them to start it and make you its steward."
            )
        )


def _memberships(user_id: Any) -> models.QuerySet[Membership]:
    return (
        Membership.objects.filter(user_id=user_id, collaborative__archived_at__isnull=True)
        .select_related("collaborative", "organisation")
        .order_by("collaborative__name")
    )


def memberships_of(user: Any) -> models.QuerySet[Membership]:
    """The user's memberships of collaboratives that are not archived, by collaborative name,
    with the collaborative and the organisation."""
    if not getattr(user, "is_authenticated", False):
        return Membership.objects.none()
    return _memberships(user.pk)


# Every signed-in page reads them (its access, the layout's switcher): the same queryset,
# its SQL built once per process (braid.core.prepared).
_memberships_prepared = Prepared(Membership, _memberships)


def memberships_list(user: Any) -> list[Membership]:
    """`memberships_of(user)` as a list, read with SQL built once (a page's hot path)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return _memberships_prepared(user.pk)


def access_for(user: Any, slug: str, memberships: list[Membership] | None = None) -> Access:
    """Resolve `slug` for `user`, or raise Http404 when they are not a member. `memberships`,
    the user's `memberships_list` when the caller has read them already (a page, whose layout
    lists them), saves a query."""
    if memberships is None:
        memberships = memberships_list(user)
    membership = next((m for m in memberships if m.collaborative.slug == slug), None)
    if membership is None:
        raise Http404("Not found.")
    membership.user = user
    return Access(collaborative=membership.collaborative, membership=membership)
