from django.urls import path

from mukti.sharing import views

app_name = "sharing"
urlpatterns = [
    path("cases/<str:reference>/stories/new/<int:survivor_id>/", views.story_new, name="story-new"),
    path("cases/<str:reference>/stories/<int:story_id>/", views.story, name="story"),
    path(
        "cases/<str:reference>/stories/<int:story_id>/approve/",
        views.story_approve,
        name="story-approve",
    ),
    path(
        "cases/<str:reference>/stories/<int:story_id>/download/",
        views.story_download,
        name="story-download",
    ),
    path("cases/<str:reference>/packets/new/", views.packet_new, name="packet-new"),
    path("cases/<str:reference>/packets/<int:packet_id>/", views.packet_detail, name="packet"),
    path(
        "cases/<str:reference>/packets/<int:packet_id>/revoke/",
        views.packet_revoke,
        name="packet-revoke",
    ),
]
