"""The demo collaborative: a youth-violence-prevention wraparound partnership (all invented).

Idempotent: every row is found by a natural key before it is created, so running `braid demo`
twice changes nothing. Each module adds its own seeding function to SEEDERS.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from braid.accounts.models import User
from braid.collaboratives.audit import via
from braid.collaboratives.models import Collaborative, Membership, Role
from braid.demo.french import ISSUE_FR
from braid.lib.tabular import normalise_name
from braid.partners.models import Organisation, PartnerStatus, Sector

SLUG = "demo"
NAME = "Eastside Youth Safety Partnership"
ISSUE = "Preventing youth violence through wraparound support for young people at risk"


@dataclass(frozen=True)
class Login:
    email: str
    password: str
    full_name: str
    role: str
    organisation: str | None = None


# (name, sector, status)
ORGANISATIONS: list[tuple[str, str, str]] = [
    ("Eastside Community Safety Office", Sector.GOVERNMENT, PartnerStatus.PARTNER),
    ("Riverside Police Service", Sector.POLICE_JUSTICE, PartnerStatus.PARTNER),
    ("Riverside District School Board", Sector.EDUCATION, PartnerStatus.PARTNER),
    ("Eastside Community Health Centre", Sector.HEALTH, PartnerStatus.PARTNER),
    ("Youth Wraparound Network", Sector.NONPROFIT, PartnerStatus.PARTNER),
    ("Pathways Employment Services", Sector.NONPROFIT, PartnerStatus.PARTNER),
    ("City Parks and Recreation", Sector.CITY_PLANNING, PartnerStatus.PARTNER),
    ("Lakeview Foundation", Sector.PHILANTHROPY, PartnerStatus.PARTNER),
    ("Eastside Residents' Association", Sector.COMMUNITY, PartnerStatus.IN_DISCUSSION),
    ("Northgate Youth Justice Services", Sector.POLICE_JUSTICE, PartnerStatus.CONTACTED),
    ("Maple Street Merchants' Association", Sector.BUSINESS, PartnerStatus.PROSPECT),
    ("Regional Public Health", Sector.HEALTH, PartnerStatus.PROSPECT),
]

LOGINS = [
    Login(
        "steward@demo.braid",
        "demo-steward",
        "Amina Diallo",
        Role.STEWARD,
        "Eastside Community Safety Office",
    ),
    Login(
        "partner@demo.braid",
        "demo-partner",
        "Marc Tremblay",
        Role.PARTNER,
        "Eastside Community Health Centre",
    ),
    Login(
        "school@demo.braid",
        "demo-school",
        "Nadia Okafor",
        Role.PARTNER,
        "Riverside District School Board",
    ),
    Login("viewer@demo.braid", "demo-viewer", "Louise Gagnon", Role.VIEWER, None),
]


class DemoRefused(Exception):
    pass


def _user(login: Login) -> User:
    user = User.objects.filter(email=login.email).first()
    if user is None:
        user = User.objects.create_user(
            email=login.email, password=login.password, full_name=login.full_name
        )
    return user


def seed_core() -> Collaborative:
    collaborative, _ = Collaborative.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": NAME,
            "issue": ISSUE,
            "issue_fr": ISSUE_FR,
            "is_demo": True,
            "description": "A city-wide partnership of a backbone office and partners "
            "from police, schools, health, city services, non-profits "
            "and a funder, supporting young people at risk of violence.",
        },
    )
    for name, sector, status in ORGANISATIONS:
        Organisation.objects.get_or_create(
            collaborative=collaborative,
            normalised_name=normalise_name(name),
            defaults={"name": name, "sector": sector, "status": status},
        )
    for login in LOGINS:
        user = _user(login)
        organisation = None
        if login.role == Role.PARTNER and login.organisation:
            organisation = Organisation.objects.get(
                collaborative=collaborative, normalised_name=normalise_name(login.organisation)
            )
        Membership.objects.get_or_create(
            collaborative=collaborative,
            user=user,
            defaults={"role": login.role, "organisation": organisation},
        )
    return collaborative


Seeder = Callable[[Collaborative], Any]
# Each module's demo data: a module `braid.demo.<name>` with a `seed(collaborative)` function,
# run in this order (partners before agenda before measures) when present.
SEEDER_MODULES = [
    "braid.demo.partners",
    "braid.demo.agenda",
    "braid.demo.measures",
    "braid.demo.corrections",
    "braid.demo.design_links",
    "braid.demo.terms",
    "braid.demo.meetings",
    "braid.demo.surveys",
    "braid.demo.networks",
    "braid.demo.reports",
]


def _seeders() -> list[Seeder]:
    seeders = []
    for name in SEEDER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        seeders.append(module.seed)
    return seeders


@transaction.atomic
def load_demo(*, force: bool = False) -> Collaborative:
    others = Collaborative.objects.filter(is_demo=False)
    if others.exists() and not force:
        raise DemoRefused(
            "This database holds collaboratives that are not demo data "
            f"({', '.join(others.values_list('slug', flat=True)[:5])}). "
            "Run `braid demo --force` to add the demo anyway."
        )
    with via("braid demo"):  # what the seeders write is recorded as the command, not a steward
        collaborative = seed_core()
        for seeder in _seeders():
            seeder(collaborative)
    return collaborative
