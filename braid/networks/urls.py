from django.urls import URLPattern, path

from braid.networks import views

app_name = "networks"

urlpatterns: list[URLPattern] = [
    path("", views.network_map, name="map"),
    path("map.svg", views.network_svg, name="map_svg"),
]
