"""Meetings and what they produce: series, agenda items, attendance, minutes (with their
amendments and corrections), decisions, action items, calendar tokens.

Times: a meeting is stored as an aware instant (`starts_at`, UTC in the database) together
with the wall-clock time zone it was scheduled in (`time_zone`), so a series keeps "9:30 in
Toronto" across daylight-saving changes and the calendar feeds can carry a VTIMEZONE.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from braid.collaboratives.tenancy import TenantModel
from braid.core import bilingual


class Gathering(models.TextChoices):
    BODY = "body", _("Meeting of a governance body")
    ALL_PARTNERS = "all_partners", _("Meeting of all partners")
    FORUM = "forum", _("Community forum")


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month, same weekday (e.g. second Tuesday)")
    BIMONTHLY = "bimonthly", _("Every two months, same weekday")
    QUARTERLY = "quarterly", _("Every three months, same weekday")


class Series(TenantModel):
    """A recurring meeting: its rule (RFC 5545 RRULE on the wall clock of `time_zone`), its
    template agenda (items with `template=True`) and its backlog (items with no meeting)."""

    title = models.CharField(_("title"), max_length=200)
    gathering = models.CharField(
        _("who meets"), max_length=16, choices=Gathering.choices, default=Gathering.BODY
    )
    body = models.ForeignKey(
        "agenda.GovernanceBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_series",
        verbose_name=_("governance body"),
    )
    frequency = models.CharField(_("repeats"), max_length=12, choices=Frequency.choices)
    rrule = models.CharField(max_length=200)
    first_date = models.DateField(_("first meeting"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    count = models.PositiveSmallIntegerField(_("number of meetings"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True, max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["collaborative", "body"])]

    def __str__(self) -> str:
        return self.title


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MinutesStatus(models.TextChoices):
    NONE = "none", _("Not started")
    DRAFT = "draft", _("Draft")
    CIRCULATED = "circulated", _("Circulated for amendments")
    APPROVED = "approved", _("Approved")
    FROZEN = "frozen", _("Frozen")


class Meeting(TenantModel):
    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    sequence = models.PositiveSmallIntegerField(default=0)  # position in its series, from 1
    detached = models.BooleanField(default=False)  # changed as "this occurrence only"
    gathering = models.CharField(
        _("who meets"), max_length=16, choices=Gathering.choices, default=Gathering.BODY
    )
    body = models.ForeignKey(
        "agenda.GovernanceBody",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("governance body"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True, max_length=500)
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    invited_organisations = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name=_("organisations")
    )
    invited_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people")
    )
    agenda_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_status = models.CharField(
        max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    minutes = models.TextField(_("minutes (Markdown)"), blank=True)
    minutes_frozen = models.TextField(blank=True)  # the text as it was frozen, kept for ever
    minutes_circulated_at = models.DateTimeField(null=True, blank=True)
    minutes_approved_at = models.DateTimeField(null=True, blank=True)
    minutes_frozen_at = models.DateTimeField(null=True, blank=True)
    carried_forward_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["collaborative", "starts_at"]),
            models.Index(fields=["collaborative", "body", "starts_at"]),
            models.Index(fields=["collaborative", "series", "sequence"]),
        ]

    def __str__(self) -> str:
        return self.title


class Purpose(models.TextChoices):
    INFORMATION = "information", _("Information")
    DISCUSSION = "discussion", _("Discussion")
    DECISION = "decision", _("Decision")


class ItemState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")  # by a partner, waiting for whoever drafts the agenda
    ON_AGENDA = "on_agenda", _("On the agenda")
    DONE = "done", _("Dealt with")
    UNFINISHED = "unfinished", _("Unfinished")
    DECLINED = "declined", _("Declined")


class AgendaItem(TenantModel):
    """An item of a meeting's agenda; with no meeting, an item of a series' backlog (or its
    template when `template`)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="items"
    )
    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, null=True, blank=True, related_name="items"
    )
    template = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=300)
    purpose = models.CharField(
        _("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.DISCUSSION
    )
    note = models.TextField(_("note"), blank=True)
    minutes_allotted = models.PositiveSmallIntegerField(
        _("minutes allotted"), null=True, blank=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    owner_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    state = models.CharField(max_length=12, choices=ItemState.choices, default=ItemState.ON_AGENDA)
    outcome = models.TextField(_("outcome"), blank=True)
    # Counts its edits: an editor who loaded an older one is refused (optimistic locking).
    version = models.PositiveIntegerField(default=1)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_to"
    )
    carried_action = models.ForeignKey(
        "ActionItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    indicator = models.ForeignKey(
        "measures.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    activity = models.ForeignKey(
        "agenda.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    link_label = models.CharField(max_length=200, blank=True)
    link_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["collaborative", "meeting", "position"])]

    def __str__(self) -> str:
        return self.title

    @property
    def on_agenda(self) -> bool:
        """On the agenda (a steward's item), not waiting as a proposal."""
        return self.state == ItemState.ON_AGENDA


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    APOLOGIES = "apologies", _("Apologies")
    ABSENT = "absent", _("Absent")


