from django.urls import path

from mukti.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.audit_list, name="list"),
    path("cases/<str:reference>/", views.case_access, name="case-access"),
]
