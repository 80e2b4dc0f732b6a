"""City bureau accounts and their 市(州): who is bound to one region, and the one service that sets it.

A city bureau (人社局) acts only for its own 市(州): it issues 专项职业能力证书 in its own name,
reviews that region's institutions and sees that region's staff reports. Centre staff
(``manage_institutions``) act for the whole province. Every region-scoped page and service
asks :func:`region_scope` rather than testing roles itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from skillcert.core import roles
from skillcert.core.actors import Actor
from skillcert.core.changelog import record_change
from skillcert.core.errors import InvalidInput, NotAllowed, PermissionDenied
from skillcert.core.models import StaffProfile

OBJECT_TYPE = "core.staff_profile"
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class RegionScope:
    """What a user may act on: the whole province (``province``), one 市(州) (``region``) or nothing."""

    province: bool
    region: Any = None  # a catalog.Region when bound to one

    @property
    def nothing(self) -> bool:
        return not self.province and self.region is None


def is_centre(user: Any) -> bool:
    """Centre staff act for the whole province (superusers too)."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("core.manage_institutions"))


def is_city_bureau(user: Any) -> bool:
    """A city bureau account (by its role group), unless it is also centre staff."""
    if not getattr(user, "is_authenticated", False) or is_centre(user):
        return False
    return user.groups.filter(name=roles.CITY_BUREAU).exists()


def bureau_region(user: Any) -> Any:
    """The 市(州) a bureau account belongs to, or ``None`` (not linked yet, or not a bureau)."""
    if not getattr(user, "is_authenticated", False):
        return None
    profile = StaffProfile.objects.filter(user=user).select_related("region").first()
    return profile.region if profile is not None else None


def region_scope(user: Any) -> RegionScope:
    """The province for centre staff, the bureau's own 市(州) for a bureau, nothing for anyone else."""
    if is_centre(user):
        return RegionScope(province=True)
    if is_city_bureau(user):
        return RegionScope(province=False, region=bureau_region(user))
    return RegionScope(province=False)


def no_region_message() -> str:
    """The refusal a bureau account without a 市(州) sees on every region-scoped page."""
    return _(
        "This city bureau account is not linked to a city or prefecture yet; "
        "ask the provincial centre to link it before issuing, reviewing or reading reports."
    )


def require_region(user: Any) -> Any:
    """The bureau's 市(州), or :class:`PermissionDenied` with :func:`no_region_message` when it has none."""
    region = bureau_region(user)
    if region is None:
        raise PermissionDenied(no_region_message(), code="bureau_without_region")
    return region


@transaction.atomic
def set_bureau_region(*, user: Any, region: Any, actor: Actor, reason: str = "") -> StaffProfile:
    """Link a city bureau account to its 市(州) (``region=None`` unlinks it); centre staff only, change-logged."""
    if actor is not None and not is_centre(actor):
        raise PermissionDenied(_("Only the provincial centre links city bureau accounts to their region."))
    if not user.groups.filter(name=roles.CITY_BUREAU).exists():
        raise InvalidInput(
            _("Only city bureau accounts belong to a city or prefecture."), code="not_a_city_bureau_account"
        )
    profile, _created = StaffProfile.objects.select_for_update().get_or_create(user=user)
    before = {"region": str(profile.region) if profile.region_id else ""}
    profile.region = region
    profile.save()
    record_change(
        action="core.bureau.set_region",
        object_type=OBJECT_TYPE,
        object_id=str(user.get_username()),
        before=before,
        after={"region": str(region) if region is not None else ""},
        reason=reason,
        actor=actor,
    )
    return profile


class OutsideRegion(NotAllowed):
    """A city bureau tried to act for another 市(州) or for the province; nothing was changed."""

    code = "outside_own_region"

    def __init__(self, *, actor: Any, own: Any, attempted: Any, what: str) -> None:
        super().__init__(
            _(
                "%(own)s acts only for its own city or prefecture; %(attempted)s is not yours. "
                "Nothing was issued or changed."
            )
            % {"own": own.name, "attempted": attempted.name if attempted is not None else _("the province")}
        )
        self.actor, self.own, self.attempted, self.what = actor, own, attempted, what

    def record(self) -> None:
        """Write the attempt to the change log (called after the refused transaction has rolled back)."""
        self.recorded = True
        record_change(
            action="core.bureau.refuse_outside_region",
            object_type=OBJECT_TYPE,
            object_id=str(self.actor.get_username()),
            after={
                "what": self.what,
                "own_region": self.own.code,
                "attempted_region": self.attempted.code if self.attempted is not None else "province",
            },
            reason="refused",
            actor=self.actor,
        )


def check_own_region(actor: Actor, region: Any, *, what: str) -> None:
    """Refuse unless ``actor`` may act for ``region`` (``None`` = the province): centre staff any, a bureau its own."""
    if actor is None or is_centre(actor):
        return
    if not is_city_bureau(actor):
        raise PermissionDenied(_("Only the provincial centre or a city bureau acts for a region."))
    own = require_region(actor)
    if region is None or region.pk != own.pk:
        raise OutsideRegion(actor=actor, own=own, attempted=region, what=what)


def logs_region_refusals(func: F) -> F:
    """Wrap a service (outside its ``transaction.atomic``) so that a refused other-region attempt is logged."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except OutsideRegion as exc:
            exc.record()
            raise

    return wrapper  # type: ignore[return-value]
