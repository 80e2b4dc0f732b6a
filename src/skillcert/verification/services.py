"""Every change to verification codes: create, revoke, count a use, and answer an ID number check.

Each is recorded in the change log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from skillcert.core.actions import register as register_action_labels
from skillcert.core.actors import Actor
from skillcert.core.changelog import record_change
from skillcert.core.errors import InvalidInput, NotAllowed, NotFound
from skillcert.core.ids import new_readable_code
from skillcert.verification.codes import CODE_LENGTH, code_hash
from skillcert.verification.models import VerificationCode

MIN_DAYS = 7
MAX_DAYS = 180
MAX_ACTIVE_CODES = 10  # per certificate: enough for every employer a holder applies to at once
MAX_CODES_PER_DAY = 20  # per certificate, revoked ones included: no endless create-and-revoke
MAX_ID_CHECKS = 3  # per code: enough for a typing slip, far too few to search for a number


def new_code() -> str:
    """A random code of :data:`CODE_LENGTH` characters from an unambiguous alphabet (about 79 bits)."""
    return new_readable_code(CODE_LENGTH)


@transaction.atomic
def create_verification_code(
    *, certificate: Any, holder: Any, days: int, actor: Actor = None
) -> tuple[VerificationCode, str]:
    """Create a code for one of the holder's certificates; return it with the plain code (shown once).

    Raises:
        InvalidInput: ``days`` outside 7–180.
        NotFound: the certificate is not the holder's.
        NotAllowed: the certificate already has :data:`MAX_ACTIVE_CODES` active codes
            (``too_many_codes``) or :data:`MAX_CODES_PER_DAY` were created in the last 24 hours
            (``too_many_codes_today``).
    """
    if not isinstance(days, int) or not MIN_DAYS <= days <= MAX_DAYS:
        raise InvalidInput(
            _("Choose a validity between %(min)s and %(max)s days.") % {"min": MIN_DAYS, "max": MAX_DAYS},
            fields={"days": [_("Must be between %(min)s and %(max)s.") % {"min": MIN_DAYS, "max": MAX_DAYS}]},
        )
    if certificate.holder_id != holder.pk:
        raise NotFound(_("This certificate is not among yours."))
    now = timezone.now()
    _check_caps(certificate=certificate, now=now)
    plain = new_code()
    code = VerificationCode.objects.create(
        certificate=certificate,
        holder=holder,
        code_hash=code_hash(plain),
        hint=plain[-4:],
        expires_at=now + dt.timedelta(days=days),
    )
    record_change(
        action="verification.code.create",
        object_type="verification.code",
        object_id=code.public_id,
        after={"certificate": certificate.public_id, "expires_at": code.expires_at.isoformat(), "days": days},
        actor=actor,
    )
    return code, plain


def _check_caps(*, certificate: Any, now: dt.datetime) -> None:
    """Refuse a new code over either cap; the certificate row is locked so two requests cannot both pass."""
    type(certificate).objects.select_for_update().filter(pk=certificate.pk).first()
    codes = VerificationCode.objects.filter(certificate=certificate)
    if codes.filter(revoked_at__isnull=True, expires_at__gt=now).count() >= MAX_ACTIVE_CODES:
        raise NotAllowed(
            _(
                "A certificate can have at most %(max)s active verification codes. "
                "Revoke one you no longer need, then create a new one."
            )
            % {"max": MAX_ACTIVE_CODES},
            code="too_many_codes",
        )
    if codes.filter(created_at__gt=now - dt.timedelta(days=1)).count() >= MAX_CODES_PER_DAY:
        raise NotAllowed(
            _("At most %(max)s verification codes can be created for a certificate in one day. Try again tomorrow.")
            % {"max": MAX_CODES_PER_DAY},
            code="too_many_codes_today",
        )


@transaction.atomic
def revoke_verification_code(*, code: VerificationCode, holder: Any, actor: Actor = None) -> VerificationCode:
    """Revoke a holder's own code at once; employers who enter it see the neutral message from now on."""
    code = VerificationCode.objects.select_for_update().get(pk=code.pk)
    if code.holder_id != holder.pk:
        raise NotFound(_("This verification code is not among yours."))
    if code.revoked_at is not None:
        raise NotAllowed(_("This verification code was already revoked."), code="already_revoked")
    code.revoked_at = timezone.now()
    code.save(update_fields=["revoked_at", "updated_at"])
    record_change(
        action="verification.code.revoke",
        object_type="verification.code",
        object_id=code.public_id,
        before={"revoked_at": None},
        after={"revoked_at": code.revoked_at.isoformat()},
        actor=actor,
    )
    return code


