"""The agenda module's pages. The governance, resources and terms areas add their own patterns
to the same `agenda` namespace."""

from django.urls import URLPattern, path

from braid.agenda import plan_import_views, views
from braid.agenda.governance.urls import urlpatterns as governance_patterns
from braid.agenda.resources.urls import urlpatterns as resources_patterns
from braid.agenda.terms.urls import urlpatterns as terms_patterns

app_name = "agenda"

urlpatterns: list[URLPattern] = [
    path("", views.agenda, name="agenda"),
    path("edit/", views.agenda_edit, name="agenda_edit"),
    path("history/", views.agenda_history, name="agenda_history"),
    path("endorse/", views.agenda_endorse, name="agenda_endorse"),
    path("results/", views.results, name="results"),
    path("results/goals/new/", views.goal_form, name="goal_new"),
    path("results/goals/<int:pk>/", views.goal_form, name="goal_edit"),
    path("results/goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("results/objectives/new/", views.objective_form, name="objective_new"),
    path("results/objectives/<int:pk>/", views.objective_form, name="objective_edit"),
    path("results/objectives/<int:pk>/delete/", views.objective_delete, name="objective_delete"),
    path("plan/", views.plan, name="plan"),
    path("plan/new/", views.activity_new, name="activity_new"),
    path("plan/alignment/", views.alignment, name="alignment"),
    path("plan/export/", views.plan_export, name="plan_export"),
    path("plan/import/", plan_import_views.plan_import, name="plan_import"),
    path(
        "plan/import/template/",
        plan_import_views.plan_import_template,
        name="plan_import_template",
    ),
    path("plan/mine/", views.my_commitments, name="my_commitments"),
    path("plan/organisations/<int:org>/", views.commitments, name="commitments"),
    path("plan/<int:pk>/", views.activity_detail, name="activity"),
    path("plan/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("plan/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("plan/<int:pk>/restore/", views.activity_restore, name="activity_restore"),
    path("plan/<int:pk>/notes/", views.note_add, name="note_add"),
    path("plan/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("plan/<int:pk>/milestones/<int:mid>/done/", views.milestone_done, name="milestone_done"),
    path(
        "plan/<int:pk>/milestones/<int:mid>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    *governance_patterns,
    *resources_patterns,
    *terms_patterns,
]
