"""Background task: the scheduled signer of checkpoints, so that reads never sign and no entry waits long unsigned.

``skillcert serve`` starts a Huey consumer beside the web server, which runs this every minute; with
several consumers (several servers) the log-head lock in ``publish_checkpoint_if_due`` and the
interval make one of them sign and the others find nothing due.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from skillcert.transparency import services


@db_periodic_task(crontab(minute="*"))
def publish_checkpoint_when_grown() -> None:
    """Publish a checkpoint if entries were appended since the latest one (and no other worker just did)."""
    services.publish_checkpoint_if_due(interval=services.CHECKPOINT_INTERVAL)
