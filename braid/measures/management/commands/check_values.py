"""`braid check_values --collaborative SLUG`: find values whose indicator, organisation or period
no longer exists in the collaborative (the value table has no database foreign keys)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand
from braid.measures.selectors import orphan_values


class Command(CollaborativeCommand):
    help = "Report values that point at a missing indicator, organisation or period."

    def handle(self, *args: Any, **options: Any) -> None:
        collaborative = self.get_collaborative(options)
        found = orphan_values(collaborative.pk)
        for kind, count in found.items():
            self.stdout.write(f"{kind}: {count}")
        if any(found.values()):
            raise CommandError("Some values point at rows that do not exist; see the counts above.")
        self.stdout.write(
            self.style.SUCCESS(
                "Every value points at an existing indicator, organisation and period."
            )
        )
