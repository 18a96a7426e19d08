from django.urls import path

from braid.measures import (
    bulk_views,
    views,
    views_indicators,
    views_report,
    views_review,
    views_upload,
)

app_name = "measures"

urlpatterns = [
    path("", views.scorecard, name="scorecard"),
    path("indicators/new/", views_indicators.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views_indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/story/", views.story_save, name="story"),
    path("report/", views_report.report, name="report"),
    path("report/<int:period_id>/", views_report.entry, name="entry"),
    path("upload/", views_upload.upload, name="upload"),
    path("imports/<int:job_id>/", views_report.job, name="job"),
    path("imports/<int:job_id>/problems.csv", views_report.job_problems, name="job_problems"),
    path("report/<int:period_id>/template/", views_report.value_template, name="template"),
    path("review/", views_review.review, name="review"),
    path("review/approve-all/", bulk_views.approve_all, name="approve_all"),
    path("report/submit-all/", bulk_views.submit_all, name="submit_all"),
    path("submissions/<int:submission_id>/approve/", views_review.approve, name="approve"),
    path("submissions/<int:submission_id>/return/", views_review.return_submission, name="return"),
    path("periods/<int:period_id>/remind/", views_review.remind, name="remind"),
    path("export/", views.export, name="export"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:period_id>/close/", views.period_close, name="period_close"),
    path("indicators/<int:pk>/targets/", views_indicators.target_set, name="target"),
    path("indicators/<int:pk>/targets/many/", views_indicators.targets_many, name="targets"),
    path("framework/import/", views_indicators.framework_import, name="framework_import"),
    path("framework/export/", views_indicators.framework_export, name="framework_export"),
    path("indicators/<int:pk>/objectives/", views_indicators.objectives_set, name="objectives"),
    path("history/", views.history, name="history"),
]
