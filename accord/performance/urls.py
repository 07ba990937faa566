from django.urls import path

from . import report_views, review_views, views

app_name = "performance"

urlpatterns = [
    path("<slug:slug>/performance/returns/", views.return_list, name="return-list"),
    path(
        "<slug:slug>/performance/returns/template.csv",
        views.return_template,
        name="return-template",
    ),
    path("<slug:slug>/performance/returns/add/", views.return_submit, name="return-submit"),
    path("<slug:slug>/performance/returns/<int:pk>/", views.return_detail, name="return-detail"),
    path(
        "<slug:slug>/performance/returns/<int:pk>/query/",
        views.return_query,
        name="return-query",
    ),
    path(
        "<slug:slug>/performance/returns/<int:pk>/validate/",
        views.return_validate,
        name="return-validate",
    ),
    path(
        "<slug:slug>/performance/returns/<int:pk>/resubmit/",
        views.return_resubmit,
        name="return-resubmit",
    ),
    path("<slug:slug>/performance/benchmarks/", views.benchmark, name="benchmark"),
    # The template as a workbook, a file of returns uploaded, reminders of late returns.
    path(
        "<slug:slug>/performance/returns/template.xlsx",
        views.return_template_xlsx,
        name="return-template-xlsx",
    ),
    path("<slug:slug>/performance/returns/import/", views.return_import, name="return-import"),
    path("<slug:slug>/performance/returns/remind/", views.return_remind, name="return-remind"),
    # The quarterly performance report and a service's trend (report_views).
    path("<slug:slug>/performance/report/", report_views.report_detail, name="report-detail"),
    path("<slug:slug>/performance/report.pdf", report_views.report_pdf, name="report-pdf"),
    path(
        "<slug:slug>/performance/report/attach/",
        report_views.report_attach,
        name="report-attach",
    ),
    path(
        "<slug:slug>/performance/services/<int:pk>/",
        report_views.service_trend,
        name="service-trend",
    ),
]

# Service quality reviews (issue 18): accord/performance/review_views.py.
urlpatterns += [
    path("<slug:slug>/performance/reviews/", review_views.review_list, name="review-list"),
    path("<slug:slug>/performance/reviews/add/", review_views.review_plan, name="review-plan"),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/",
        review_views.review_detail,
        name="review-detail",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/self-assessment/",
        review_views.review_self_assess,
        name="review-self-assess",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/visit/",
        review_views.review_visit,
        name="review-visit",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/validate/",
        review_views.review_validate,
        name="review-validate",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/close/",
        review_views.review_close,
        name="review-close",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/propose/",
        review_views.review_propose,
        name="review-propose",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/actions/add/",
        review_views.action_add,
        name="review-action-add",
    ),
    path(
        "<slug:slug>/performance/reviews/<int:pk>/actions/<int:action_pk>/done/",
        review_views.action_complete,
        name="review-action-complete",
    ),
    path(
        "<slug:slug>/performance/services/<int:pk>/reviews/",
        review_views.service_reviews,
        name="service-reviews",
    ),
]
