from django.urls import URLPattern, path

from braid.meetings import views, views_minutes, views_register

app_name = "meetings"

urlpatterns: list[URLPattern] = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_new, name="new"),
    path("series/new/", views.series_new, name="series_new"),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("<int:pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/propose/", views.item_propose, name="propose"),
    path("<int:pk>/circulate/", views.circulate, name="circulate"),
    path("<int:pk>/carry/", views.carry, name="carry"),
    path("<int:pk>/calendar.ics", views_register.meeting_ics, name="ics"),
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/<slug:verb>/", views.item_action, name="item_action"),
    # attendance and minutes
    path("<int:pk>/attendance/", views_minutes.attendance, name="attendance"),
    path("<int:pk>/minutes/", views_minutes.minutes_edit, name="minutes_edit"),
    path("<int:pk>/minutes/comment/", views_minutes.minutes_comment, name="minutes_comment"),
    path("<int:pk>/minutes/correct/", views_minutes.minutes_correct, name="minutes_correct"),
    path("<int:pk>/minutes.pdf", views_minutes.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/minutes/<slug:step>/", views_minutes.minutes_step, name="minutes_step"),
    path("amendments/<int:pk>/<slug:verb>/", views_minutes.amendment_decide, name="amendment"),
    # decisions
    path("decisions/", views_register.decision_list, name="decisions"),
    path("decisions/new/", views_register.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", views_register.decision_detail, name="decision"),
    path("decisions/<int:pk>/revoke/", views_register.decision_revoke, name="decision_revoke"),
    # action items
    path("actions/", views_register.my_actions, name="my_actions"),
    path("actions/by-organisation/", views_register.actions_by_organisation, name="actions_by_org"),
    path("actions/new/", views_register.action_new, name="action_new"),
    path("actions/<int:pk>/", views_register.action_detail, name="action"),
    path("actions/<int:pk>/archive/", views_register.action_archive, name="action_archive"),
    # calendars and notifications
    path("calendar/", views_register.calendars, name="calendars"),
    path("calendar/<int:pk>/revoke/", views_register.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views_register.calendar_feed, name="calendar_feed"),
    path("notifications/", views_register.notification_preferences, name="notifications"),
]
