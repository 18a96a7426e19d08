"""Design: resources (see braid/agenda/models.py)."""
