"""The doors: login lockout with a way out, rate limits, a strict Content-Security-Policy and
the other security headers, 401 for anonymous API calls, and who may start a collaborative."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from braid.accounts.models import User
from braid.collaboratives.models import Collaborative
from braid.collaboratives.testing import bearer

ROOT = Path(django_settings.BASE_DIR)


@pytest.fixture(autouse=True)
def _fresh_counts():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _login(client: Client, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_wrong_passwords_lock_the_login_out_and_offer_a_reset(db, settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 5
    User.objects.create_user(email="lee@example.org", password="right-horse-battery")
    client = Client()
    for _ in range(4):
        assert _login(client, "lee@example.org", "wrong").status_code == 200
    locked = _login(client, "lee@example.org", "wrong")
    assert locked.status_code == 429
    # Even the right password is refused now, with a page that offers a reset.
    again = _login(client, "lee@example.org", "right-horse-battery")
    assert again.status_code == 429
    html = again.content.decode()
    assert "Too many wrong passwords" in html
    assert reverse("accounts:password_reset") in html
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked out.
    User.objects.create_user(email="kim@example.org", password="another-long-phrase")
    assert _login(Client(), "kim@example.org", "another-long-phrase").status_code == 302


def test_the_lockout_page_is_french_for_french_readers(db, settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 1
    User.objects.create_user(email="lee@example.org", password="right-horse-battery")
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    _login(client, "lee@example.org", "wrong")
    html = _login(client, "lee@example.org", "wrong").content.decode()
    assert 'lang="fr"' in html and "Réinitialiser" in html


def test_a_good_login_still_works_and_resets_the_count(db, settings):  # type: ignore[no-untyped-def]
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user(email="lee@example.org", password="right-horse-battery")
    client = Client()
    _login(client, "lee@example.org", "wrong")
    _login(client, "lee@example.org", "wrong")
    assert _login(client, "lee@example.org", "right-horse-battery").status_code == 302
    client.logout()
    _login(client, "lee@example.org", "wrong")
    _login(client, "lee@example.org", "wrong")
    assert _login(client, "lee@example.org", "right-horse-battery").status_code == 302


def test_guessing_api_tokens_is_slowed_to_429(client, steward, settings):  # type: ignore[no-untyped-def]
    settings.BRAID_RATE_TOKEN = "3/m"
    for _ in range(3):
        response = client.get("/api/v1/collaboratives", HTTP_AUTHORIZATION="Bearer nope")
        assert response.status_code == 401
    response = client.get("/api/v1/collaboratives", HTTP_AUTHORIZATION="Bearer nope")
    assert response.status_code == 429 and "wait a minute" in response.json()["detail"]
    # Past the rate even a real token waits: guessing cannot go on at speed.
    assert client.get("/api/v1/collaboratives", **bearer(steward)).status_code == 429


def test_exports_are_rate_limited_per_user(steward_client, collaborative, settings):  # type: ignore[no-untyped-def]
    from braid.core.middleware import RateLimitMiddleware  # noqa: F401 - installed in settings

    settings.BRAID_RATE_EXPORT = "2/m"
    url = reverse("partners:export", args=[collaborative.slug]) + "?format=csv"
    assert steward_client.get(url).status_code == 200
    assert steward_client.get(url).status_code == 200
    refused = steward_client.get(url)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Too many requests" in refused.content.decode()


def test_list_downloads_count_as_exports_and_answer_429_past_the_rate(
    steward_client, collaborative, settings
):  # type: ignore[no-untyped-def]
    """`?format=` on a list's own page is an export: it shares the per-user rate (and
    counter) of the `/export` paths; past it, a 429 saying to wait, while the page itself
    still answers."""
    settings.BRAID_RATE_EXPORT = "2/m"
    board = reverse("partners:board", args=[collaborative.slug])
    export = reverse("partners:export", args=[collaborative.slug])
    assert steward_client.get(board, {"format": "csv"}).status_code == 200
    assert steward_client.get(export, {"format": "csv"}).status_code == 200
    refused = steward_client.get(board, {"format": "xlsx"})
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "wait a minute and try again" in refused.content.decode()
    assert steward_client.get(board).status_code == 200


def test_personal_links_are_rate_limited_per_address(client, db, settings):  # type: ignore[no-untyped-def]
    settings.BRAID_RATE_PUBLIC_LINK = "2/m"
    statuses = [client.get(f"/s/guess{i}/").status_code for i in range(3)]
    assert statuses[:2] != [429, 429] and statuses[2] == 429


def test_anonymous_api_writes_answer_401_with_the_envelope(client, collaborative):  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/collaboratives/{collaborative.slug}/organisations",
        data=json.dumps({"name": "X"}),
        content_type="application/json",
    )
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"detail", "errors"} and "CSRF" not in body["detail"]


# --- headers ----------------------------------------------------------------------------------


def test_pages_carry_a_strict_csp_and_the_security_headers(steward_client, collaborative):  # type: ignore[no-untyped-def]
    response = steward_client.get(reverse("collaboratives:home", args=[collaborative.slug]))
    csp = response["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]*)", csp).group(1)  # type: ignore[union-attr]
    # Only Braid's own files run: no inline code, no eval (a nonce is added for a page that
    # asks for one with request.csp_nonce).
    assert script.split()[0] == "'self'"
    assert "unsafe-inline" not in script and "unsafe-eval" not in script
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_api_docs_page_runs_under_the_policy(client, db):  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "script-src" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not _inline_scripts(html), "the docs page has inline script code"
    # Swagger UI from Braid's own static files, never a CDN (ninja is not an installed app).
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources), sources
    assert all(s.startswith("/static/") for s in sources), sources
    from django.contrib.staticfiles import finders

    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")


def _inline_scripts(html: str) -> list[str]:
    """Script elements with code in them (JSON data blocks are data, not code), and on...=
    handler attributes."""
    found = []
    for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S | re.I):
        if "src=" in attrs or "application/json" in attrs:
            continue
        if body.strip():
            found.append(body.strip()[:60])
    found += re.findall(r"<[^>]+\son[a-z]+\s*=", html, flags=re.I)
    return found


def test_no_template_has_inline_script_code_or_handlers():
    offenders = {}
    for path in sorted((ROOT / "templates").rglob("*.html")):
        found = _inline_scripts(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}, "move this code to static/js/ (data through json_script)"


def _settings_under(env: dict[str, str]) -> dict[str, object]:
    code = (
        "import json, config.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "('SECURE_HSTS_SECONDS', 'SECURE_PROXY_SSL_HEADER', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "BRAID_VAR_DIR": str(ROOT / "var"), **env},
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_secure_cookies_turn_on_hsts_and_the_proxy_header():
    secure = _settings_under({"BRAID_SECURE_COOKIES": "1"})
    assert secure["SECURE_HSTS_SECONDS"] == 31_536_000
    assert secure["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert secure["SESSION_COOKIE_SECURE"] and secure["CSRF_COOKIE_SECURE"]
    plain = _settings_under({"BRAID_SECURE_COOKIES": "0"})
    assert plain["SECURE_HSTS_SECONDS"] is None and plain["SECURE_PROXY_SSL_HEADER"] is None


def test_hsts_is_sent_over_https(client, db, settings):  # type: ignore[no-untyped-def]
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


# --- starting a collaborative -------------------------------------------------------------------


def test_only_site_admins_start_collaboratives_unless_the_installation_allows(
    client, steward, settings
):  # type: ignore[no-untyped-def]
    body = json.dumps({"name": "Fuzz Network", "slug": "", "issue": ""})
    refused = client.post(
        "/api/v1/collaboratives", body, content_type="application/json", **bearer(steward)
    )
    assert refused.status_code == 403 and "administrators" in refused.json()["detail"]
    assert not Collaborative.objects.filter(name="Fuzz Network").exists()

    admin = User.objects.create_user(email="admin@example.org", password="x", is_staff=True)
    made = client.post(
        "/api/v1/collaboratives", body, content_type="application/json", **bearer(admin)
    )
    assert made.status_code == 201

    settings.BRAID_ANYONE_MAY_CREATE = True
    body = json.dumps({"name": "Open Network", "slug": "", "issue": ""})
    assert (
        client.post(
            "/api/v1/collaboratives", body, content_type="application/json", **bearer(steward)
        ).status_code
        == 201
    )


def test_the_page_hides_the_form_and_refuses_the_post(steward_client, collaborative):  # type: ignore[no-untyped-def]
    html = steward_client.get(reverse("collaboratives:list")).content.decode()
    assert "Start a collaborative" not in html
    response = steward_client.post(reverse("collaboratives:list"), {"name": "Sneaky"})
    assert response.status_code == 403
    assert not Collaborative.objects.filter(name="Sneaky").exists()
