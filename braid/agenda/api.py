"""JSON API of the agenda module."""

from ninja import Router

router = Router(tags=["agenda"])
