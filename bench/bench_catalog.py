"""Catalogue: loading the reference data and answering searches and the certificate-type rule."""

from __future__ import annotations

import time

from django.test import Client

from figures import Figure, per_second


def run() -> list[Figure]:
    from skillcert.catalog.loaders import load_reference
    from skillcert.catalog.rules import certificate_types_for

    start = time.perf_counter()
    load_reference()
    first_load = time.perf_counter() - start
    client = Client()
    return [
        Figure("reference data: first load", first_load, "s"),
        Figure(
            "certificate-type rule (焊工, partial entry)",
            per_second(lambda: certificate_types_for("6-18-02-04"), 300),
            "answers/s",
        ),
        Figure(
            "API search ?q=工 (in-process)",
            per_second(lambda: client.get("/api/v1/catalog/occupations", {"q": "工"}), 50),
            "req/s",
        ),
        Figure(
            "catalogue page 6-18-02-04 (in-process)",
            per_second(lambda: client.get("/catalog/6-18-02-04/"), 100),
            "req/s",
        ),
    ]
