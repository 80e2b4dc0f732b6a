"""Accounts: a user in one role group, and a city bureau account linked to its 市(州)."""

from __future__ import annotations

from typing import Any

import factory
from django.contrib.auth.models import Group

from skillcert.core import roles

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with the test password; ``role=`` puts it in that role group.

    The role is applied inside ``_create`` (not as a post-generation hook) so that
    subclasses can rely on it, e.g. a bureau must be in its group before it is linked.
    """

    class Meta:
        model = "auth.User"

    username = factory.Sequence(lambda n: f"user-{n}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        role = kwargs.pop("role", None)
        password = kwargs.pop("password", PASSWORD)
        user = model_class.objects.create_user(*args, password=password, **kwargs)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user


class BureauFactory(UserFactory):
    """A city bureau account linked to its 市(州) (``region_code=None``: not linked yet), as the centre links it."""

    username = factory.Sequence(lambda n: f"bureau-{n}")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        from skillcert.catalog.models import Region
        from skillcert.core.bureaus import set_bureau_region

        region_code = kwargs.pop("region_code", "510100")
        user = super()._create(model_class, *args, role=roles.CITY_BUREAU, **kwargs)
        if region_code is not None:
            set_bureau_region(user=user, region=Region.objects.get(code=region_code), actor=None)
        return user


def make_user(username: str, role: str | None = None, **extra: Any) -> Any:
    """Create an active user, optionally in one role group."""
    return UserFactory(username=username, role=role, **extra)


def make_bureau(username: str, region_code: str | None = "510100") -> Any:
    """A city bureau account linked to its 市(州) (``None``: not linked yet), as the centre would link it."""
    return BureauFactory(username=username, region_code=region_code)
