from django.urls import path

from mukti.intake import views

app_name = "intake"
urlpatterns = [
    path("", views.draft_list, name="draft-list"),
    path("new/", views.draft_new, name="draft-new"),
    path("<int:draft_id>/", views.draft_detail, name="draft-detail"),
    path("<int:draft_id>/items/", views.draft_items, name="draft-items"),
    path("<int:draft_id>/items/add/", views.draft_item_add, name="draft-item-add"),
    path("<int:draft_id>/confirm/", views.draft_confirm, name="draft-confirm"),
    path("<int:draft_id>/discard/", views.draft_discard, name="draft-discard"),
    path("<int:draft_id>/source/", views.draft_source, name="draft-source"),
]
