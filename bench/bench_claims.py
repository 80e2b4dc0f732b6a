"""Claim checker: precision and recall on the corpus in ``tests/supervision/corpus``, and checks per second.

Precision and recall count rule codes per text (a text with two findings of one rule counts
once); claims marked ``# miss:`` in the corpus are what a person flags and the checker does
not, and count against recall. The corpus was written together with the rules, so these
figures say the rules do what they claim on realistic wording. Texts marked ``# blind: batch 2``
were written before the last round of rule changes and never used to change a rule: their
figures are the honest estimate for advertisements nobody has read yet.
"""

from __future__ import annotations

import time

from figures import Figure, per_second


def _world() -> dict[str, str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from tests.supervision.corpus import build_world

    from skillcert.catalog.loaders import load_reference
    from skillcert.catalog.models import Occupation
    from skillcert.core.roles import CENTRE_STAFF
    from skillcert.credentials.services import ensure_signing_key

    if not Occupation.objects.exists():
        load_reference()
    ensure_signing_key()
    user, _created = get_user_model().objects.get_or_create(username="bench-claims-centre")
    user.groups.add(Group.objects.get(name=CENTRE_STAFF))
    user = get_user_model().objects.get(pk=user.pk)  # fresh permission cache
    return build_world(user)


def run() -> list[Figure]:
    from tests.supervision.corpus import load_corpus, score

    from skillcert.supervision.claims import check_text, occupation_matcher

    samples = load_corpus(_world())
    start = time.perf_counter()
    occupation_matcher()
    build = time.perf_counter() - start
    found = {s.name: {f.code for f in check_text(s.text).findings} for s in samples}
    tp, fp, fn = score(samples, found)
    legitimate = [s for s in samples if not s.expect and not s.miss]
    flagged_legitimate = sum(1 for s in legitimate if found[s.name])
    blind = [s for s in samples if s.blind == "batch 2"]
    btp, bfp, bfn = score(blind, found)
    longest = max(samples, key=lambda s: len(s.text)).text * 20  # ~1,900 characters, the institution named 20 times
    return [
        Figure(f"claim checker: corpus texts ({len(legitimate)} legitimate)", len(samples), "texts"),
        Figure("claim checker: precision (rule findings)", tp / (tp + fp) if tp + fp else 0.0, "ratio", 0.9),
        Figure("claim checker: recall (rule findings)", tp / (tp + fn) if tp + fn else 0.0, "ratio", 0.9),
        Figure("claim checker: legitimate texts flagged", flagged_legitimate, "texts"),
        Figure(
            f"claim checker: blind batch 2 precision ({len(blind)} texts)",
            btp / (btp + bfp) if btp + bfp else 0.0,
            "ratio",
        ),
        Figure("claim checker: blind batch 2 recall", btp / (btp + bfn) if btp + bfn else 0.0, "ratio"),
        Figure("claim checker: occupation matcher build (~1,600 names)", build * 1000, "ms"),
        Figure(
            "claim checker: short advert checked", per_second(lambda: check_text(samples[-1].text), 200), "checks/s"
        ),
        Figure("claim checker: 1,900-character page checked", per_second(lambda: check_text(longest), 50), "checks/s"),
    ]
