"""Personal links and the e-mails that carry them: the one place a link is made, for the
invitation, the reminders and "send me my link again" (ADR 0010: only its digest is kept)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from braid.surveys.models import Invitation, LinkToken
from braid.surveys.rules import digest, link_url, new_token

MAX_LINKS = 6  # personal links one invitation may hold at once ("send me my link again")


def issue_link(invitation: Invitation) -> str:
    """A new personal link for the invitation (its digest stored), the oldest beyond
    MAX_LINKS forgotten."""
    token = new_token()
    LinkToken.objects.create(
        collaborative_id=invitation.collaborative_id, invitation=invitation, digest=digest(token)
    )
    stale = list(invitation.tokens.order_by("-created_at", "-pk").values_list("pk", flat=True))
    if len(stale) > MAX_LINKS:
        LinkToken.objects.filter(pk__in=stale[MAX_LINKS:]).delete()
    return token


def mail_link(invitation: Invitation, token: str, kind: str) -> None:
    """The e-mail with the personal link (`kind`: "invitation" or "reminder"), sent once the
    transaction commits."""
    round_ = invitation.round
    days = (round_.closes_on - timezone.localdate()).days
    with translation.override(invitation.language):
        name = invitation.round.collaborative.name
        if kind == "reminder":
            subject = _("Reminder: %(title)s (%(name)s)") % {
                "title": round_.shown_title,
                "name": name,
            }
            lead = ngettext(
                "The survey closes in %(days)s day. Your answers so far are kept.",
                "The survey closes in %(days)s days. Your answers so far are kept.",
                days,
            ) % {"days": days}
        else:
            subject = _("Your survey: %(title)s (%(name)s)") % {
                "title": round_.shown_title,
                "name": name,
            }
            lead = _("%(name)s asks for your view. It takes about five minutes.") % {"name": name}
        body = _(
            "Hello,\n\n%(lead)s\n\nYour personal link (do not forward it):\n%(url)s\n\n"
            "It closes on %(closes)s. If you lose this link, ask for it again on the survey page."
        ) % {"lead": lead, "url": link_url(token), "closes": round_.closes_on.isoformat()}
    message = (subject, body, invitation.email)
    transaction.on_commit(
        lambda: send_mail(message[0], message[1], None, [message[2]], fail_silently=True)
    )
