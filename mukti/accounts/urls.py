from django.urls import path

from mukti.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("password/", views.password_change, name="password-change"),
    path("password/reset/", views.password_reset, name="password-reset"),
    path("password/reset/sent/", views.password_reset_done, name="password-reset-done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("password/reset/done/", views.password_reset_complete, name="password-reset-complete"),
    path("unlock/<str:token>/", views.unlock, name="unlock"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("security/", views.security, name="security"),
    path("language/", views.language, name="language"),
    path("security/recovery-codes/", views.recovery_codes_renew, name="recovery-codes-renew"),
    path("security/sign-out-everywhere/", views.sessions_end, name="sessions-end"),
    path("users/", views.user_list, name="user-list"),
    path("approvals/", views.approvals, name="approvals"),
    path("approvals/<int:request_id>/approve/", views.approval_approve, name="approval-approve"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user-edit"),
    path("users/<int:user_id>/password/", views.user_issue_password, name="user-issue-password"),
    path("users/<int:user_id>/unlock/", views.user_unlock, name="user-unlock"),
    path(
        "users/<int:user_id>/two-factor-reset/",
        views.user_two_factor_reset,
        name="user-two-factor-reset",
    ),
    path("users/<int:user_id>/sign-out/", views.user_sessions_end, name="user-sessions-end"),
]
