"""Design: governance (see braid/agenda/models.py)."""
