"""The public results page (/p/<slug>/): what it may show."""

from __future__ import annotations

# Sections of the public page, in their order, each opted in by the stewards.
PUBLIC_SECTIONS = ("purpose", "partners", "indicators", "reports")
