"""Shared base for Braid's management commands: `--collaborative SLUG` resolved once."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class CollaborativeCommand(BaseCommand):
    """A command acting on one collaborative, given as --collaborative SLUG."""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--collaborative",
            required=True,
            metavar="SLUG",
            help="Short name (slug) of the collaborative to act on.",
        )

    def get_collaborative(self, options: dict[str, Any]) -> Any:
        from braid.collaboratives.models import Collaborative

        slug = options["collaborative"]
        collaborative = Collaborative.objects.filter(slug=slug).first()
        if collaborative is None:
            known = ", ".join(Collaborative.objects.values_list("slug", flat=True)[:20]) or "none"
            raise CommandError(f"No collaborative with the short name '{slug}'. Known: {known}.")
        return collaborative

    def steward_access(self, collaborative: Any) -> Any:
        """Commands run with the rights of the collaborative's first steward (an operator)."""
        from braid.collaboratives.access import Access
        from braid.collaboratives.models import Membership, Role

        membership = (
            Membership.objects.filter(collaborative=collaborative, role=Role.STEWARD)
            .select_related("user", "collaborative")
            .order_by("pk")
            .first()
        )
        if membership is None:
            raise CommandError("This collaborative has no steward; create one with createsteward.")
        return Access(collaborative=collaborative, membership=membership)
