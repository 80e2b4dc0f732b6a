"""The change log's one vocabulary: every code written now is ``app.object.verb`` and old codes still read right.

Entries written before the vocabulary keep their codes (the log is never rewritten), so each old
code must map to the new code of the same step, and whatever reads an action (labels, the public
complaint timeline) must treat the two alike.
"""

from __future__ import annotations

from django.apps import apps
from django.utils import translation

from skillcert.core import actions
from tests.core.test_action_labels import action_codes


def _skillcert_apps() -> set[str]:
    return {c.label for c in apps.get_app_configs() if c.name.startswith("skillcert.")}


def test_every_code_written_in_src_is_app_object_verb_of_an_app_that_exists():
    wrong = {code: sorted(mods) for code, mods in action_codes().items() if not actions.CODE_SHAPE.match(code)}
    assert wrong == {}, f"write these change-log actions as app.object.verb: {wrong}"
    unknown = {code for code in action_codes() if code.split(".")[0] not in _skillcert_apps()}
    assert unknown == set()


def test_every_registered_label_is_for_a_new_code():
    old = sorted(code for code in actions.registered() if not actions.CODE_SHAPE.match(code))
    assert old == [], "register labels under the app.object.verb code; old codes read through LEGACY_ACTIONS"


def test_each_legacy_code_maps_to_a_labelled_new_code_and_reads_with_its_label():
    labels = actions.registered()
    for old, new in actions.LEGACY_ACTIONS.items():
        assert not actions.CODE_SHAPE.match(old), old
        assert new in labels, f"{old} → {new}: the new code has no label"
        with translation.override("zh-hans"):
            assert actions.label_for(old) == actions.label_for(new) != old


def test_readers_match_old_and_new_codes_alike():
    assert actions.canonical("complaint.information_added") == "supervision.complaint.add_information"
    assert actions.canonical("supervision.complaint.add_information") == "supervision.complaint.add_information"
    assert actions.codes_for("certificates.certificate.revoke") == ["certificates.certificate.revoke", "revoke"]
    assert actions.codes_for("competitions.competition.register") == ["competitions.competition.register", "register"]
