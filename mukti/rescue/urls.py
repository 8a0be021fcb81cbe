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
        "cases/<str:reference>/brought-out/<int:brought_out_id>/",
        views.brought_out_promote,
        name="brought-out-promote",
    ),
]
