from django.urls import path

from mukti.reports import views

app_name = "reports"
urlpatterns = [
    path("cases/<str:reference>/", views.case_report, name="case-report"),
]
