from django.urls import path

from mukti.documents import views

app_name = "documents"
urlpatterns = [
    path("<str:reference>/add/", views.document_add, name="add"),
    path("<str:reference>/<int:document_id>/", views.document_download, name="download"),
    path("<str:reference>/<int:document_id>/remove/", views.document_remove, name="remove"),
]
