"""URL patterns merged into the `agenda` namespace by braid/agenda/urls.py."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
