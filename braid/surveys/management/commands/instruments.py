"""`braid instruments load|check FILE --collaborative SLUG`, `braid instruments list`: survey
instrument definitions (INSTRUMENTS.md: a versioned data file, every problem at once)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from braid.collaboratives.commands import CollaborativeCommand
from braid.core.errors import ServiceError
from braid.surveys import selectors, services
from braid.surveys.parsing import parse


class Command(CollaborativeCommand):
    help = (
        "Load or check a survey instrument definition file, or list a collaborative's instruments."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("action", choices=("load", "check", "list"))
        parser.add_argument("file", nargs="?", type=Path)
        super().add_arguments(parser)

    def command_line(self, options: dict[str, Any]) -> str:
        return (
            f"braid instruments {options.get('action', '')} {options.get('file') or ''} "
            f"--collaborative {options.get('collaborative', '')}"
        ).replace("  ", " ")

    def handle(self, *args: Any, **options: Any) -> None:
        collaborative = self.get_collaborative(options)
        action = options["action"]
        if action == "list":
            for ref, inst in sorted(selectors.instruments(collaborative).items()):
                origin = "built-in" if inst.builtin else "loaded"
                self.stdout.write(
                    f"{ref}\t{inst.kind}\t{len(inst.items)} items\t{origin}\t{inst.title.en}"
                )
            return
        path = options.get("file")
        if path is None:
            raise CommandError(
                f"Give the file: braid instruments {action} FILE --collaborative SLUG."
            )
        if not path.exists():
            raise CommandError(f"No file at {path}.")
        text = path.read_bytes()
        if action == "check":
            checked, problems = parse(text)
            if checked is None:
                raise CommandError(_problems(problems))
            self.stdout.write(
                f"{checked.ref}: {len(checked.items)} items, {len(checked.factors)} factors, no problem."
            )
            return
        try:
            inst = services.instrument_load(access=self.steward_access(collaborative), text=text)
        except ServiceError as exc:
            raise CommandError(f"{exc.message}\n{_problems(exc.problems)}") from exc
        self.stdout.write(self.style.SUCCESS(f"Loaded {inst.ref}: {len(inst.items)} items."))


def _problems(problems: list[Any]) -> str:
    return "\n".join(f"  {p.field}: {p.message}" for p in problems)
