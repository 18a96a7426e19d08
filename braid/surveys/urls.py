from django.urls import path

from braid.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("new/", views.round_new, name="round_new"),
    path("principles/", views.principles_page, name="principles"),
    path("principles/tick/", views.principle_tick, name="principle_tick"),
    path("<int:pk>/", views.round_detail, name="round"),
    path("<int:pk>/respondents/", views.round_respondents, name="round_respondents"),
    path("<int:pk>/results/", views.round_results, name="results"),
    path("<int:pk>/results/export/", views.results_export, name="results_export"),
    path("<int:pk>/results/propose/", views.propose_item, name="propose_item"),
    path(
        "<int:pk>/<str:action>/",
        views.round_action,
        name="round_action",
    ),
]
