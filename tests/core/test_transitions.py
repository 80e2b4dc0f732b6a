"""The one status-transition helper: lock, check, snapshot, apply, save, log, with the actor passed in.

The staff account a service is given is the one the change log names, even with no request
around it: nothing is read from a thread-local any more.
"""

from __future__ import annotations

import datetime as dt

import pytest

from skillcert.core import context
from skillcert.core.changelog import history
from skillcert.core.errors import NotAllowed
from skillcert.core.transitions import Move, action_to, allowed_actions, move


def test_a_table_is_action_to_sources_and_target_and_reads_both_ways():
    table = {"suspend": move({"valid"}, "suspended"), "revoke": move({"valid", "suspended"}, "revoked")}
    assert table["revoke"] == Move(frozenset({"valid", "suspended"}), "revoked")
    sources, target = table["suspend"]  # unpacks like the tuples the apps used
    assert (sources, target) == (frozenset({"valid"}), "suspended")
    assert allowed_actions(table, "suspended") == ["revoke"]
    assert action_to(table, "valid", "revoked") == "revoke" and action_to(table, "revoked", "valid") is None


def test_the_context_keeps_no_actor():
    assert not hasattr(context, "actor_var")


@pytest.mark.django_db
def test_a_staff_suspension_outside_any_request_names_the_staff_user(reference, centre_user):
    from skillcert.institutions import services
    from tests.institutions import factories

    welder = factories.active(name="成都焊接技能评价中心", scope=(("6-18-02-04", "", "345"),))
    with context.acting_as(batch_id="no-request"):  # ids only: who acted comes from the call
        services.suspend_institution(institution=welder, reason="质量调研检查不合格", actor=centre_user)
    entry = history("institutions.institution", welder.public_id).first()
    assert entry is not None
    assert (entry.action, entry.actor, entry.actor_label) == (
        "institutions.institution.suspend",
        centre_user,
        centre_user.get_username(),
    )
    assert entry.before["status"] == "active" and entry.after["status"] == "suspended"


@pytest.mark.django_db
def test_a_certificate_status_change_logs_the_actor_it_is_given_and_refuses_outside_the_table(
    reference,
    holder,
    institution,
    operator,
):
    from skillcert.certificates import services
    from tests.factories import CertificateFactory

    certificate = CertificateFactory(
        holder=holder, issued_on=dt.date(2026, 5, 20), level=3, institution=institution, actor=operator
    )
    services.revoke_certificate(certificate=certificate, category="misconduct", reason="考场替考", actor=operator)
    entry = history("certificates.certificate", certificate.public_id).first()
    assert entry is not None
    assert (entry.action, entry.actor) == ("certificates.certificate.revoke", operator)
    assert entry.before["status"] == "valid" and entry.after["status"] == "revoked"
    with pytest.raises(NotAllowed) as refused:
        services.reinstate_certificate(certificate=certificate, reason="误操作", actor=operator)
    assert refused.value.code == "transition_not_allowed"
    assert history("certificates.certificate", certificate.public_id).count() == 2  # the refusal changed nothing
