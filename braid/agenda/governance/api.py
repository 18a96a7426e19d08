"""JSON API routes for governance, mounted by braid/agenda/api.py."""

from ninja import Router

router = Router(tags=["governance"])
