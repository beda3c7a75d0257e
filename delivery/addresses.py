"""Where webhooks may go, and sending them there: no server-side request forgery.

A partner's endpoint is a URL an editor types in, and our server posts to it.
Without care that lets anyone with the form make our server reach what only it
can: the database on the private network, an admin port on 127.0.0.1, the
cloud metadata service that hands out credentials. So:

- ``check_endpoint(url)`` runs when the address is saved. It wants http or
  https, no user name or password, and a host whose every address (as
  ``socket.getaddrinfo`` finds them) is a public internet address. IPv4 inside
  IPv6 (``::ffff:127.0.0.1``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``) is
  judged by the IPv4 address it carries; odd IPv4 spellings (``2130706433``,
  ``0x7f.1``, ``127.1``) are judged by what the resolver makes of them.
- ``post(url, body, headers)`` checks again when it sends, because the name
  may point elsewhere by then (DNS rebinding), and connects to an address it
  has just checked itself, with the original host name in the ``Host`` header
  and, for https, for SNI and certificate verification. It follows no
  redirects, reads at most ``FIRST_BYTES`` of the answer, and bounds the
  connection and the whole exchange by timeouts. Whatever goes wrong raises
  ``DeliveryFailed``; a refused address raises its subclass ``AddressRefused``,
  which sending again will not cure.

``allow_private=True`` (the caller passes ``CMS_WEBHOOKS_ALLOW_PRIVATE``, for
tests and partners on our own network) lets private, loopback and other
non-public addresses through. The cloud metadata addresses stay refused even
then: no partner lives there.

Standard library only: this runs in the web process and the job workers.
"""

import http.client
import io
import ipaddress
import socket
import ssl
import time
from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# How much of the partner's answer the caller gets, to log.
FIRST_BYTES = 1024

DEFAULT_PORTS = {"http": 80, "https": 443}

# Cloud metadata services (AWS, GCP and Azure share 169.254.169.254; AWS over
# IPv6; Alibaba; Oracle; Azure's platform address, a public one): refused even
# with allow_private.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in (
        "169.254.169.254",
        "fd00:ec2::254",
        "100.100.100.200",
        "192.0.0.192",
        "168.63.129.16",
    )
)

# Our own side of the network: loopback, "this network", RFC 1918, carrier-grade
# NAT, link-local, unique local and the old site-local IPv6 addresses.
INTERNAL_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "::/128",
        "::1/128",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
    )
)

# IPv6 prefixes that carry an IPv4 address in their last 32 bits for NAT64:
# the well-known prefix and the local-use one (RFC 6052, RFC 8215).
NAT64_NETWORKS = (
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("64:ff9b:1::/48"),
)


class DeliveryFailed(Exception):
    """A webhook could not be delivered; ``reason`` says why, for people."""

    def __init__(self, reason):
        self.reason = str(reason)
        super().__init__(self.reason)


class AddressRefused(DeliveryFailed):
    """The endpoint is not an address webhooks may go to (now)."""


class Answer(NamedTuple):
    """What the partner's server answered: its status, how long the whole
    exchange took and the first ``FIRST_BYTES`` of the body."""

    status: int
    elapsed_seconds: float
    first_bytes: bytes


class _Target(NamedTuple):
    scheme: str
    host: str  # as in the URL, lower case, IPv6 without brackets
    port: int
    path: str  # path and query, what the request line carries


class _Resolved(NamedTuple):
    address: ipaddress.IPv4Address | ipaddress.IPv6Address
    family: int
    sockaddr: tuple


def check_endpoint(url, *, allow_private=False):
    """The addresses ``url`` leads to now, all of them allowed for webhooks.

    Raises ``ValidationError`` saying what is wrong with the address.
    """
    return [resolved.address for resolved in _resolve(_parse(url), allow_private)]


