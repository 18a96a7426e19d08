"""URL patterns merged into the `agenda` namespace by braid/agenda/urls.py."""

from django.urls import URLPattern, path

from braid.agenda.governance import views

urlpatterns: list[URLPattern] = [
    path("governance/", views.bodies, name="gov_bodies"),
    path("governance/new/", views.body_form, name="gov_body_new"),
    path("governance/<int:pk>/", views.body_detail, name="gov_body"),
    path("governance/<int:pk>/edit/", views.body_form, name="gov_body_edit"),
    path("governance/<int:pk>/delete/", views.body_delete, name="gov_body_delete"),
    path("rules/", views.rules, name="gov_rules"),
    path("rules/new/", views.rules_form, name="gov_rules_new"),
    path("rules/<int:pk>/", views.rules_form, name="gov_rules_edit"),
    path("rules/<int:pk>/delete/", views.rules_delete, name="gov_rules_delete"),
    path("raci/", views.raci, name="gov_raci"),
    path("leadership/", views.leadership, name="gov_leadership"),
    path("leadership/<int:pk>/", views.leadership_edit, name="gov_leadership_edit"),
    path("leadership/<int:pk>/delete/", views.leadership_delete, name="gov_leadership_delete"),
    path("backbone/", views.backbone, name="gov_backbone"),
]
