from django.urls import URLPattern, path

from braid.networks import views

app_name = "networks"

urlpatterns: list[URLPattern] = [
    path("", views.network_map, name="map"),
    path("map.svg", views.network_svg, name="map_svg"),
    path("health/", views.health, name="health"),
    path("pairs/", views.pairs, name="pairs"),
    path("pairs/agenda/", views.pair_agenda, name="pair_agenda"),
    path("change/", views.change, name="change"),
    path("targets/", views.targets, name="targets"),
    path("targets/<int:pk>/remove/", views.target_remove, name="target_remove"),
    path("lessons/", views.lessons, name="lessons"),
    path("lessons/new/", views.lesson_new, name="lesson_new"),
    path("lessons/<int:pk>/", views.lesson_edit, name="lesson_edit"),
    path("lessons/<int:pk>/remove/", views.lesson_remove, name="lesson_remove"),
    path("lessons/<int:pk>/restore/", views.lesson_restore, name="lesson_restore"),
]
