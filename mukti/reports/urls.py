from django.urls import path

from mukti.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.statistics_page, name="statistics"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
    path("statistics/download/", views.statistics_download, name="statistics-download"),
    path("cases/<str:reference>/", views.case_report, name="case-report"),
    path("cases/<str:reference>/access/", views.case_access, name="case-access"),
    path("exports/cases/", views.export_cases, name="export-cases"),
    path("exports/located-not-rescued/", views.export_window, name="export-window"),
    path("exports/due-soon/", views.export_due_soon, name="export-due-soon"),
    path("exports/responsiveness/", views.export_responsiveness, name="export-responsiveness"),
    path("exports/lateness/", views.export_lateness, name="export-lateness"),
]
