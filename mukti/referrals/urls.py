from django.urls import path

from mukti.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.incoming, name="incoming"),
    path("<int:referral_id>/", views.referral_detail, name="detail"),
    path("cases/<str:reference>/new/", views.referral_new, name="new"),
    path(
        "cases/<str:reference>/<int:referral_id>/withdraw/",
        views.referral_withdraw,
        name="withdraw",
    ),
]
