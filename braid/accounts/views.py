"""Account pages: API tokens (login, logout and password reset are Django's own views)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.accounts import selectors, services
from braid.accounts.forms import TokenForm
from braid.accounts.models import ApiToken


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        issued = services.api_token_create(user=request.user, name=form.cleaned_data["name"])  # type: ignore[arg-type]
        new_secret = issued.secret
        form = TokenForm()
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": selectors.api_tokens_for(request.user), "form": form, "new_secret": new_secret},  # type: ignore[arg-type]
    )


@require_POST
@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = services.api_token_revoke(user=request.user, token_id=token_id)  # type: ignore[arg-type]
    except ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    messages.success(
        request,
        _("Token “%(name)s” revoked; scripts using it stop working now.") % {"name": token.name},
    )
    return redirect("accounts:tokens")
