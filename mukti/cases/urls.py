from django.urls import path

from mukti.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("new/", views.case_create, name="case-create"),
    path("<str:reference>/", views.case_detail, name="case-detail"),
    path("<str:reference>/edit/", views.case_edit, name="case-edit"),
    path("<str:reference>/status/", views.case_status, name="case-status"),
    path("<str:reference>/survivors/new/", views.survivor_add, name="survivor-add"),
    path(
        "<str:reference>/survivors/<int:survivor_id>/edit/",
        views.survivor_edit,
        name="survivor-edit",
    ),
    path(
        "<str:reference>/survivors/<int:survivor_id>/status/",
        views.survivor_status,
        name="survivor-status",
    ),
    path(
        "<str:reference>/survivors/<int:survivor_id>/identity/",
        views.survivor_reveal,
        name="survivor-reveal",
    ),
    path(
        "<str:reference>/survivors/<int:survivor_id>/identity/edit/",
        views.survivor_identity_edit,
        name="survivor-identity-edit",
    ),
    path(
        "<str:reference>/survivors/<int:survivor_id>/same-person/",
        views.survivor_same_person,
        name="survivor-same-person",
    ),
    path("<str:reference>/sightings/new/", views.sighting_add, name="sighting-add"),
    path("<str:reference>/events/new/", views.event_add, name="event-add"),
    path("<str:reference>/events/<int:event_id>/edit/", views.event_edit, name="event-edit"),
    path("<str:reference>/events/<int:event_id>/delete/", views.event_delete, name="event-delete"),
]
