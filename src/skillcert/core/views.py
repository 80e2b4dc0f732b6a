"""Account pages: sign in, sign out, password, and the workspace that lists what a role can do."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from skillcert.core.roles import ROLE_LABELS
from skillcert.core.workspace import links_for


class LoginView(auth_views.LoginView):
    """Sign-in page for staff, city bureaus, institutions and inspectors."""

    template_name = "core/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Sign out (POST only, as Django requires)."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("core:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Confirmation after a password change."""

    template_name = "core/password_change_done.html"


def workspace(request: HttpRequest) -> HttpResponse:
    """The signed-in user's start page: their roles and the work they may do."""
    roles = [ROLE_LABELS.get(g.name, g.name) for g in request.user.groups.all()]
    return render(request, "core/workspace.html", {"roles": roles, "links": links_for(request.user)})
