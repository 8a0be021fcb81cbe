from django.urls import include, path

from mukti import home
from mukti.api import v1
from mukti.sharing import views as sharing_views
from mukti.site import views

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("mukti.accounts.urls")),
    path("cases/", include("mukti.cases.urls")),
    path("rescue/", include("mukti.rescue.urls")),
    path("care/", include("mukti.care.urls")),
    path("justice/", include("mukti.justice.urls")),
    path("deadlines/", include("mukti.deadlines.urls")),
    path("intake/", include("mukti.intake.urls")),
    path("documents/", include("mukti.documents.urls")),
    path("referrals/", include("mukti.referrals.urls")),
    # A referral packet's recipient opens it here, without an account (a short link to read
    # aloud or type).
    path("p/<str:link>/", sharing_views.packet_open, name="packet-open"),
    path("sharing/", include("mukti.sharing.urls")),
    path("directory/", include("mukti.directory.urls")),
    path("audit/", include("mukti.audit.urls")),
    path("reports/", include("mukti.reports.urls")),
    path("exports/", include("mukti.exports.urls")),
    path("api/v1/", v1.urls()),
    path("api/", include("mukti.api.urls")),
]

# A form body over DATA_UPLOAD_MAX_MEMORY_SIZE (a huge paste) is answered in words, not "400".
handler400 = "mukti.site.views.bad_request"
