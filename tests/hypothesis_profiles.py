"""Property-based test profiles, loaded once by ``tests/conftest.py``.

`make test` runs the "ci" profile (the same examples on every run, a fixed budget);
`make fuzz` sets HYPOTHESIS_PROFILE=explore to search many random examples instead.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, max_examples=100, deadline=None, print_blob=True, database=None)
settings.register_profile("explore", derandomize=False, max_examples=1000, deadline=None, print_blob=True)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(HYPOTHESIS_PROFILE)
