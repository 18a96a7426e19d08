"""The networks module's rows in a collaborative export."""

from __future__ import annotations

from braid.core.bundle import Part, register_parts
from braid.networks import models as m

register_parts("networks", [Part(m.LogEntry), Part(m.TargetLevel), Part(m.HealthSharing)])
