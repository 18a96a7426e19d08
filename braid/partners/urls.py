from django.urls import path

from braid.partners import import_views, views, views_landscape

app_name = "partners"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("new/", views.organisation_new, name="new"),
    path("board/", views.board, name="board"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:entry_id>/done/", views.follow_up_done, name="follow_up_done"),
    path("stakeholders/", views.stakeholders, name="stakeholders"),
    path("framings/", views.framings, name="framings"),
    path("sectors/new/", views.sector_add, name="sector_add"),
    path("context/", views_landscape.context, name="context"),
    path("context/<int:factor_id>/delete/", views_landscape.context_delete, name="context_delete"),
    path("levels/", views_landscape.levels, name="levels"),
    path("import/", import_views.import_page, name="import"),
    path("import/template/", import_views.import_template, name="import_template"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="edit"),
    path("<int:pk>/status/", views.organisation_status, name="status"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_id>/remove/", views.contact_remove, name="contact_remove"),
    path("contacts/<int:contact_id>/restore/", views.contact_restore, name="contact_restore"),
    path("<int:pk>/outreach/", views.outreach_add, name="outreach_add"),
    path("<int:pk>/ratings/", views.rating_add, name="rating_add"),
    path("<int:pk>/level/", views.level_report, name="level_report"),
    path("<int:pk>/draft/", views.draft, name="draft"),
]
