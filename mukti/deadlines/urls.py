from django.urls import path

from mukti.deadlines import views

app_name = "deadlines"
urlpatterns = [
    path("due/", views.due_soon, name="due-soon"),
    path("rules/", views.rules, name="rules"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/badge/", views.notifications_badge, name="notifications-badge"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("lateness/", views.lateness, name="lateness"),
    path("clocks/<int:clock_id>/acknowledge/", views.clock_acknowledge, name="clock-acknowledge"),
    path("alerts-sent/", views.alerts_sent, name="alerts-sent"),
]
