"""Every write on collaboratives, memberships and invitations; each one audited."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from braid.accounts.models import User
from braid.collaboratives import selectors
from braid.collaboratives.access import Access
from braid.collaboratives.audit import audit_record, exempt, vocabulary
from braid.collaboratives.models import Collaborative, Invitation, Membership, Notice, Role
from braid.core.errors import ConflictError, ServiceError

INVITATION_DAYS = 14
RESERVED_SLUGS = {"new", "start", "api", "admin", "static", "accounts", "invitations"}
__all__ = ["audit_record"]  # the audit call, kept importable from here for every module

vocabulary(
    {
        "collaborative.created": gettext_lazy("Collaborative created; %(user)s became its steward"),
        "collaborative.updated": gettext_lazy("Settings changed: %(fields)s"),
        "invitation.sent": gettext_lazy("%(email)s invited as %(role_label)s"),
        "invitation.withdrawn": gettext_lazy("Invitation to %(email)s withdrawn"),
        "membership.joined": gettext_lazy(
            "%(user)s accepted the invitation and joined as %(role_label)s"
        ),
        "membership.role_changed": gettext_lazy(
            "%(user)s changed from %(before_role_label)s to %(role_label)s"
        ),
        "membership.removed": gettext_lazy("%(user)s (%(role_label)s) removed"),
        "steward.appointed": gettext_lazy("%(user)s made steward"),
    },
    labels={"role": Role, "before_role": Role},
)


@exempt("checks a short name, writes nothing")
def free_slug(wanted: str) -> str:
    """The short name a new collaborative gets from `wanted`, if it is allowed and free."""
    slug = slugify(wanted)[:60]
    if not slug or slug in RESERVED_SLUGS:
        raise ServiceError.on("slug", _("Choose another short name: this one is reserved."))
    if Collaborative.objects.filter(slug=slug).exists():
        raise ServiceError.on(
            "slug", _("The short name “%(slug)s” is taken; choose another.") % {"slug": slug}
        )
    return slug


@transaction.atomic
def collaborative_create(
    *,
    user: User,
    name: str,
    slug: str = "",
    issue: str = "",
    issue_fr: str = "",
    is_demo: bool = False,
) -> Collaborative:
    """A new collaborative, its creator its steward; the issue in English, French or both."""
    name = name.strip()
    if not name:
        raise ServiceError.on("name", _("Give the collaborative a name."))
    slug = free_slug(slug or name)
    collaborative = Collaborative.objects.create(
        name=name[:200],
        slug=slug,
        issue=issue.strip()[:300],
        issue_fr=issue_fr.strip()[:300],
        is_demo=is_demo,
    )
    Membership.objects.create(collaborative=collaborative, user=user, role=Role.STEWARD)
    audit_record(
        collaborative=collaborative,
        actor=user,
        action="collaborative.created",
        details={"user": user.email, "role": Role.STEWARD},
    )
    return collaborative


SETTINGS_FIELDS = (
    "name",
    "issue",
    "issue_fr",  # the issue in French (ADR 0015): audited and versioned like the English
    "description",
    "suppression_threshold",
    "min_group_size",
    "shares_stakeholder_analysis",
)


@transaction.atomic
def collaborative_update(
    *, access: Access, version: str | None = None, **changes: Any
) -> Collaborative:
    """Change the collaborative's settings; the audit line keeps before and after. `version`
    (`settings_version`, as the editor loaded them) refuses a save over someone else's newer
    one: the ConflictError carries the current values."""
    access.require_manage()
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        raise ServiceError(
            _("Unknown settings: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    if "name" in changes and not str(changes["name"]).strip():
        raise ServiceError.on("name", _("Give the collaborative a name."))
    for key in ("suppression_threshold", "min_group_size"):
        if key in changes and not 1 <= int(changes[key]) <= 100:
            raise ServiceError.on(key, _("Choose a number between 1 and 100."))
    collaborative = Collaborative.objects.select_for_update().get(pk=access.collaborative.pk)
    if version is not None and version != selectors.settings_version(collaborative):
        raise ConflictError(
            _(
                "Someone else saved these settings while you were editing them. Nothing of "
                "yours was saved: check their changes, then make yours again."
            ),
            current={
                **{f: getattr(collaborative, f) for f in SETTINGS_FIELDS},
                "version": selectors.settings_version(collaborative),
            },
        )
    before = {k: getattr(collaborative, k) for k in changes}
    for key, value in changes.items():
        setattr(collaborative, key, value.strip() if isinstance(value, str) else value)
    collaborative.save(update_fields=list(changes))
    after = {k: getattr(collaborative, k) for k in changes}
    changed = {
        k: {"before": before[k], "after": after[k]} for k in changes if before[k] != after[k]
    }
    if changed:
        audit_record(
            collaborative=collaborative,
            actor=access.user,
            action="collaborative.updated",
            details={"fields": sorted(changed), "changes": changed},
        )
    return collaborative


def _validate_role(access: Access, role: str, organisation_id: int | None) -> Any:
    if role not in Role.values:
        raise ServiceError.on("role", _("Choose a role: steward, partner or viewer."))
    if role != Role.PARTNER:
        return None
    if organisation_id is None:
        raise ServiceError.on(
            "organisation", _("A partner acts for one organisation: choose which.")
        )
    # The organisation table is the one the membership's foreign key names (ADR 0008): the
    # tenant core reaches it through its own field, never by importing the partners module.
    organisation_model: Any = Membership._meta.get_field("organisation").related_model
    organisation = organisation_model._default_manager.filter(
        collaborative_id=access.collaborative.pk, pk=organisation_id
    ).first()
    if organisation is None:
        raise ServiceError.on(
            "organisation", _("That organisation is not in this collaborative's register.")
        )
    return organisation


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: Invitation
    secret: str

    @property
    def path(self) -> str:
        return reverse("invitation_accept", args=[self.secret])


@transaction.atomic
def invitation_create(
    *, access: Access, email: str, role: str, organisation_id: int | None = None
) -> IssuedInvitation:
    access.require_manage()
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ServiceError.on(
            "email", _("“%(email)s” is not an e-mail address.") % {"email": email}
        ) from exc
    organisation = _validate_role(access, role, organisation_id)
    collaborative = access.collaborative
    if Membership.objects.filter(collaborative=collaborative, user__email__iexact=email).exists():
        raise ServiceError.on(
            "email",
            _("%(email)s is already a member; change their role instead.") % {"email": email},
        )
    now = timezone.now()
    Invitation.objects.filter(
        collaborative=collaborative, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        collaborative=collaborative,
        email=email,
        role=role,
        organisation=organisation,
        digest=hashlib.sha256(secret.encode()).hexdigest(),
        invited_by=access.user,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    audit_record(
        collaborative=collaborative,
        actor=access.user,
        action="invitation.sent",
        details={"email": email, "role": role, "organisation": str(organisation or "")},
    )
    issued = IssuedInvitation(invitation=invitation, secret=secret)
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: _send_invitation(issued, language))
    return issued


def _send_invitation(issued: IssuedInvitation, language: str) -> None:
    invitation = issued.invitation
    with translation.override(language):
        context = {
            "invitation": invitation,
            "collaborative": invitation.collaborative,
            "url": settings.SITE_URL + issued.path,
            "days": INVITATION_DAYS,
        }
        subject = _("You are invited to join %(name)s on Braid") % {
            "name": invitation.collaborative.name
        }
        body = render_to_string("collaboratives/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@exempt("finds an invitation, writes nothing")
def invitation_by_secret(secret: str) -> Invitation | None:
    digest = hashlib.sha256(secret.encode()).hexdigest()
    invitation: Invitation | None = (
        Invitation.objects.select_related("collaborative", "organisation")
        .filter(digest=digest)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *, secret: str, user: User | None = None, password: str = "", full_name: str = ""
) -> Membership:
    """Accept an invitation: an existing (logged-in) user joins, or a new account is made."""
    invitation = invitation_by_secret(secret)
    if invitation is None:
        raise ServiceError(
            _("This invitation link is no longer valid. Ask a steward to invite you again.")
        )
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ServiceError(_("You already have an account: log in, then open the link again."))
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name.strip()
        )
    elif user.email.lower() != invitation.email.lower():
        raise ServiceError(
            _("This invitation was sent to %(email)s; log in with that address.")
            % {"email": invitation.email}
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                collaborative=invitation.collaborative,
                user=user,
                role=invitation.role,
                organisation=invitation.organisation,
            )
    except IntegrityError as exc:
        raise ServiceError(_("You are already a member of this collaborative.")) from exc
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        collaborative=invitation.collaborative,
        actor=user,
        action="membership.joined",
        details={"user": user.email, "role": invitation.role},
    )
    return membership


def _other_stewards(membership: Membership) -> int:
    return (
        Membership.objects.filter(collaborative_id=membership.collaborative_id, role=Role.STEWARD)
        .exclude(pk=membership.pk)
        .count()
    )


@transaction.atomic
def membership_change_role(
    *, access: Access, membership_id: int, role: str, organisation_id: int | None = None
) -> Membership:
    access.require_manage()
    membership: Membership = access.get_owned(
        Membership.objects.select_for_update(), pk=membership_id
    )
    organisation = _validate_role(access, role, organisation_id)
    if (
        membership.role == Role.STEWARD
        and role != Role.STEWARD
        and _other_stewards(membership) == 0
    ):
        raise ServiceError.on(
            "role", _("A collaborative needs at least one steward: appoint another one first.")
        )
    before = {"role": membership.role, "organisation": str(membership.organisation or "")}
    membership.role = role
    membership.organisation = organisation
    membership.save(update_fields=["role", "organisation"])
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="membership.role_changed",
        details={
            "user": membership.user.email,
            "role": role,
            "before_role": before["role"],
            "before": before,
            "after": {"role": role, "organisation": str(organisation or "")},
        },
    )
    return membership


@transaction.atomic
def membership_remove(*, access: Access, membership_id: int) -> None:
    access.require_manage()
    membership = access.get_owned(Membership.objects.select_related("user"), pk=membership_id)
    if membership.role == Role.STEWARD and _other_stewards(membership) == 0:
        raise ServiceError(_("You cannot remove the last steward: appoint another steward first."))
    email = membership.user.email
    role = membership.role
    membership.delete()
    audit_record(
        collaborative=access.collaborative,
        actor=access.user,
        action="membership.removed",
        details={"user": email, "role": role},
    )


def invitation_revoke(*, access: Access, invitation_id: int) -> Invitation:
    access.require_manage()
    invitation = access.get_owned(Invitation, pk=invitation_id)
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            collaborative=access.collaborative,
            actor=access.user,
            action="invitation.withdrawn",
            details={"email": invitation.email},
        )
    return invitation


@exempt(
    "a notice to people, sent by the service whose change it announces (which audits)", writes=True
)
def notice_send(
    *,
    collaborative: Collaborative,
    users: list[Any],
    action: str,
    details: dict[str, Any],
    url: str,
) -> list[Notice]:
    """Put a notice on these members' home page until they open or dismiss it. `action` is a
    word of the audit vocabulary, so the notice reads in each reader's language."""
    return Notice.objects.bulk_create(
        Notice(collaborative=collaborative, user=u, action=action, details=details, url=url[:300])
        for u in users
    )


@exempt("the reader marks their own notice as seen", writes=True)
def notice_seen(*, access: Access, notice_id: int) -> Notice:
    notice: Notice = access.get_owned(Notice.objects.filter(user_id=access.user.pk), pk=notice_id)
    if notice.seen_at is None:
        notice.seen_at = timezone.now()
        notice.save(update_fields=["seen_at"])
    return notice
