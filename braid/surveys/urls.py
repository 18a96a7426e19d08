from django.urls import path

from braid.surveys import views, views_results, views_rounds

app_name = "surveys"

urlpatterns = [
    path("", views_rounds.round_list, name="rounds"),
    path("new/", views_rounds.round_new, name="round_new"),
    path("principles/", views.principles_page, name="principles"),
    path("principles/tick/", views.principle_tick, name="principle_tick"),
    path("<int:pk>/", views_rounds.round_detail, name="round"),
    path("<int:pk>/respondents/", views_rounds.round_respondents, name="round_respondents"),
    path("<int:pk>/results/", views_results.round_results, name="results"),
    path("<int:pk>/results/export/", views_results.results_export, name="results_export"),
    path("<int:pk>/results/propose/", views_results.propose_item, name="propose_item"),
    path("<int:pk>/results/lesson/", views_results.propose_lesson, name="propose_lesson"),
    path(
        "<int:pk>/<str:action>/",
        views_rounds.round_action,
        name="round_action",
    ),
]
