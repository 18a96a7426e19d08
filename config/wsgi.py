import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm() -> None:
    """Import every page and API module now rather than on the first request: building the
    URL configuration and the API's schemas takes seconds, which each gunicorn worker paid on
    its first request (several seconds' wait under load). `braid serve` preloads this module,
    so the work is done once and shared by the workers it forks."""
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the attribute's loading is the point
    connections.close_all()  # no connection opened here may be shared by forked workers


_warm()
