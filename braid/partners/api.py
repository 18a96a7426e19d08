"""JSON API of the partners module."""

from ninja import Router

router = Router(tags=["partners"])