def post(
    url,
    body,
    headers,
    *,
    allow_private=False,
    connect_timeout=5,
    total_timeout=10,
    ssl_context=None,
):
    """POST ``body`` (bytes) with ``headers`` to ``url``; the ``Answer``.

    The host is resolved and checked again now and the connection opened to
    an address just checked. ``connect_timeout`` bounds opening the
    connection, ``total_timeout`` everything from resolving the name to the
    last byte read. A redirect is an answer like any other. ``ssl_context``
    replaces the system's trusted certificates (a private CA, in tests).

    Raises ``AddressRefused`` for an address webhooks may not reach and
    ``DeliveryFailed`` for every other failure.
    """
    started = time.monotonic()
    deadline = started + total_timeout
    try:
        target = _parse(url)
        candidates = _resolve(target, allow_private)
    except ValidationError as error:
        reason = error.messages[0]
        if error.code == "not_found":
            raise DeliveryFailed(reason) from None
        raise AddressRefused(reason) from None

    sock = _connect(candidates, deadline, connect_timeout, total_timeout)
    try:
        if target.scheme == "https":
            sock = _wrap_tls(sock, target.host, ssl_context, deadline, total_timeout)
        status, first_bytes = _exchange(
            sock, target, body, headers, deadline, total_timeout
        )
    finally:
        sock.close()
    return Answer(status, time.monotonic() - started, first_bytes)


