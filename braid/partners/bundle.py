"""The partners module's rows in a collaborative export."""

from __future__ import annotations

from braid.core.bundle import Part, register_parts
from braid.partners import models as m

register_parts(
    "partners",
    [
        Part(m.CustomSector),
        Part(m.Organisation),
        Part(m.Contact),
        Part(m.OutreachEntry),
        Part(m.StakeholderRating),
        Part(m.SectorFraming),
        Part(m.ContextFactor),
    ],
)
