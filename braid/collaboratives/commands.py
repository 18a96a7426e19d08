"""Shared base for Braid's management commands: `--collaborative SLUG` resolved once, and every
audit line written while the command runs names the command line, not a person."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from braid.collaboratives.access import Access
from braid.collaboratives.audit import via
from braid.collaboratives.disclosure import Audience, AudienceKind
from braid.collaboratives.models import Collaborative, Membership, Role


class CollaborativeCommand(BaseCommand):
    """A command acting on one collaborative, given as --collaborative SLUG."""

    # False for a command that may make the collaborative (`braid import collaborative`).
    collaborative_required = True

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--collaborative",
            required=self.collaborative_required,
            metavar="SLUG",
            help="Short name (slug) of the collaborative to act on.",
        )

    def command_line(self, options: dict[str, Any]) -> str:
        """How the audit log names this run; commands with positional arguments extend it."""
        name = type(self).__module__.rsplit(".", 1)[-1]
        return f"braid {name} --collaborative {options.get('collaborative', '')}"

    def execute(self, *args: Any, **options: Any) -> Any:
        with via(self.command_line(options)):
            return super().execute(*args, **options)

    def get_collaborative(self, options: dict[str, Any]) -> Collaborative:
        slug = options["collaborative"]
        collaborative = Collaborative.objects.filter(slug=slug).first()
        if collaborative is None:
            known = ", ".join(Collaborative.objects.values_list("slug", flat=True)[:20]) or "none"
            raise CommandError(f"No collaborative with the short name '{slug}'. Known: {known}.")
        return collaborative

    def steward_access(self, collaborative: Collaborative) -> Access:
        """Commands run with a steward's rights (an operator at the console); what they write is
        recorded as the command line (see `execute`), not as that steward."""
        membership = (
            Membership.objects.filter(collaborative=collaborative, role=Role.STEWARD)
            .select_related("user", "collaborative")
            .order_by("pk")
            .first()
        )
        if membership is None:
            raise CommandError("This collaborative has no steward; create one with createsteward.")
        return Access(collaborative=collaborative, membership=membership)


def reader_audience(collaborative: Collaborative, reader: str) -> Audience:
    """The audience a command writes for with `--as viewer|public`: a viewer of the
    collaborative (no organisation), or the public (approved figures only)."""
    if reader == "public":
        return Audience.public(collaborative)
    if reader == "viewer":
        return Audience(AudienceKind.MEMBER, (collaborative,), Role.VIEWER, None, None)
    raise ValueError(f"no audience called {reader!r}: use viewer or public")
