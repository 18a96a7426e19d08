"""The public results page, mounted at /p/<slug>/ by config/urls.py (no login)."""

from django.urls import URLPattern, path

from braid.reports import public_views as views

app_name = "public"

urlpatterns: list[URLPattern] = [
    path("", views.page, name="page"),
    path("embed/", views.embed, name="embed"),
    path("i/<slug:code>/", views.indicator, name="indicator"),
    path("data.csv", views.data_csv, name="data_csv"),
    path("iati.xml", views.data_iati, name="data_iati"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/pdf/", views.report_pdf, name="report_pdf"),
]
