"""Survey rounds, invitations (personal links), anonymous responses and network ratings.

What holds anonymity in the data (ADR 0010): an `Invitation` knows the person and the
organisation, and holds their draft while they answer (so the link resumes); when they finish,
the answers move to a `Response` that has no link to the invitation, a random primary key (no
insertion order) and no timestamp, the draft is erased and the invitation keeps only
"finished". Personal links are `LinkToken` rows: only the SHA-256 digest of each is stored.
Network ratings (`NetworkRating`) belong to the answering organisation, never to a person.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from braid.collaboratives.tenancy import TenantModel
from braid.core import bilingual


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class RoundLanguages(models.TextChoices):
    BOTH = "en,fr", _("English and French")
    EN = "en", _("English")
    FR = "fr", _("French")


class InstrumentFile(TenantModel):
    """An instrument definition a collaborative loaded (one it holds a licence for)."""

    key = models.CharField(_("instrument"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("definition file"))
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "key", "version"], name="surveys_instrument_file_unique"
            )
        ]
        ordering = ["key", "version"]

    @property
    def ref(self) -> str:
        return f"{self.key}@{self.version}"


class Round(TenantModel):
    # The title in both languages (ADR 0015): either may be empty, not both; no two rounds of a
    # collaborative share a title, in either language (rounds.services checks across them).
    title = models.CharField(_("title"), max_length=200, blank=True)
    title_fr = models.CharField(_("title, in French"), max_length=200, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    languages = models.CharField(
        _("languages"), max_length=5, choices=RoundLanguages.choices, default=RoundLanguages.BOTH
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    is_readiness = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    # The day its answers were last written again in a random order (surveys.mixing).
    mixed_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "title"],
                condition=~models.Q(title=""),
                name="surveys_round_title",
            ),
            models.UniqueConstraint(
                fields=["collaborative", "title_fr"],
                condition=~models.Q(title_fr=""),
                name="surveys_round_title_fr",
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="surveys_round_dates",
            ),
        ]
        indexes = [models.Index(fields=["collaborative", "opens_on"])]
        ordering = ["opens_on", "pk"]

    @property
    def shown_title(self) -> str:
        """The title in the reader's language, else the other's (plain text)."""
        return bilingual.pick(self, "title").text

    def __str__(self) -> str:
        return self.shown_title

    def is_open_on(self, day: object) -> bool:
        return self.status == RoundStatus.OPEN and self.opens_on <= day <= self.closes_on  # type: ignore[operator]


class RoundInstrument(TenantModel):
    """One instrument of a round, by reference (`braid-factors@1`), in the order asked."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="instruments")
    ref = models.CharField(_("instrument"), max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "round", "ref"], name="surveys_round_instrument_unique"
            )
        ]
        ordering = ["position", "pk"]


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    STARTED = "started", _("Started")
    FINISHED = "finished", _("Finished")


class Invitation(TenantModel):
    """A respondent of a round. Keeps no answer once finished, and no time at which the person
    answered (sending times are kept: they are when Braid wrote, not when they answered)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    status = models.CharField(
        max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    # The answers given so far ({ref: {item: value}}; network: {ref: {org id: {...}}}), erased
    # when the response is finished.
    draft = models.JSONField(default=dict, blank=True)
    page = models.PositiveSmallIntegerField(default=0)
    sent_count = models.PositiveSmallIntegerField(default=0)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "round", "email"], name="surveys_invitation_unique"
            )
        ]
        indexes = [models.Index(fields=["collaborative", "round", "status"])]
        ordering = ["organisation__name", "email"]


class LinkToken(TenantModel):
    """A personal link (`/s/<token>/`): the digest of a 128-bit random token. An invitation may
    hold a few (the first invitation, "send me my link again"): each works until it finishes."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="tokens")
    digest = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collaborative", "digest"], name="surveys_token_unique")
        ]
        indexes = [models.Index(fields=["collaborative", "invitation"])]


class Response(TenantModel):
    """A finished anonymous answer: no invitation, no person, no time; a random key.
    The sector and organisation type are kept for the breakdowns (shown above the floor)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    sector = models.CharField(max_length=40, blank=True)
    org_type = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["collaborative", "round"])]


class Answer(TenantModel):
    """One item's answer in a finished response, with the instrument it was given under."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=80)
    item = models.CharField(max_length=60)
    value = models.SmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "response", "instrument", "item"],
                name="surveys_answer_unique",
            )
        ]
        indexes = [models.Index(fields=["collaborative", "round", "instrument", "item"])]


class Tally(TenantModel):
    """A round's answers counted as they come (`surveys.tallies`): for one instrument, one level
    (item, factor, category; "respondents") and one sector × organisation type cell, how many
    respondents answered `n` items of `key` with values summing to `total`. Each finished
    response adds one to its rows, in the transaction that finishes it; the round's own row
    (instrument and level "round", no cell) counts the responses added. Aggregates only: no
    response, no person, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=80, blank=True)
    level = models.CharField(max_length=12)
    key = models.CharField(max_length=60, blank=True)
    sector = models.CharField(max_length=40, blank=True)
    org_type = models.CharField(max_length=20, blank=True)
    n = models.PositiveSmallIntegerField(default=0)
    total = models.IntegerField(default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "collaborative",
                    "round",
                    "instrument",
                    "level",
                    "key",
                    "sector",
                    "org_type",
                    "n",
                    "total",
                ],
                name="surveys_tally_unique",
            )
        ]


class NetworkRating(TenantModel):
    """How one organisation rates its collaboration with another in a round: the level (on the
    instrument's scale, stored with its id) and the six trust/value dimensions (1..4, optional).
    One set of ratings per organisation per round: the first of its people to finish gives it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ratings")
    instrument = models.CharField(max_length=80)
    scale = models.CharField(max_length=60)
    rater = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    ratee = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField()
    power = models.PositiveSmallIntegerField(null=True, blank=True)
    involvement = models.PositiveSmallIntegerField(null=True, blank=True)
    resources = models.PositiveSmallIntegerField(null=True, blank=True)
    reliability = models.PositiveSmallIntegerField(null=True, blank=True)
    mission = models.PositiveSmallIntegerField(null=True, blank=True)
    openness = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "round", "rater", "ratee"], name="surveys_rating_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(rater=models.F("ratee")), name="surveys_rating_no_self"
            ),
        ]
        indexes = [models.Index(fields=["collaborative", "round"])]


class PrincipleCheck(TenantModel):
    """A steward's tick (with a note) on one of the ten principles or four stages."""

    key = models.CharField(max_length=40)
    done = models.BooleanField(default=False)
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collaborative", "key"], name="surveys_principle_unique"
            )
        ]
