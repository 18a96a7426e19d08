from __future__ import annotations

import factory

from braid.collaboratives.tests.factories import OrganisationFactory
from braid.partners.models import Contact, StakeholderRating


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    name = factory.Sequence(lambda n: f"Contact {n}")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderRating

    organisation = factory.SubFactory(OrganisationFactory)
    collaborative = factory.SelfAttribute("organisation.collaborative")
    influence = 3
    proximity = 3
    stance = "neutral"
