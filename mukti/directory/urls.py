from django.urls import path

from mukti.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("jurisdictions/new/", views.jurisdiction_create, name="jurisdiction-create"),
    path(
        "jurisdictions/<int:jurisdiction_id>/",
        views.jurisdiction_detail,
        name="jurisdiction-detail",
    ),
    path(
        "jurisdictions/<int:jurisdiction_id>/edit/",
        views.jurisdiction_edit,
        name="jurisdiction-edit",
    ),
    path(
        "jurisdictions/<int:jurisdiction_id>/delete/",
        views.jurisdiction_delete,
        name="jurisdiction-delete",
    ),
    path("offices/", views.office_list, name="office-list"),
    path("offices/new/", views.office_create, name="office-create"),
    path("offices/<int:office_id>/", views.office_detail, name="office-detail"),
    path("offices/<int:office_id>/edit/", views.office_edit, name="office-edit"),
    path("offices/<int:office_id>/delete/", views.office_delete, name="office-delete"),
    path("officials/", views.official_list, name="official-list"),
    path("officials/new/", views.official_create, name="official-create"),
    path("officials/options/", views.official_options, name="official-options"),
    path("officials/<int:official_id>/", views.official_detail, name="official-detail"),
    path("officials/<int:official_id>/edit/", views.official_edit, name="official-edit"),
    path("officials/<int:official_id>/delete/", views.official_delete, name="official-delete"),
]
