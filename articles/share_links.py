"""Where a reader sends an article: links to the networks a media office's
readers pass statements on with (``CMS_SHARE_NETWORKS``), and email.

Plain links, built on the server: no script or pixel of a network loads on
the site, and nothing is sent anywhere until the reader follows one. The
article's address is its canonical one, without tracking parameters.
"""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.core.checks import Error
from django.utils.translation import gettext_lazy as _

from core import conf


@dataclass(frozen=True)
class ShareLink:
    network: str
    name: str  # what the link shows
    label: str  # what it does, for screen readers (it holds the name)
    href: str


def _email(title, url):
    # mailto wants %20 for spaces: urlencode's "+" would show as a plus sign.
    return "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)


def _whatsapp(title, url):
    return "https://wa.me/?" + urlencode({"text": f"{title}\n{url}"})


def _telegram(title, url):
    return "https://t.me/share/url?" + urlencode({"url": url, "text": title})


def _x(title, url):
    return "https://x.com/intent/post?" + urlencode({"text": title, "url": url})


def _facebook(title, url):
    return "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})


# network: (its name as shown, what the link does, the address that shares).
NETWORKS = {
    "whatsapp": ("WhatsApp", _("Share on WhatsApp"), _whatsapp),
    "telegram": ("Telegram", _("Share on Telegram"), _telegram),
    "x": ("X", _("Share on X"), _x),
    "facebook": ("Facebook", _("Share on Facebook"), _facebook),
    "email": (_("Email"), _("Send by email"), _email),
}


def share_links(title, url):
    """A ``ShareLink`` for each of ``CMS_SHARE_NETWORKS``, in its order."""
    links = []
    for network in conf.get("CMS_SHARE_NETWORKS"):
        name, label, address = NETWORKS[network]
        links.append(ShareLink(network, name, label, address(title, url)))
    return links


def check_networks(app_configs=None, **kwargs):
    """``CMS_SHARE_NETWORKS`` names only networks this module knows (a system
    check, registered by the articles app: an unknown name would break every
    article page)."""
    unknown = [n for n in conf.get("CMS_SHARE_NETWORKS") if n not in NETWORKS]
    if not unknown:
        return []
    return [
        Error(
            f"CMS_SHARE_NETWORKS names networks the site cannot link to: "
            f"{', '.join(map(repr, unknown))}.",
            hint=f"Choose among {', '.join(NETWORKS)}, or () for no share links.",
            id="articles.E001",
        )
    ]
