"""Webhook addresses: what may be saved and where ``post`` connects.

Addresses are judged on IP literals and names this machine resolves itself
(``localhost``); ``post`` talks to a real receiver on 127.0.0.1. Nothing here
reaches the internet.
"""

import datetime
import ipaddress
import socket
import ssl
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from delivery.addresses import (
    FIRST_BYTES,
    AddressRefused,
    DeliveryFailed,
    check_endpoint,
    post,
)
from tests.delivery.receiver import Reply, WebhookReceiver

INSIDE = (
    "This address points inside our own network ({}), which webhooks may not reach."
)
METADATA = (
    "This address points to the cloud metadata service ({}), which webhooks may "
    "not reach."
)
NOT_PUBLIC = "This address ({}) is not a public internet address, which webhooks need."
BODY = b'{"type": "statement.published", "data": {"id": 7}}'


@pytest.fixture(autouse=True)
def in_english():
    """The messages are checked in English (the site's default is Arabic)."""
    with translation.override("en"):
        yield


def test_the_refusal_reads_in_arabic_for_an_arabic_desk():
    with translation.override("ar"):
        with pytest.raises(ValidationError) as refused:
            check_endpoint("http://127.0.0.1/hook")
        assert refused.value.messages == [
            "يشير هذا العنوان إلى داخل شبكتنا (127.0.0.1)، ولا يجوز للخطافات "
            "الإلكترونية الوصول إليها."
        ]


def refusal(url, **options):
    """The one message ``check_endpoint`` refuses ``url`` with."""
    with pytest.raises(ValidationError) as caught:
        check_endpoint(url, **options)
    assert len(caught.value.messages) == 1
    return caught.value.messages[0]


