from django.urls import path

from mukti.rescue import views

app_name = "rescue"
urlpatterns = [
    path("window/", views.window, name="window"),
    path("responsiveness/", views.responsiveness, name="responsiveness"),
    path("cases/<str:reference>/engagements/new/", views.engagement_add, name="engagement-add"),
    path(
        "cases/<str:reference>/engagements/<int:engagement_id>/answer/",
        views.engagement_answer,
        name="engagement-answer",
    ),
    path(
        "cases/<str:reference>/engagements/<int:engagement_id>/quick/",
        views.engagement_quick_answer,
        name="engagement-quick-answer",
    ),
    path("cases/<str:reference>/operations/new/", views.operation_add, name="operation-add"),
    path(
        "cases/<str:reference>/operations/<int:operation_id>/attempts/new/",
        views.attempt_add,
        name="attempt-add",
    ),
    path(
        "cases/<str:reference>/operations/<int:operation_id>/edit/",
        views.operation_edit,
        name="operation-edit",
    ),
    path(
        "cases/<str:reference>/operations/<int:operation_id>/cancel/",
        views.operation_cancel,
        name="operation-cancel",
    ),
    path(
        "cases/<str:reference>/attempts/<int:attempt_id>/edit/",
        views.attempt_edit,
        name="attempt-edit",
    ),
    path(
        "cases/<str:reference>/brought-out/<int:brought_out_id>/",
        views.brought_out_promote,
        name="brought-out-promote",
    ),
]
