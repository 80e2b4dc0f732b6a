"""The baseline every installation has: the reference catalogue, the role groups and the signing key."""

from __future__ import annotations


def ensure_reference() -> None:
    """Restore what every installation has after ``make run``, when a flush removed it.

    Transactional tests (the live server, job tests) flush every table after they
    run, including rows that migrations and set-up create: the reference catalogue,
    the role groups and the signing key.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group

    from skillcert.catalog.loaders import load_reference
    from skillcert.catalog.models import Occupation
    from skillcert.core.roles import ROLES, sync_roles
    from skillcert.credentials.services import ensure_signing_key

    if not Occupation.objects.exists():
        load_reference()
    if Group.objects.filter(name__in=ROLES).count() < len(ROLES):
        sync_roles(apps)
    ensure_signing_key()
