from django.urls import URLPattern, path

from braid.reports import views

app_name = "reports"

urlpatterns: list[URLPattern] = [
    path("", views.report_list, name="list"),
    path("new/", views.report_new, name="new"),
    path("public/", views.public_settings, name="public_settings"),
    path("export/", views.collaborative_export, name="export"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/narrative/", views.narrative_save, name="narrative"),
    path("<int:pk>/pdf/", views.report_pdf, name="pdf"),
    path("<int:pk>/publish/", views.report_publish, name="publish"),
    path("<int:pk>/unpublish/", views.report_unpublish, name="unpublish"),
    path("<int:pk>/delete/", views.report_delete, name="delete"),
]
