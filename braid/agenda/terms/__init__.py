"""Design: terms (see braid/agenda/models.py)."""
