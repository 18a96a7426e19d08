"""URL patterns merged into the `agenda` namespace by braid/agenda/urls.py."""

from django.urls import URLPattern, path

from braid.agenda.resources import views

urlpatterns: list[URLPattern] = [
    path("resources/", views.contributions, name="res_contributions"),
    path("resources/<int:pk>/delete/", views.contribution_delete, name="res_contribution_delete"),
    path("funders/", views.funders, name="res_funders"),
    path("funders/<int:pk>/", views.funder_edit, name="res_funder_edit"),
    path("funders/<int:pk>/delete/", views.funder_delete, name="res_funder_delete"),
    path("funders/<int:pk>/deadlines/", views.deadline_add, name="res_deadline_add"),
    path("deadlines/", views.deadlines, name="res_deadlines"),
    path("deadlines/<int:pk>/done/", views.deadline_done, name="res_deadline_done"),
    path("deadlines/<int:pk>/delete/", views.deadline_delete, name="res_deadline_delete"),
]
