"""The demo home page vs a bare Django view through the same middleware, in one process."""

from __future__ import annotations

import os

from bench.common import median_seconds, record, setup_django


def main() -> None:
    vendor = setup_django(os.environ["BRAID_BENCH_DB"])
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from braid.demo.seed import load_demo

    load_demo(force=True)

    def bare(request):  # type: ignore[no-untyped-def]
        return HttpResponse("ok")

    urlpatterns = [path("bench/bare/", bare), path("", include("config.urls"))]
    module = type(os)("bench_urls")
    module.urlpatterns = urlpatterns  # type: ignore[attr-defined]
    import sys

    sys.modules["bench_urls"] = module
    with override_settings(ROOT_URLCONF="bench_urls", ALLOWED_HOSTS=["*"]):
        from braid.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(email="steward@demo.braid"))
        assert client.get("/c/demo/").status_code == 200
        page = median_seconds(lambda: client.get("/c/demo/"), repeat=50)
        baseline = median_seconds(lambda: client.get("/bench/bare/"), repeat=50)
    record(
        "home_page", vendor, page * 1000, "ms", baseline * 1000, "informational: ratio vs bare view"
    )


if __name__ == "__main__":
    main()
