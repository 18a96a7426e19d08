from django.urls import URLPattern, path

from braid.meetings import views

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
    path("items/<int:pk>/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/<slug:verb>/", views.item_action, name="item_action"),
]