class Attendance(TenantModel):
    """One person at one meeting (a member with an account, or a named contact), with their
    organisation; `organisation` alone (no person) records an organisation's seat."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    status = models.CharField(_("attendance"), max_length=10, choices=Presence.choices)
    chaired = models.BooleanField(_("chaired"), default=False)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["collaborative", "meeting"])]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="meetings_attendance_one_per_user",
            )
        ]


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not taken")


class MinutesComment(TenantModel):
    """A comment on circulated minutes, or (with `proposed_text`) an amendment: only people
    recorded as present may propose one."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    is_amendment = models.BooleanField(default=False)
    status = models.CharField(
        max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class MinutesCorrection(TenantModel):
    """A correction of frozen minutes: who, why, the text before and after."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="corrections")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why"))
    before = models.TextField()
    after = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class Method(models.TextChoices):
    CONSENSUS = "consensus", _("Consensus")
    CONSENT = "consent", _("Consent (objections recorded and resolved)")
    VOTE = "vote", _("Vote")


class DecisionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUPERSEDED = "superseded", _("Superseded")
    REVOKED = "revoked", _("Revoked")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


class Decision(TenantModel):
    """One line of the decisions register: never deleted."""

    number = models.PositiveIntegerField()  # D-1, D-2… per collaborative
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    # Texts in both languages (ADR 0015): `x` in English, `x_fr` in French, either may be empty.
    title = models.CharField(_("what was decided"), max_length=300, blank=True)
    title_fr = models.CharField(_("what was decided, in French"), max_length=300, blank=True)
    text = models.TextField(_("details"), blank=True)
    text_fr = models.TextField(_("details, in French"), blank=True)
    decided_on = models.DateField(_("decided on"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    votes_for = models.PositiveIntegerField(null=True, blank=True)
    votes_against = models.PositiveIntegerField(null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveIntegerField(null=True, blank=True)  # members present
    members = models.PositiveIntegerField(null=True, blank=True)  # members of the body
    quorum_pct = models.PositiveSmallIntegerField(null=True, blank=True)
    majority_pct = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.ACTIVE
    )
    reason = models.TextField(blank=True)  # why not adopted / revoked
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    dissenting = models.ManyToManyField(
        "partners.Organisation", blank=True, related_name="+", verbose_name=_("dissent from")
    )
    activities = models.ManyToManyField(
        "agenda.Activity", blank=True, related_name="+", verbose_name=_("activities")
    )
    indicators = models.ManyToManyField(
        "measures.Indicator", blank=True, related_name="+", verbose_name=_("indicators")
    )
    agenda_versions = models.ManyToManyField(
        "agenda.AgendaVersion", blank=True, related_name="+", verbose_name=_("agenda versions")
    )
    terms_versions = models.ManyToManyField(
        "agenda.TermsVersion", blank=True, related_name="+", verbose_name=_("terms of reference")
    )
    changes = models.TextField(_("what it changes"), blank=True)
    changes_fr = models.TextField(_("what it changes, in French"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "number"], name="meetings_decision_number"
            )
        ]
        indexes = [models.Index(fields=["collaborative", "decided_on"])]

    TEXTS = ("title", "text", "changes")

    @property
    def shown_title(self) -> str:
        """What was decided, in the reader's language or else the other (plain text)."""
        return bilingual.pick(self, "title").text

    def __str__(self) -> str:
        return f"D-{self.number} {self.shown_title}"


class Objection(TenantModel):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objections")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("objection"))
    resolution = models.TextField(_("how it was resolved"), blank=True)

    class Meta:
        ordering = ["pk"]


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action status", "Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(TenantModel):
    title = models.CharField(_("action"), max_length=300)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=ActionStatus.choices, default="open")
    indicator = models.ForeignKey(
        "measures.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    activity = models.ForeignKey(
        "agenda.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("activity"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    reminded_due_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["collaborative", "owner", "status"]),
            models.Index(fields=["collaborative", "created_by", "status"]),
            models.Index(fields=["collaborative", "organisation", "status"]),
            models.Index(fields=["collaborative", "status", "due_on"]),
        ]

    def __str__(self) -> str:
        return self.title


class ActionUpdate(TenantModel):
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("update"))
    status = models.CharField(max_length=10, choices=ActionStatus.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]


class CalendarFeed(TenantModel):
    """A calendar feed reached by a secret token (stored as its SHA-256 digest): a member's
    own (the meetings they are invited to) or a body's. Revoked feeds answer 404."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    body = models.ForeignKey(
        "agenda.GovernanceBody", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["collaborative", "user"])]


class Notify(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    NONE = "none", _("Never")


class NotificationPreference(models.Model):
    """How one person wants one kind of news (no row: the kind's default, the daily digest).
    A person's choice, the same in every collaborative they belong to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    frequency = models.CharField(max_length=10, choices=Notify.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="meetings_notify_pref_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.frequency}"


class Notification(TenantModel):
    """One line waiting to be e-mailed (the outbox): worded when sent, in the recipient's
    language, from the audit vocabulary (`action`, `details`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    key = models.CharField(max_length=100, blank=True)  # what merges: "meeting:12"
    action = models.CharField(max_length=64)
    details = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    frequency = models.CharField(max_length=10, choices=Notify.choices)
    changes = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["sent_at", "frequency"]),
            models.Index(fields=["collaborative", "user", "created_at"]),
        ]

    @property
    def summary(self) -> str:  # what audit.render falls back to
        return self.action