def _parse(url):
    """The parts of ``url`` that matter, or ``ValidationError``."""
    if any(ord(character) <= 0x20 or ord(character) == 0x7F for character in url):
        raise ValidationError(
            _("Webhook addresses may not contain spaces or control characters."),
            code="invalid",
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(
            _("This is not a valid web address."), code="invalid"
        ) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ValidationError(
            _("Webhook addresses must use http or https."), code="scheme"
        )
    if "@" in parts.netloc:
        raise ValidationError(
            _("Webhook addresses may not contain a user name or password."),
            code="credentials",
        )
    if not parts.hostname:
        raise ValidationError(_("This web address has no host name."), code="no_host")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(
            _("The host name %(host)s is not valid."),
            code="invalid",
            params={"host": parts.hostname},
        ) from None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return _Target(scheme, host, port or DEFAULT_PORTS[scheme], path)


def _resolve(target, allow_private):
    """Every address ``target.host`` resolves to, each judged; the first
    refused one raises ``ValidationError``."""
    try:
        infos = socket.getaddrinfo(
            target.host, target.port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except (socket.gaierror, UnicodeError):
        infos = []
    resolved = []
    for family, _type, _proto, _name, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        address = ipaddress.ip_address(sockaddr[0].partition("%")[0])
        if any(known.address == address for known in resolved):
            continue
        _judge(address, allow_private)
        resolved.append(_Resolved(address, family, sockaddr))
    if not resolved:
        raise ValidationError(
            _("The host %(host)s could not be found."),
            code="not_found",
            params={"host": target.host},
        )
    return resolved


def _judge(address, allow_private):
    """Raise ``ValidationError`` if webhooks may not go to ``address``."""
    for carried in _carried(address):
        if carried in METADATA_ADDRESSES:
            raise ValidationError(
                _(
                    "This address points to the cloud metadata service "
                    "(%(address)s), which webhooks may not reach."
                ),
                code="metadata",
                params={"address": carried},
            )
        if allow_private:
            continue
        if any(carried in network for network in INTERNAL_NETWORKS):
            raise ValidationError(
                _(
                    "This address points inside our own network (%(address)s), "
                    "which webhooks may not reach."
                ),
                code="internal",
                params={"address": carried},
            )
        if not carried.is_global or carried.is_multicast or carried.is_reserved:
            raise ValidationError(
                _(
                    "This address (%(address)s) is not a public internet address, "
                    "which webhooks need."
                ),
                code="not_public",
                params={"address": carried},
            )


def _carried(address):
    """The addresses to judge for ``address``: an IPv4 address inside IPv6
    stands for itself (mapped, NAT64) or travels with it (6to4)."""
    if address.version == 4:
        return [address]
    if address.ipv4_mapped:
        return [address.ipv4_mapped]
    if any(address in network for network in NAT64_NETWORKS):
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    if address.sixtofour:
        return [address, address.sixtofour]
    return [address]


def _remaining(deadline, total_timeout):
    """Seconds left before ``deadline``; ``DeliveryFailed`` when none are."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise DeliveryFailed(_timed_out(total_timeout))
    return remaining


def _timed_out(total_timeout):
    return gettext("The server did not answer within %(seconds)s seconds.") % {
        "seconds": f"{total_timeout:g}"
    }


def _connect(candidates, deadline, connect_timeout, total_timeout):
    """A socket connected to the first of ``candidates`` that accepts."""
    failure = None
    for candidate in candidates:
        remaining = _remaining(deadline, total_timeout)
        sock = socket.socket(candidate.family, socket.SOCK_STREAM)
        sock.settimeout(min(connect_timeout, remaining))
        try:
            sock.connect(candidate.sockaddr)
            return sock
        except TimeoutError:
            sock.close()
            failure = gettext(
                "The server did not accept a connection within %(seconds)s seconds."
            ) % {"seconds": f"{connect_timeout:g}"}
        except ConnectionRefusedError:
            sock.close()
            failure = gettext("The server refused the connection.")
        except OSError as error:
            sock.close()
            failure = gettext("The server could not be reached (%(detail)s).") % {
                "detail": error.strerror or error
            }
    raise DeliveryFailed(failure)


def _wrap_tls(sock, host, ssl_context, deadline, total_timeout):
    """``sock`` after a TLS handshake that verified ``host``'s certificate."""
    context = ssl_context or ssl.create_default_context()
    sock.settimeout(_remaining(deadline, total_timeout))
    try:
        return context.wrap_socket(sock, server_hostname=host)
    except TimeoutError:
        raise DeliveryFailed(_timed_out(total_timeout)) from None
    except ssl.SSLCertVerificationError as error:
        raise DeliveryFailed(
            gettext("The server's certificate could not be verified (%(detail)s).")
            % {"detail": error.verify_message or error.reason}
        ) from None
    except (ssl.SSLError, OSError) as error:
        raise DeliveryFailed(
            gettext("The secure connection to the server failed (%(detail)s).")
            % {"detail": getattr(error, "reason", None) or error}
        ) from None


def _exchange(sock, target, body, headers, deadline, total_timeout):
    """Send the request on ``sock``; the status and the answer's first bytes.

    Once the status has come, a body cut short or too slow is no failure: the
    partner has answered, and the caller gets the bytes read so far.
    """
    host = f"[{target.host}]" if ":" in target.host else target.host
    if target.port != DEFAULT_PORTS[target.scheme]:
        host = f"{host}:{target.port}"
    connection = http.client.HTTPConnection(host)
    connection.sock = _DeadlineSocket(sock, deadline, total_timeout)
    request_headers = {
        name: value for name, value in headers.items() if name.lower() != "host"
    }
    request_headers.update({"Host": host, "Connection": "close"})
    try:
        connection.request("POST", target.path, body=body, headers=request_headers)
        response = connection.getresponse()
    except DeliveryFailed:
        raise
    except TimeoutError:
        raise DeliveryFailed(_timed_out(total_timeout)) from None
    except http.client.HTTPException:
        raise DeliveryFailed(
            gettext("The server's answer was not valid HTTP.")
        ) from None
    except OSError as error:
        raise DeliveryFailed(
            gettext("The connection to the server failed (%(detail)s).")
            % {"detail": error.strerror or error}
        ) from None
    first_bytes = b""
    try:
        while len(first_bytes) < FIRST_BYTES:
            chunk = response.read(FIRST_BYTES - len(first_bytes))
            if not chunk:
                break
            first_bytes += chunk
    except (DeliveryFailed, http.client.HTTPException, OSError):
        pass
    return response.status, first_bytes


class _DeadlineSocket:
    """A socket for ``http.client`` whose sends and reads all end by one
    deadline, however slowly the other side trickles bytes.

    ``close`` leaves the socket to ``post``, which closes it once done.
    """

    def __init__(self, sock, deadline, total_timeout):
        self.sock = sock
        self.deadline = deadline
        self.total_timeout = total_timeout

    def _arm(self):
        self.sock.settimeout(_remaining(self.deadline, self.total_timeout))

    def sendall(self, data):
        self._arm()
        self.sock.sendall(data)

    def recv_into(self, buffer):
        self._arm()
        return self.sock.recv_into(buffer)

    def makefile(self, mode="rb"):
        return io.BufferedReader(_Reader(self))

    def close(self):
        pass


class _Reader(io.RawIOBase):
    def __init__(self, source):
        self.source = source

    def readable(self):
        return True

    def readinto(self, buffer):
        return self.source.recv_into(buffer)