@transaction.atomic
def record_use(*, code: VerificationCode, actor: Actor = None) -> None:
    """Count one successful look-up by an employer (the holder sees the count) and log it."""
    now = timezone.now()
    VerificationCode.objects.filter(pk=code.pk).update(last_used_at=now, use_count=F("use_count") + 1)
    record_change(
        action="verification.code.use",
        object_type="verification.code",
        object_id=code.public_id,
        after={"last_used_at": now.isoformat()},
        actor=actor,
    )


@dataclass(frozen=True)
class IdCheck:
    """The answer to one "核对证件号码" question: yes or no, and how many questions the code has left."""

    matches: bool
    remaining: int


def _not_an_id_number() -> InvalidInput:
    message = _(
        "This is not a complete, valid ID number. Check each character against the holder's ID document "
        "(the last character of a resident ID number may be X). This attempt was not counted."
    )
    return InvalidInput(message, fields={"id_number": [message]})


@transaction.atomic
def check_id_number(*, code: VerificationCode, id_number: str, actor: Actor = None) -> IdCheck:
    """Answer whether ``id_number`` is the holder's, yes or no, and count the question on the code.

    Why this exists: the credential no longer carries anything derived from the ID number (a
    hash of one is reversed offline), so an employer who wants to tie the paper to the ID card
    in front of them asks here, with a code only the holder can make. Each code answers at most
    :data:`MAX_ID_CHECKS` questions, counted by a conditional update so that two requests at once
    cannot both take the last one; the view also rate-limits per client. The change log keeps
    the result only, never the number or anything derived from it.

    Raises:
        InvalidInput: the text is not a valid number of any ID type (not counted: the format is public).
        NotAllowed: the code has used all its checks (``id_checks_used_up``).
    """
    from skillcert.people.idnumbers import matching_id_types
    from skillcert.people.models import Holder
    from skillcert.people.protection import id_number_matches

    if not matching_id_types(str(id_number)[:64]):
        raise _not_an_id_number()
    counted = VerificationCode.objects.filter(pk=code.pk, id_checks__lt=MAX_ID_CHECKS).update(
        id_checks=F("id_checks") + 1
    )
    if not counted:
        raise NotAllowed(
            _(
                "This verification code has used all %(max)s ID number checks. "
                "To check again, ask the holder for a new verification code."
            )
            % {"max": MAX_ID_CHECKS},
            code="id_checks_used_up",
        )
    used = VerificationCode.objects.values_list("id_checks", flat=True).get(pk=code.pk)
    holder = Holder.objects.only("id_type", "id_number_hash").get(pk=code.holder_id)
    matches = id_number_matches(id_type=holder.id_type, stored_hash=holder.id_number_hash, typed=str(id_number))
    record_change(
        action="verification.code.check_id",
        object_type="verification.code",
        object_id=code.public_id,
        after={"result": "match" if matches else "no_match", "checks_used": used},
        actor=actor,
    )
    return IdCheck(matches=matches, remaining=MAX_ID_CHECKS - used)


# What staff read in the change log instead of the action codes this module writes (core.actions).
register_action_labels(
    {
        "verification.code.create": gettext_lazy("Verification code created"),
        "verification.code.revoke": gettext_lazy("Verification code withdrawn by the holder"),
        "verification.code.use": gettext_lazy("Verification code entered by an employer"),
        "verification.code.check_id": gettext_lazy("ID number checked with a verification code"),
    }
)
