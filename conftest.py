"""Root conftest: test-time environment, set before Django's settings are imported."""

import os
import tempfile

os.environ.setdefault("SKILLCERT_DATA_DIR", os.path.join(tempfile.gettempdir(), "skillcert-test-data"))
os.environ["SKILLCERT_JOBS_IMMEDIATE"] = "true"
