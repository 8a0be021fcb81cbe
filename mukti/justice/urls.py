from django.urls import path

from mukti.justice import views

app_name = "justice"
urlpatterns = [
    path("<str:reference>/", views.case_justice, name="case-justice"),
    path("<str:reference>/add/<slug:record>/", views.record_add, name="record-add"),
    path("<str:reference>/accused/add/", views.accused_add, name="accused-add"),
    path("<str:reference>/accused/<int:accused_id>/edit/", views.accused_edit, name="accused-edit"),
    path(
        "<str:reference>/accused/<int:accused_id>/across-cases/",
        views.accused_same_person,
        name="accused-same-person",
    ),
    path("<str:reference>/evidence/<int:item_id>/custody/", views.custody_add, name="custody-add"),
    path(
        "<str:reference>/compensation/<int:compensation_id>/pay/",
        views.compensation_pay,
        name="compensation-pay",
    ),
    path("<str:reference>/firs/<int:fir_id>/ahtu/", views.fir_ahtu, name="fir-ahtu"),
]
