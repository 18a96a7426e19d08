"""Pages: collaboratives, a collaborative's home, its members, invitations and audit log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from braid.collaboratives import audit, downloads, selectors, services
from braid.collaboratives.access import (
    Access,
    may_create_collaborative,
    memberships_list,
    require_create_collaborative,
)
from braid.collaboratives.decorators import collaborative_view
from braid.collaboratives.forms import (
    AcceptInvitationForm,
    CollaborativeForm,
    InvitationForm,
    RoleFields,
    SettingsForm,
)
from braid.collaboratives.stages import home_sections, latest_news, next_for_you
from braid.core.errors import ServiceError
from braid.core.forms import apply_service_error, save_changed, track_what_was_loaded
from braid.core.http import downloadable


def _organisations(access: Access):  # type: ignore[no-untyped-def]
    from django.apps import apps

    return access.scope(apps.get_model("partners", "Organisation")).order_by("name")


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """Where a login lands: inside the collaborative when the user belongs to only one."""
    memberships = memberships_list(request.user)
    if len(memberships) == 1:
        return redirect("collaboratives:home", slug=memberships[0].collaborative.slug)
    return redirect("collaboratives:list")


@login_required
def collaborative_list(request: HttpRequest) -> HttpResponse:
    may_create = may_create_collaborative(request.user)
    form = CollaborativeForm(request.POST or None)
    if request.method == "POST":
        require_create_collaborative(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.collaborative_create(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s is ready. Invite your partners next.") % {"name": c.name}
            )
            return redirect("collaboratives:home", slug=c.slug)
    memberships = memberships_list(request.user)
    return render(
        request,
        "collaboratives/list.html",
        {"memberships": memberships, "form": form, "may_create": may_create},
    )


@collaborative_view()
def home(request: HttpRequest, access: Access) -> HttpResponse:
    return render(
        request,
        "collaboratives/home.html",
        {
            "sections": home_sections(access),
            "next_items": next_for_you(access),
            "news": latest_news(access),
            "member_count": selectors.members(access).count(),
            "notices": [(n, audit.render(n)) for n in selectors.unseen_notices(access)[:20]],
        },
    )


@require_POST
@collaborative_view()
def notice_seen(request: HttpRequest, access: Access, notice_id: int) -> HttpResponse:
    """Open a notice (go to what it is about) or dismiss it; either way it leaves the home page."""
    notice = services.notice_seen(access=access, notice_id=notice_id)
    if request.POST.get("then") == "open" and notice.url.startswith("/"):
        return redirect(notice.url)
    return redirect("collaboratives:home", slug=access.collaborative.slug)


@collaborative_view()
@downloadable(downloads.members)
def member_list(request: HttpRequest, access: Access) -> HttpResponse:
    organisations = list(_organisations(access)) if access.is_steward else []
    initial = {}
    if request.GET.get("organisation", "").isdigit():  # "Invite someone" from one organisation
        initial = {"role": "partner", "organisation": int(request.GET["organisation"])}
    form = InvitationForm(organisations=organisations, initial=initial)
    return render(
        request,
        "collaboratives/members.html",
        {
            "members": selectors.members(access),
            "invitations": selectors.pending_invitations(access)
            if access.audience.shows_steward_fields
            else [],
            "form": form,
            "organisations": organisations,
        },
    )


@require_POST
@collaborative_view(manage=True)
def invite(request: HttpRequest, access: Access) -> HttpResponse:
    organisations = list(_organisations(access))
    form = InvitationForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            issued = services.invitation_create(
                access=access,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                organisation_id=form.cleaned_data["organisation"],
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link is valid for 14 days: %(url)s")
                % {
                    "email": issued.invitation.email,
                    "url": request.build_absolute_uri(issued.path),
                },
            )
            return redirect("collaboratives:members", slug=access.collaborative.slug)
    return render(
        request,
        "collaboratives/members.html",
        {
            "members": selectors.members(access),
            "invitations": selectors.pending_invitations(access),
            "form": form,
            "organisations": organisations,
        },
        status=400,
    )


@require_POST
@collaborative_view(manage=True)
def change_role(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    form = RoleFields(request.POST, organisations=_organisations(access))
    if not form.is_valid():
        messages.error(request, _("Choose a valid role and organisation."))
    else:
        try:
            services.membership_change_role(
                access=access,
                membership_id=member_id,
                role=form.cleaned_data["role"],
                organisation_id=form.cleaned_data["organisation"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Role changed."))
    return redirect("collaboratives:members", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def remove_member(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    try:
        services.membership_remove(access=access, membership_id=member_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Member removed."))
    return redirect("collaboratives:members", slug=access.collaborative.slug)


@require_POST
@collaborative_view(manage=True)
def revoke_invitation(request: HttpRequest, access: Access, invitation_id: int) -> HttpResponse:
    invitation = services.invitation_revoke(access=access, invitation_id=invitation_id)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("collaboratives:members", slug=access.collaborative.slug)


@collaborative_view(manage=True)
def settings_page(request: HttpRequest, access: Access) -> HttpResponse:
    c = access.collaborative
    initial = {f: getattr(c, f) for f in services.SETTINGS_FIELDS}
    initial["version"] = selectors.settings_version(c)
    form = SettingsForm(request.POST or None, initial=initial)
    track_what_was_loaded(form)
    if (
        request.method == "POST"
        and form.is_valid()
        and save_changed(
            form,
            lambda version, changed: services.collaborative_update(
                access=access, version=version, **changed
            ),
        )
    ):
        messages.success(request, _("Settings saved."))
        return redirect("collaboratives:settings", slug=c.slug)
    return render(request, "collaboratives/settings.html", {"form": form})


@collaborative_view(manage=True)
@downloadable(downloads.audit_log)
def audit_log(request: HttpRequest, access: Access) -> HttpResponse:
    page = Paginator(selectors.audit_events(access), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "collaboratives/audit.html",
        {"page": page, "lines": audit.rendered(page, access.collaborative.slug)},
    )


def accept_invitation(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = services.invitation_by_secret(secret)
    if invitation is None:
        return render(request, "collaboratives/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    form = AcceptInvitationForm(request.POST or None) if user is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.invitation_accept(
                secret=secret,
                user=user,
                password=form.cleaned_data["password1"] if form else "",
                full_name=form.cleaned_data["full_name"] if form else "",
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            if user is None:
                from braid.accounts.selectors import user_by_email

                login(
                    request,
                    user_by_email(invitation.email),
                    backend="braid.accounts.backends.Accounts",
                )
            messages.success(
                request, _("Welcome to %(name)s.") % {"name": invitation.collaborative.name}
            )
            return redirect("collaboratives:home", slug=invitation.collaborative.slug)
    return render(
        request, "collaboratives/invitation_accept.html", {"invitation": invitation, "form": form}
    )
