from django.urls import path

from mukti.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.export_page, name="index"),
]
