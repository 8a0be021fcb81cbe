from django.urls import path

from mukti.deadlines import views

app_name = "deadlines"
urlpatterns = [path("due/", views.due_soon, name="due-soon")]
