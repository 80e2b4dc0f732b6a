"""Core plumbing: request ids, change log, roles, personal-data markers, settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client

from skillcert.core import roles
from skillcert.core.changelog import history, record_change
from skillcert.core.context import acting_as
from skillcert.core.models import ChangeLogEntry, ImmutableRowError


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_honours_a_well_formed_one():
    client = Client()
    generated = client.get("/")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/", headers={"X-Request-ID": "abc12345-from-proxy"})["X-Request-ID"] == "abc12345-from-proxy"
    assert client.get("/", headers={"X-Request-ID": "bad id\n"})["X-Request-ID"] != "bad id\n"


@pytest.mark.django_db
def test_change_log_records_actor_batch_and_reason(centre_user):
    with acting_as(batch_id="batch-42", request_id="req-12345678"):
        entry = record_change(
            action="institutions.institution.suspend",
            object_type="institutions.institution",
            object_id="abc",
            before={"status": "active"},
            after={"status": "suspended"},
            reason="质量检查不合格",
            actor=centre_user,
        )
    assert (entry.actor, entry.actor_label, entry.batch_id, entry.request_id) == (
        centre_user,
        "centre-staff",
        "batch-42",
        "req-12345678",
    )
    assert list(history("institutions.institution", "abc")) == [entry]


@pytest.mark.django_db
def test_change_log_is_append_only():
    entry = record_change(action="x", object_type="t", object_id="1", actor=None)
    assert entry.actor_label == "system"
    entry.reason = "rewritten"
    with pytest.raises(ImmutableRowError):
        entry.save()
    with pytest.raises(ImmutableRowError):
        entry.delete()
    assert ChangeLogEntry.objects.get(pk=entry.pk).reason == ""


@pytest.mark.django_db
def test_roles_are_groups_with_their_capabilities():
    for role, capabilities in roles.ROLES.items():
        group = Group.objects.get(name=role)
        assert set(group.permissions.values_list("codename", flat=True)) == set(capabilities)


@pytest.mark.django_db
def test_role_capabilities_reach_the_user(centre_user):
    assert centre_user.has_perm("core.manage_institutions")
    from tests.factories import make_user

    operator = make_user("op", roles.INSTITUTION_OPERATOR)
    assert operator.has_perm("core.operate_institution")
    assert not operator.has_perm("core.manage_institutions")


def test_every_project_model_states_its_personal_data():
    missing = [
        model.__name__
        for model in apps.get_models()
        if model.__module__.startswith("skillcert.") and "personal data" not in (model.__doc__ or "").lower()
    ]
    assert missing == []


def test_deploy_check_passes_with_production_values(tmp_path):
    env = {
        **os.environ,
        "SKILLCERT_DATA_DIR": str(tmp_path),
        "SKILLCERT_SECRET_KEY": "x" * 64 + "production-secret-key-value-with-entropy-123456",
        "SKILLCERT_HTTPS": "true",
        "SKILLCERT_ALLOWED_HOSTS": "certs.example.gov.cn",
        "SKILLCERT_PUBLIC_URL": "https://certs.example.gov.cn",
        "SKILLCERT_DEBUG": "false",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests only
    result = subprocess.run(
        [sys.executable, "-m", "skillcert.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_secret_is_generated_once_with_owner_only_permissions(tmp_path):
    from skillcert.config.env import secret_from_env_or_file

    first = secret_from_env_or_file("NO_SUCH_SECRET_FOR_TEST", tmp_path, "k")
    assert secret_from_env_or_file("NO_SUCH_SECRET_FOR_TEST", tmp_path, "k") == first
    assert (tmp_path / "secrets" / "k").stat().st_mode & 0o777 == 0o600


def test_malformed_boolean_setting_fails_with_a_clear_message(monkeypatch):
    from skillcert.config.env import ConfigurationError, env_bool

    monkeypatch.setenv("SKILLCERT_DEBUG", "maybe")
    with pytest.raises(ConfigurationError, match="SKILLCERT_DEBUG must be true or false"):
        env_bool("DEBUG")
