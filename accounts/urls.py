"""Invitations and password reset, included at the root of the site.

No app_name: Django's admin and auth views look up these names without a namespace
(the admin login offers "Forgotten your password?" only if `admin_password_reset`
exists).
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    # Before the admin's own URLs, so the admin does not take this address.
    path("admin/accounts/invite/", views.invite, name="invite_city_editor"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/invitation/done/",
        views.invitation_done,
        name="invitation_done",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        views.accept_invitation,
        name="invitation_accept",
    ),
]
