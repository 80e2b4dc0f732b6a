"""Public addresses: nothing the log or the status lists publish opens a certificate; the address keys do.

The threat: anyone reads ``/api/v1/log/entries`` and the status list credentials (they are
public by design) and tries every value as a credential download, a QR page or a holder
page. Before addresses, every certificate's public id was in the log and opened its credential.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client

from skillcert.certificates import services
from skillcert.credentials.models import StatusList
from skillcert.credentials.selectors import status_list_url
from tests.certificates.oldway import the_old_way
from tests.factories import IssueSpecFactory

pytestmark = pytest.mark.django_db
PAGE = 7  # entries per request: a small page makes the walk cross several pages


def issue(holder, institution, operator, count, level=4):
    spec = IssueSpecFactory(holder=holder, level=level, institution=institution)
    return services.issue_certificates(specs=[spec] * count, actor=operator)


@pytest.fixture
def registry(holder, institution, operator, settings):
    """Certificates from before the change (moved by readdress) and after, some revoked or suspended."""
    from django.core.management import call_command

    from skillcert.credentials.services import rotate_signing_key

    settings.QUERY_RATE_LIMIT = "100000/m"  # the walk makes many requests; the limit has its own test
    with the_old_way():
        old = issue(holder, institution, operator, 2)
        services.revoke_certificate(certificate=old[1], category="false_materials", reason="伪造材料", actor=operator)
    call_command("readdress", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new = issue(holder, institution, operator, 3, level=3)
    services.suspend_certificate(certificate=new[0], category="under_review", reason="投诉调查中", actor=operator)
    services.revoke_certificate(certificate=new[1], category="misconduct", reason="替考", actor=operator)
    rotate_signing_key(note="yearly")
    certificates = [*old, *new]
    for certificate in certificates:
        certificate.refresh_from_db()
    return certificates


def strings(value: Any) -> set[str]:
    """Every string in a JSON value, and for strings holding JSON or a URL, the strings inside them too."""
    found: set[str] = set()
    if isinstance(value, dict):
        for item in value.values():
            found |= strings(item)
    elif isinstance(value, list):
        for item in value:
            found |= strings(item)
    elif isinstance(value, str):
        found.add(value)
        if value.startswith("{"):
            found |= strings(json.loads(value))
        if "/" in value or "#" in value:
            found |= {part for part in re.split(r"[/#?=&]", urlsplit(value).path + "#" + value) if part}
    return found


def published_values(client: Client) -> set[str]:
    """What anyone can read: every log entry (all pages) and every status list credential."""
    values: set[str] = set()
    start = 0
    while True:
        response = client.get("/api/v1/log/entries", {"start": start, "end": start + PAGE})
        if response.status_code == 404:
            break
        body = response.json()
        values |= strings(body["entries"])
        start = body["end"]
    assert start > PAGE * 2  # several pages were read
    for status_list in StatusList.objects.all():
        url = status_list_url(status_list.purpose, status_list.list_id)
        values |= strings(json.loads(client.get(urlsplit(url).path).content))
    return values


def addresses(value: str) -> list[str]:
    key = quote(value, safe="")
    return [
        f"/credentials/{key}",
        f"/certificates/verify/{key}/",
        f"/certificates/holder/{key}/",
        f"/certificates/holder/{key}/{key}.pdf",
        f"/verify/holder/{key}/{key}/bundle.json",
    ]


def test_nothing_published_opens_a_certificate(registry):
    client = Client()
    values = published_values(client)
    assert not values & {c.address_key for c in registry}
    private = [c.number for c in registry] + ["张三"]
    opened = []
    for value in sorted(values):
        for address in addresses(value):
            response = client.get(address)
            body = response.content.decode(errors="replace")
            if response.status_code != 404 or any(text in body for text in private):
                opened.append((address, response.status_code))
    assert opened == []
    for certificate in registry:  # while the addresses on paper and with the holder open each one
        assert certificate.number in client.get(f"/certificates/verify/{certificate.address_key}/").content.decode()
        assert certificate.number in client.get(f"/credentials/{certificate.address_key}").content.decode()


def test_old_addresses_answer_404_with_the_notice(registry):
    client = Client()
    for certificate in registry:
        for address in (f"/credentials/{certificate.public_id}", f"/certificates/verify/{certificate.public_id}/"):
            response = client.get(address)
            html = response.content.decode()
            assert response.status_code == 404 and "Location" not in response
            assert 'data-testid="address-changed"' in html and "证书查询" in html and "地址" in html
            assert certificate.number not in html and "张三" not in html


def test_the_credential_is_served_as_the_jcs_bytes_its_log_entry_digests(holder, institution, operator):
    from skillcert.certificates.trust import log_subject
    from skillcert.core.jcs import jcs
    from skillcert.transparency.models import LogLeaf

    certificate = issue(holder, institution, operator, 1)[0]
    response = Client().get(f"/credentials/{certificate.address_key}")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vc+ld+json")
    assert response["Cache-Control"] == "no-store"
    assert response.content == jcs(json.loads(response.content))
    leaf = LogLeaf.objects.get(kind="certificate.issued", subject_id=log_subject(certificate))
    assert hashlib.sha256(response.content).hexdigest() == leaf.payload["credential_sha256"]


def test_the_download_is_rate_limited_per_client(holder, institution, operator, settings):
    settings.QUERY_RATE_LIMIT = "3/m"
    certificate = issue(holder, institution, operator, 1)[0]
    client = Client()
    assert client.get("/credentials/guessing-costs-too").status_code == 404
    assert [client.get(f"/credentials/{certificate.address_key}").status_code for _ in range(2)] == [200, 200]
    refused = client.get(f"/credentials/{certificate.address_key}")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "rate_limited" and certificate.number not in refused.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.9").get(f"/credentials/{certificate.address_key}").status_code == 200


def test_the_qr_code_and_the_holder_page_carry_the_new_addresses(holder, institution, operator):
    from skillcert.certificates import holderlink
    from skillcert.certificates.printing import certificate_pdf
    from tests.documents.helpers import qr_texts, raster

    certificate = issue(holder, institution, operator, 1)[0]
    assert qr_texts(raster(certificate_pdf(certificate))) == [
        f"http://127.0.0.1:8000/certificates/verify/{certificate.address_key}/"
    ]
    html = Client().get(f"/certificates/holder/{holderlink.make_token(holder.public_id)}/").content.decode()
    assert f'href="/credentials/{certificate.address_key}"' in html
    assert f'href="/certificates/verify/{certificate.address_key}/"' in html
    assert f"/credentials/{certificate.public_id}" not in html
    assert f"/certificates/verify/{certificate.public_id}/" not in html


def test_address_keys_stay_out_of_the_logs(holder, institution, operator, caplog):
    """An address key opens a certificate like a holder link does: the access and application logs redact it."""
    from skillcert.core.accesslog import redact

    certificate = issue(holder, institution, operator, 1)[0]
    key = certificate.address_key
    for line in (f"GET /credentials/{key} HTTP/1.1", f"GET /certificates/verify/{key}/ HTTP/1.1"):
        assert key not in redact(line) and "[redacted]" in redact(line)
    assert redact("GET /credentials/status/revocation/abc") == "GET /credentials/status/revocation/abc"
    near_miss = key[:-1] + ("y" if key.endswith("x") else "x")  # one character off (never the key itself)
    with caplog.at_level("WARNING", logger="django.request"):
        Client().get(f"/credentials/{near_miss}")  # a near miss is logged as Not Found
    assert caplog.records and all(key[:-1] not in record.getMessage() for record in caplog.records)
