from django.urls import path

from braid.collaboratives import views

app_name = "collaboratives"

urlpatterns = [
    path("", views.collaborative_list, name="list"),
    path("start/", views.landing, name="landing"),
    path("<slug:slug>/", views.home, name="home"),
    path("<slug:slug>/members/", views.member_list, name="members"),
    path("<slug:slug>/members/invite/", views.invite, name="invite"),
    path("<slug:slug>/members/<int:member_id>/role/", views.change_role, name="change_role"),
    path("<slug:slug>/members/<int:member_id>/remove/", views.remove_member, name="remove_member"),
    path(
        "<slug:slug>/invitations/<int:invitation_id>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("<slug:slug>/audit/", views.audit_log, name="audit"),
    path("<slug:slug>/notices/<int:notice_id>/seen/", views.notice_seen, name="notice_seen"),
    path("<slug:slug>/settings/", views.settings_page, name="settings"),
]
