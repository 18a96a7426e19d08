"""JSON API routes for resources, mounted by braid/agenda/api.py."""

from ninja import Router

router = Router(tags=["resources"])