@pytest.mark.parametrize(
    "url",
    [
        "ftp://93.184.215.14/",
        "file:///etc/passwd",
        "gopher://93.184.215.14:70/",
        "javascript:alert(1)",
        "//93.184.215.14/",
        "93.184.215.14",
    ],
)
def test_only_http_and_https(url):
    assert refusal(url) == "Webhook addresses must use http or https."
    assert refusal(url, allow_private=True) == (
        "Webhook addresses must use http or https."
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://user:secret@93.184.215.14/",
        "https://user@93.184.215.14/",
        "http://:secret@93.184.215.14/",
        "http://127.0.0.1@93.184.215.14/",
    ],
)
def test_no_user_name_or_password(url):
    message = "Webhook addresses may not contain a user name or password."
    assert refusal(url) == message
    assert refusal(url, allow_private=True) == message


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://127.8.9.10:8080/hook", "127.8.9.10"),
        ("http://localhost/", "127.0.0.1"),
        ("http://LocalHost/", "127.0.0.1"),
        ("http://10.1.2.3/", "10.1.2.3"),
        ("http://172.16.0.1/", "172.16.0.1"),
        ("http://172.31.255.254/", "172.31.255.254"),
        ("http://192.168.1.1/", "192.168.1.1"),
        ("http://100.64.0.1/", "100.64.0.1"),  # carrier-grade NAT
        ("http://100.127.255.254/", "100.127.255.254"),
        ("http://169.254.1.1/", "169.254.1.1"),  # link-local
        ("http://0.0.0.0/", "0.0.0.0"),
        ("http://0/", "0.0.0.0"),
        ("http://[::1]/", "::1"),
        ("https://[::1]:8443/", "::1"),
        ("http://[::]/", "::"),
        ("http://[fc00::1]/", "fc00::1"),  # unique local
        ("http://[fd12:3456:789a::1]/", "fd12:3456:789a::1"),
        ("http://[fe80::1]/", "fe80::1"),  # link-local
        ("http://[fec0::1]/", "fec0::1"),  # the old site-local
        # IPv4 inside IPv6: mapped, NAT64, 6to4.
        ("http://[::ffff:127.0.0.1]/", "127.0.0.1"),
        ("http://[::ffff:7f00:1]/", "127.0.0.1"),
        ("http://[::ffff:10.0.0.1]/", "10.0.0.1"),
        ("http://[64:ff9b::a00:1]/", "10.0.0.1"),
        ("http://[64:ff9b::192.168.0.1]/", "192.168.0.1"),
        ("http://[2002:7f00:1::]/", "127.0.0.1"),
        # Spellings of 127.0.0.1 the resolver accepts.
        ("http://2130706433/", "127.0.0.1"),
        ("http://0x7f.1/", "127.0.0.1"),
        ("http://0x7f000001/", "127.0.0.1"),
        ("http://127.1/", "127.0.0.1"),
        ("http://017700000001/", "127.0.0.1"),
        ("http://0177.0.0.1/", "127.0.0.1"),
        ("http://167772161/", "10.0.0.1"),
    ],
)
def test_our_own_network_is_refused(url, address):
    assert refusal(url) == INSIDE.format(address)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://[fd00:ec2::254]/", "fd00:ec2::254"),
        ("http://100.100.100.200/", "100.100.100.200"),
        ("http://192.0.0.192/", "192.0.0.192"),
        ("http://168.63.129.16/", "168.63.129.16"),
        ("http://[::ffff:169.254.169.254]/", "169.254.169.254"),
        ("http://[::ffff:a9fe:a9fe]/", "169.254.169.254"),
        ("http://2852039166/", "169.254.169.254"),
        ("http://0xa9.0xfe.0xa9.0xfe/", "169.254.169.254"),
    ],
)
def test_cloud_metadata_is_refused_even_with_private_allowed(url, address):
    assert refusal(url) == METADATA.format(address)
    assert refusal(url, allow_private=True) == METADATA.format(address)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://224.0.0.1/", "224.0.0.1"),  # multicast
        ("http://239.255.255.250/", "239.255.255.250"),
        ("http://[ff02::1]/", "ff02::1"),
        ("http://[ff0e::1]/", "ff0e::1"),
        ("http://240.0.0.1/", "240.0.0.1"),  # reserved
        ("http://255.255.255.255/", "255.255.255.255"),
        ("http://192.0.2.10/", "192.0.2.10"),  # documentation
        ("http://[2001:db8::1]/", "2001:db8::1"),
        ("http://198.18.0.1/", "198.18.0.1"),  # benchmarking
        ("http://[::7f00:1]/", "::7f00:1"),  # IPv4-compatible, deprecated
        ("http://[2001::1]/", "2001::1"),  # Teredo
    ],
)
def test_other_non_public_addresses_are_refused(url, address):
    assert refusal(url) == NOT_PUBLIC.format(address)


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://93.184.215.14/", "93.184.215.14"),
        ("https://93.184.215.14:8443/hooks?partner=7", "93.184.215.14"),
        ("HTTPS://1.1.1.1/", "1.1.1.1"),
        ("http://1572394766/", "93.184.215.14"),  # decimal, but public
        ("http://[2606:2800:21f:cb07::1]/", "2606:2800:21f:cb07::1"),
        ("http://[::ffff:93.184.215.14]/", "::ffff:5db8:d70e"),
        ("http://[64:ff9b::93.184.215.14]/", "64:ff9b::5db8:d70e"),
        ("http://[2002:5db8:d70e::1]/", "2002:5db8:d70e::1"),
    ],
)
def test_public_addresses_are_accepted(url, address):
    """Judged without connecting: IP literals need no name server."""
    assert check_endpoint(url) == [ipaddress.ip_address(address)]


@pytest.mark.parametrize(
    ("url", "address"),
    [
        ("http://127.0.0.1/", "127.0.0.1"),
        ("http://localhost:8000/hook", "127.0.0.1"),
        ("http://[::1]/", "::1"),
        ("http://10.0.0.5/", "10.0.0.5"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://2130706433/", "127.0.0.1"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
    ],
)
def test_allow_private_lets_our_own_network_through(url, address):
    assert check_endpoint(url, allow_private=True) == [ipaddress.ip_address(address)]


def test_a_host_that_cannot_be_found():
    assert refusal("https://example.invalid/hook") == (
        "The host example.invalid could not be found."
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http:///hook", "This web address has no host name."),
        ("http://:8080/", "This web address has no host name."),
        ("http://93.184.215.14:99999/", "This is not a valid web address."),
        ("http://93.184.215.14:port/", "This is not a valid web address."),
        ("http://[::1/", "This is not a valid web address."),
        (
            "http://93.184.215.14/a b",
            "Webhook addresses may not contain spaces or control characters.",
        ),
        (
            "http://93.184.215.14/\r\nHost: 127.0.0.1",
            "Webhook addresses may not contain spaces or control characters.",
        ),
        ("http://a..b/", "The host name a..b is not valid."),
    ],
)
def test_malformed_addresses(url, message):
    assert refusal(url) == message


