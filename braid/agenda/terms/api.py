"""JSON API routes for terms, mounted by braid/agenda/api.py."""

from ninja import Router

router = Router(tags=["terms"])
