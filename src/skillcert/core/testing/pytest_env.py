"""pytest plugin loaded with ``-p`` (see pyproject): sets the test environment before Django's settings load.

A root ``conftest.py`` is imported too late for this: pytest-django configures
Django while loading the initial conftests.
"""

import os
import tempfile

os.environ.setdefault("SKILLCERT_DATA_DIR", os.path.join(tempfile.gettempdir(), "skillcert-test-data"))
os.environ["SKILLCERT_JOBS_IMMEDIATE"] = "true"
