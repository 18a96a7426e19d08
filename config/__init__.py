"""Braid's Django project. The Celery app (config/celery.py) is loaded only where background
work is sent or run (braid.core.background.celery_app, `braid worker`), not by every command."""
