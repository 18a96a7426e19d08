from __future__ import annotations

import factory

from braid.collaboratives.models import Collaborative
from braid.lib.tabular import normalise_name
from braid.partners.models import Organisation


class CollaborativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collaborative

    name = factory.Sequence(lambda n: f"Collaborative {n}")
    slug = factory.Sequence(lambda n: f"collab-{n}")
    issue = "Youth violence"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    collaborative = factory.SubFactory(CollaborativeFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    normalised_name = factory.LazyAttribute(lambda o: normalise_name(o.name))
    sector = "nonprofit"
    status = "partner"
