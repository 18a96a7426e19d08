"""URL patterns merged into the `agenda` namespace by braid/agenda/urls.py."""

from django.urls import URLPattern, path

from braid.agenda.terms import views

urlpatterns: list[URLPattern] = [
    path("terms/", views.terms_current, name="terms"),
    path("terms/issue/", views.terms_issue, name="terms_issue"),
    path("terms/<int:number>/", views.terms_version, name="terms_version"),
    path("terms/<int:number>/pdf/", views.terms_pdf, name="terms_pdf"),
    path("terms/<int:number>/sign/", views.terms_sign, name="terms_sign"),
]
