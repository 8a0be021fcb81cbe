from django.urls import path

from mukti.care import views

app_name = "care"
urlpatterns = [
    path("shelters/", views.shelters, name="shelters"),
    path("<str:reference>/", views.case_care, name="case-care"),
    path("<str:reference>/add/<slug:kind>/", views.record_add, name="record-add"),
    path(
        "<str:reference>/medical/<int:medical_id>/",
        views.medical_update,
        name="medical-update",
    ),
    path(
        "<str:reference>/placements/<int:placement_id>/move/",
        views.placement_move,
        name="placement-move",
    ),
    path(
        "<str:reference>/placements/<int:placement_id>/end/",
        views.placement_end,
        name="placement-end",
    ),
    path("<str:reference>/goals/<int:goal_id>/", views.goal_status, name="goal-status"),
    path(
        "<str:reference>/repatriations/<int:repatriation_id>/steps/add/",
        views.step_add,
        name="step-add",
    ),
    path(
        "<str:reference>/steps/<int:step_id>/complete/",
        views.step_complete,
        name="step-complete",
    ),
    path(
        "<str:reference>/consents/<int:consent_id>/withdraw/",
        views.consent_withdraw,
        name="consent-withdraw",
    ),
]
