"""`braid createsteward EMAIL --collaborative SLUG`: make someone a steward (creating both)."""

from __future__ import annotations

import getpass
import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from braid.accounts.models import User
from braid.collaboratives.audit import audit_record, via
from braid.collaboratives.models import Collaborative, Membership, Role
from braid.collaboratives.services import collaborative_create
from braid.core.errors import ServiceError


class Command(BaseCommand):
    help = "Create a steward (and the collaborative, with --name, if it does not exist)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--collaborative", required=True, metavar="SLUG")
        parser.add_argument("--name", help="Name of the collaborative, if it must be created.")
        parser.add_argument("--full-name", default="")
        parser.add_argument(
            "--password-env",
            default="BRAID_STEWARD_PASSWORD",
            help="Environment variable holding the password (else you are asked).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        line = f"braid createsteward {options['email']} --collaborative {options['collaborative']}"
        with via(line):
            self._handle(**options)

    @transaction.atomic
    def _handle(self, **options: Any) -> None:
        email = options["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            password = os.environ.get(options["password_env"]) or getpass.getpass("Password: ")
            if len(password) < 8:
                raise CommandError("The password must have at least 8 characters.")
            user = User.objects.create_user(
                email=email, password=password, full_name=options["full_name"]
            )
        slug = options["collaborative"]
        collaborative = Collaborative.objects.filter(slug=slug).first()
        if collaborative is None:
            if not options["name"]:
                raise CommandError(f"No collaborative '{slug}'. Pass --name to create it.")
            try:
                collaborative_create(user=user, name=options["name"], slug=slug)
            except ServiceError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(self.style.SUCCESS(f"Created {slug} with steward {email}."))
            return
        _membership, created = Membership.objects.update_or_create(
            collaborative=collaborative,
            user=user,
            defaults={"role": Role.STEWARD, "organisation": None},
        )
        audit_record(
            collaborative=collaborative,
            actor=None,
            action="steward.appointed",
            details={"user": email, "created": created},
        )
        self.stdout.write(self.style.SUCCESS(f"{email} is a steward of {slug}."))
