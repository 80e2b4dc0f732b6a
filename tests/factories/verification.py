"""Verification test helpers: the test holder's ID number, their holder page token, a signed checkpoint."""

from __future__ import annotations

from tests.factories.idnumbers import valid_id

ID = valid_id("51010719900307123")  # the ``holder`` fixture's ID number


def publish_checkpoint() -> None:
    """What the worker's minute job does (reads never sign; a test transaction runs no on_commit)."""
    from skillcert.transparency.services import publish_checkpoint as sign

    sign()


def holder_token() -> str:
    """The holder page token the public query hands 张三 (the ``holder`` fixture) for name + ID number."""
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    response = Client().post("/certificates/query/", {"mode": "id", "name": "张三", "id_number": ID})
    return response.context["holder_token"]