def test_post_delivers_body_and_headers(webhook_receiver):
    answer = post(
        webhook_receiver.url("/hooks/cms?partner=7"),
        BODY,
        {"content-type": "application/json", "webhook-id": "msg_1"},
        allow_private=True,
    )
    assert answer.status == 200
    assert answer.first_bytes == b"ok"
    assert 0 < answer.elapsed_seconds < 3
    [received] = webhook_receiver.requests
    assert received.method == "POST"
    assert received.path == "/hooks/cms?partner=7"
    assert received.body == BODY
    assert received.headers["content-type"] == "application/json"
    assert received.headers["webhook-id"] == "msg_1"
    assert received.headers["content-length"] == str(len(BODY))
    assert received.headers["host"] == f"127.0.0.1:{webhook_receiver.port}"


def test_post_sends_the_host_name_it_was_given(webhook_receiver):
    """The connection goes to the address checked, the ``Host`` header keeps
    the name; a ``Host`` header from the caller does not replace it."""
    answer = post(
        webhook_receiver.url(host="localhost"),
        BODY,
        {"Host": "partner.example"},
        allow_private=True,
    )
    assert answer.status == 200
    [received] = webhook_receiver.requests
    assert received.headers["host"] == f"localhost:{webhook_receiver.port}"


def test_only_the_first_bytes_of_the_answer_are_kept(webhook_receiver):
    webhook_receiver.queue(Reply(body=b"x" * 200_000), Reply(body=b"y" * FIRST_BYTES))
    answer = post(webhook_receiver.url(), BODY, {}, allow_private=True)
    assert answer.first_bytes == b"x" * 1024
    answer = post(webhook_receiver.url(), BODY, {}, allow_private=True)
    assert answer.first_bytes == b"y" * 1024


@pytest.mark.parametrize("status", [201, 204, 400, 410, 500, 503])
def test_any_status_is_an_answer(webhook_receiver, status):
    body = b"" if status == 204 else b"partner says no"
    webhook_receiver.queue(Reply(status, body=body))
    answer = post(webhook_receiver.url(), BODY, {}, allow_private=True)
    assert (answer.status, answer.first_bytes) == (status, body)


def test_a_redirect_is_an_answer_not_followed(webhook_receiver):
    webhook_receiver.queue(
        Reply(302, body=b"moved", headers={"Location": webhook_receiver.url("/other")})
    )
    answer = post(webhook_receiver.url(), BODY, {}, allow_private=True)
    assert (answer.status, answer.first_bytes) == (302, b"moved")
    assert [received.path for received in webhook_receiver.requests] == ["/hook"]


def test_our_own_network_is_refused_before_connecting(webhook_receiver):
    with pytest.raises(AddressRefused) as caught:
        post(webhook_receiver.url(), BODY, {})
    assert caught.value.reason == INSIDE.format("127.0.0.1")
    assert webhook_receiver.connections == 0
    assert webhook_receiver.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://93.184.215.14/", "Webhook addresses must use http or https."),
        ("http://[::1]:1/", INSIDE.format("::1")),
        ("http://169.254.169.254/", METADATA.format("169.254.169.254")),
    ],
)
def test_post_refuses_what_check_endpoint_refuses(url, message):
    with pytest.raises(AddressRefused) as caught:
        post(url, BODY, {}, allow_private=url.startswith("http://169"))
    assert str(caught.value) == message


def test_a_host_not_found_is_a_failure_not_a_refusal():
    """A name may come back; an address webhooks may not reach will not."""
    with pytest.raises(DeliveryFailed) as caught:
        post("https://example.invalid/hook", BODY, {})
    assert not isinstance(caught.value, AddressRefused)
    assert caught.value.reason == "The host example.invalid could not be found."


def test_an_answer_slower_than_the_timeout_fails(webhook_receiver):
    webhook_receiver.queue(Reply(delay=5))
    started = time.monotonic()
    with pytest.raises(DeliveryFailed) as caught:
        post(webhook_receiver.url(), BODY, {}, allow_private=True, total_timeout=0.5)
    assert time.monotonic() - started < 3
    assert not isinstance(caught.value, AddressRefused)
    assert caught.value.reason == "The server did not answer within 0.5 seconds."
    assert len(webhook_receiver.requests) == 1


def test_the_timeout_bounds_the_whole_exchange(webhook_receiver):
    """A server that sends a byte now and then never waits out a per-read
    timeout; the whole answer must still come within the total."""
    webhook_receiver.queue(Reply(trickle=0.1))
    started = time.monotonic()
    with pytest.raises(DeliveryFailed) as caught:
        post(webhook_receiver.url(), BODY, {}, allow_private=True, total_timeout=0.5)
    assert time.monotonic() - started < 3
    assert caught.value.reason == "The server did not answer within 0.5 seconds."


