"""JSON API: who am I."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    email: str
    full_name: str


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> Any:
    return request.user
