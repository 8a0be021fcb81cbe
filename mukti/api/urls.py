"""The pages where people manage their API tokens (the API itself: mukti/api/v1.py)."""

from django.urls import path

from mukti.api import views

app_name = "api"
urlpatterns = [
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("tokens/all/", views.token_admin, name="token-admin"),
    path("schema/", views.schema_redirect, name="schema"),
    path("docs/", views.docs_redirect, name="docs"),
]