def test_a_closed_port_fails(free_port):
    with pytest.raises(DeliveryFailed) as caught:
        post(f"http://127.0.0.1:{free_port}/", BODY, {}, allow_private=True)
    assert not isinstance(caught.value, AddressRefused)
    assert caught.value.reason == "The server refused the connection."


def test_dns_rebinding_between_check_and_send(monkeypatch, webhook_receiver):
    """The name is public when saved and points at 127.0.0.1 when sent.

    ``socket.getaddrinfo`` is patched to play the rebinding name server: its
    first answer is a public address, every later one 127.0.0.1.
    """
    answers = iter([ipaddress.ip_address("93.184.215.14")])

    def rebinding(host, port, *args, **kwargs):
        assert host == "partner.example"
        address = str(next(answers, "127.0.0.1"))
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    url = webhook_receiver.url(host="partner.example")
    assert check_endpoint(url) == [ipaddress.ip_address("93.184.215.14")]
    with pytest.raises(AddressRefused) as caught:
        post(url, BODY, {})
    assert caught.value.reason == INSIDE.format("127.0.0.1")
    assert webhook_receiver.connections == 0


def test_one_refused_address_among_several_refuses_the_host(monkeypatch):
    """A name with a public and a private address is refused: ``post`` might
    otherwise connect to the private one. ``socket.getaddrinfo`` is patched to
    be that name's server."""

    def two_addresses(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", ("fd00::7", port, 0, 0)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", two_addresses)
    assert refusal("https://partner.example/") == INSIDE.format("fd00::7")


@pytest.fixture
def free_port():
    """A port on 127.0.0.1 nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def certificates(tmp_path_factory):
    """A CA of our own and a certificate it signed for ``localhost`` only; the
    client context trusts that CA, the server context holds the certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    folder = tmp_path_factory.mktemp("tls")
    now = datetime.datetime.now(datetime.UTC)

    def certificate(subject, issuer, key, signing_key, *, ca, names=()):
        builder = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(
                x509.BasicConstraints(ca=ca, path_length=None), critical=True
            )
        )
        if names:
            builder = builder.add_extension(
                x509.SubjectAlternativeName([x509.DNSName(name) for name in names]),
                critical=False,
            )
        return builder.sign(signing_key, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = certificate("Test CA", "Test CA", ca_key, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = certificate(
        "localhost", "Test CA", key, ca_key, ca=False, names=["localhost"]
    )
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "cert.pem").write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    client = ssl.create_default_context(cafile=folder / "ca.pem")
    return server, client


@pytest.fixture
def tls_receiver(certificates):
    with WebhookReceiver(tls=certificates[0]) as receiver:
        yield receiver


def test_https_verifies_the_certificate_for_the_host_name(tls_receiver, certificates):
    """The socket goes to 127.0.0.1, the certificate is checked for the name
    in the URL: ``localhost`` passes, the bare IP it connects to does not."""
    client = certificates[1]
    answer = post(
        tls_receiver.url(host="localhost"),
        BODY,
        {},
        allow_private=True,
        ssl_context=client,
    )
    assert answer.status == 200
    assert tls_receiver.requests[0].body == BODY
    assert tls_receiver.requests[0].headers["host"] == f"localhost:{tls_receiver.port}"

    with pytest.raises(DeliveryFailed) as caught:
        post(tls_receiver.url(), BODY, {}, allow_private=True, ssl_context=client)
    assert caught.value.reason.startswith(
        "The server's certificate could not be verified ("
    )
    assert "127.0.0.1" in caught.value.reason


def test_https_refuses_a_certificate_nobody_trusts(tls_receiver):
    with pytest.raises(DeliveryFailed) as caught:
        post(tls_receiver.url(host="localhost"), BODY, {}, allow_private=True)
    assert caught.value.reason.startswith(
        "The server's certificate could not be verified ("
    )
    assert "issuer" in caught.value.reason
    assert tls_receiver.requests == []


def test_https_to_a_server_without_tls_fails(webhook_receiver):
    url = webhook_receiver.url().replace("http://", "https://")
    with pytest.raises(DeliveryFailed) as caught:
        post(url, BODY, {}, allow_private=True, total_timeout=2)
    assert caught.value.reason.startswith("The secure connection to the server failed")
