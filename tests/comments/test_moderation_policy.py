"""The moderation policy's truth tables: what is spam, held, approved or refused."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import moderation
from comments.models import Reason, Status
from tests.comments.factories import make_comment
from tests.factories import make_article

# Blocklist: whole words after normalisation -------------------------------


BLOCKLIST = ["press", "casino", "كلمة", "free money", "مال سهل"]


@pytest.mark.parametrize(
    ("text", "blocked"),
    [
        ("Read the press release.", "press"),
        ("Press", "press"),
        ("PRESS!", "press"),
        ("The express train was late.", ""),
        ("pressing matters", ""),
        ("Visit our casino today", "casino"),
        ("casinos", ""),
        ("هذه كلمة", "كلمة"),
        ("هذه كَلِمَةٌ", "كلمة"),
        ("هذه كـلـمـة", "كلمة"),
        ("هذه كلمه", "كلمة"),
        ("هذه الكلمة", ""),  # another word (with the article), not the listed one
        ("Get free money now", "free money"),
        ("Get free  \n money now", "free money"),
        ("free of money", ""),
        ("اربح مالٌ سهلٌ", "مال سهل"),
        ("A neutral remark about roads.", ""),
    ],
)
def test_blocklist_matches_whole_words_after_normalisation(text, blocked):
    assert moderation.blocked_term(text, BLOCKLIST) == blocked


def test_an_arabic_blocklist_entry_written_with_diacritics_still_matches():
    assert moderation.blocked_term("هذه كلمة", ["كَلِمَة"]) == "كَلِمَة"


# Links -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("No links at all.", 0),
        ("See https://example.org/a for more.", 1),
        ("http://a.example and www.b.example", 2),
        ("HTTPS://A.EXAMPLE ftp://c.example https://d.example", 3),
        ("example.org without a scheme", 0),
    ],
)
def test_links_are_counted(text, links):
    assert moderation.count_links(text) == links


# HTML --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "is_html"),
    [
        ("plain words", False),
        ("<b>bold</b>", True),
        ("</p>", True),
        ('<a href="https://example.org">x</a>', True),
        ("<img src=x onerror=alert(1)>", True),
        ("<br/>", True),
        ("<!-- hidden -->", True),
        ("&lt;script&gt;", True),
        ("&#60;b&#62;", True),
        # A browser reads these without their ";" too.
        ("&#60script&#62alert(1)", True),
        ("&#x3cscript", True),
        ("&ltscript&gt", True),
        ("&LTscript&GT", True),
        ("&copy 2024", True),
        ("fish&amp chips", True),
        # Not references: no such legacy name, or not in its letter case.
        ("AT&T and Q&A", False),
        ("Law&Ethics", False),
        ("&Lt b", False),
        ("& 60", False),
        ("3 < 5 and 7 > 4", False),
        ("I <3 this", False),
        ("Q&A session", False),
        ("سعر < ١٠٠", False),
        # What an attack sent past the first rule: a tag name followed by "/"
        # or left unclosed at the end is still a tag to a browser.
        ("<svg/onload=alert(1)>", True),
        ("<img/src=x/onerror=alert(1)>", True),
        ("<img src=x onerror=alert(1)", True),
        ("text then <script", True),
        ("<a\nhref=x>", True),
        ("</b\t>", True),
        ("<?php echo 1 ?>", True),
        ("a<b", True),  # a browser opens a <b> tag here too
        ("< b >", False),
        ("<3 <3", False),
        ("<ب>", False),  # not an ASCII letter: text to a browser
    ],
)
def test_html_detection(text, is_html):
    assert moderation.contains_html(text) is is_html


@pytest.mark.parametrize(
    ("name", "misleading"),
    [
        ("Samira", False),
        ("\u202eSamira", True),  # right-to-left override left open
        ("\u202eevil\u202c", True),  # closed, it still reads "live"
        ("\u202dسميرة\u202c", True),  # a left-to-right override too
        ("\u2067سميرة\u2069", False),
        ("\u2067سميرة", True),
        ("Sami\u2069ra", True),  # closes what was never opened
        ("\u202a\u2066x\u202c\u2069", True),  # crossed, not nested
        ("\u202a\u2066x\u2069\u202c", False),
    ],
)
def test_bidirectional_controls_that_change_how_a_name_reads(name, misleading):
    assert moderation.has_misleading_bidi(name) is misleading


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Samira Haddad", ""),
        ("سميرة حداد", ""),
        ("Samira\u200cHaddad", ""),  # a zero-width non-joiner between letters
        ("", "invisible"),
        ("\u200b", "invisible"),
        ("\u3164", "invisible"),  # the Hangul filler, a letter showing nothing
        ("\u2800 \uffa0", "invisible"),
        ("<b>Samira</b>", "html"),
        ("&ltb&gtSamira", "html"),
        ("\u202eevil\u202c", "bidi"),
        ("Samira\nHaddad", "line-break"),
        ("Samira\r\nHaddad", "line-break"),
        ("Samira\u2028Haddad", "line-break"),
        ("Samira\u2029Haddad", "line-break"),
        ("Samira\x85Haddad", "line-break"),
    ],
)
def test_what_a_name_may_not_be(name, problem):
    assert moderation.name_problem(name) == problem


# Blocked addresses and emails ----------------------------------------------


@pytest.mark.parametrize(
    ("address", "blocked"),
    [
        ("203.0.113.9", True),
        ("203.0.113.200", True),
        ("198.51.100.1", True),
        ("198.51.100.2", False),
        ("2001:db8::1", True),
        ("2001:db9::1", False),
        (None, False),
        ("not-an-address", False),
    ],
)
def test_blocked_addresses_and_networks(address, blocked):
    listed = ["203.0.113.0/24", "198.51.100.1", "2001:db8::/32", "junk"]
    assert moderation.is_blocked_address(address, listed) is blocked


@pytest.mark.parametrize(
    ("email", "blocked"),
    [
        ("someone@spam.test", True),
        ("Someone@SPAM.test", True),
        ("x@mail.spam.test", True),
        ("x@notspam.test", False),
        ("listed@example.org", True),
        ("other@example.org", False),
        ("", False),
    ],
)
def test_blocked_emails_and_domains(email, blocked):
    listed = ["@spam.test", "Listed@example.org"]
    assert moderation.is_blocked_email(email, listed) is blocked


# The verdict -------------------------------------------------------------------


def assess(**fields):
    values = {"name": "Reader", "email": "reader@example.org", "body": "Fine."}
    values.update(fields)
    return moderation.assess(**values)


@pytest.mark.django_db
def test_an_ordinary_comment_is_held():
    assert assess() == moderation.Verdict(Status.PENDING)


@pytest.mark.django_db
def test_a_blocked_word_in_the_text_makes_spam(settings):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    verdict = assess(body="Best CASINO in town")
    assert (verdict.status, verdict.reason, verdict.detail) == (
        Status.SPAM,
        Reason.BLOCKED_WORD,
        "casino",
    )


@pytest.mark.django_db
def test_a_blocked_word_in_the_name_or_website_makes_spam(settings):
    settings.COMMENTS_BLOCKLIST = ["casino"]
    assert assess(name="Casino King").status == Status.SPAM
    assert assess(website="https://casino.example").status == Status.SPAM


@pytest.mark.django_db
def test_a_word_containing_a_blocked_word_is_held_not_spam(settings):
    settings.COMMENTS_BLOCKLIST = ["press"]
    assert assess(body="The express road opened.").status == Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize(("links", "status"), [(2, Status.PENDING), (3, Status.SPAM)])
def test_more_links_than_allowed_make_spam(settings, links, status):
    settings.COMMENTS_MAX_LINKS = 2
    body = " ".join(f"https://site{i}.example" for i in range(links))
    verdict = assess(body=body)
    assert verdict.status == status
    if status == Status.SPAM:
        assert verdict.reason == Reason.TOO_MANY_LINKS


@pytest.mark.django_db
def test_a_blocked_address_makes_spam(settings):
    settings.COMMENTS_BLOCKED_ADDRESSES = ["203.0.113.0/24"]
    verdict = assess(ip_address="203.0.113.5")
    assert (verdict.status, verdict.reason) == (Status.SPAM, Reason.BLOCKED_ADDRESS)
    assert assess(ip_address="192.0.2.1").status == Status.PENDING


@pytest.mark.django_db
def test_a_blocked_email_makes_spam(settings):
    settings.COMMENTS_BLOCKED_EMAILS = ["@spam.test"]
    verdict = assess(email="x@spam.test")
    assert (verdict.status, verdict.reason) == (Status.SPAM, Reason.BLOCKED_EMAIL)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "earlier", "status"),
    [
        (False, Status.APPROVED, Status.PENDING),  # off by default
        (True, Status.APPROVED, Status.APPROVED),
        (True, Status.PENDING, Status.PENDING),
        (True, Status.REJECTED, Status.PENDING),
        (True, Status.SPAM, Status.PENDING),
        (True, None, Status.PENDING),
    ],
)
def test_known_reader_auto_approval(settings, setting, earlier, status):
    settings.COMMENTS_AUTO_APPROVE_KNOWN_EMAILS = setting
    if earlier:
        make_comment(email="Known@Example.org", status=earlier)
    verdict = assess(email="known@example.org")
    assert verdict.status == status
    if status == Status.APPROVED:
        assert verdict.reason == Reason.KNOWN_READER


@pytest.mark.django_db
def test_known_reader_with_a_blocked_word_is_still_spam(settings):
    settings.COMMENTS_AUTO_APPROVE_KNOWN_EMAILS = True
    settings.COMMENTS_BLOCKLIST = ["casino"]
    make_comment(email="known@example.org")
    assert assess(email="known@example.org", body="casino").status == Status.SPAM


def test_auto_approval_is_off_by_default():
    from core.conf import DEFAULTS

    assert DEFAULTS["COMMENTS_AUTO_APPROVE_KNOWN_EMAILS"] is False


# Open or closed ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("enabled", "age_days", "close_after", "is_open"),
    [
        (True, 1, 30, True),
        (True, 29, 30, True),
        (True, 31, 30, False),
        (False, 1, 30, False),
        (True, 4000, 0, True),
        (True, 4000, None, True),
        (False, 1, 0, False),
    ],
)
def test_comments_open(settings, enabled, age_days, close_after, is_open):
    settings.COMMENTS_CLOSE_AFTER_DAYS = close_after
    article = make_article(
        comments_enabled=enabled,
        published_at=timezone.now() - timedelta(days=age_days),
    )
    assert moderation.comments_open(article) is is_open


# Rate limit, fill time, reports, client address ------------------------------------


def test_rate_limit_counts_posts_per_address(settings):
    settings.COMMENTS_RATE_LIMIT_POSTS = 2
    assert moderation.take_posting_slot("192.0.2.1")
    assert moderation.take_posting_slot("192.0.2.1")
    assert not moderation.take_posting_slot("192.0.2.1")
    assert moderation.take_posting_slot("192.0.2.2")


def test_no_rate_limit_without_an_address(settings):
    settings.COMMENTS_RATE_LIMIT_POSTS = 1
    for _ in range(5):
        assert moderation.take_posting_slot(None)


@pytest.mark.parametrize(
    ("elapsed", "problem"),
    [(0, "too-fast"), (2.9, "too-fast"), (3, None), (3600, None), (10**7, "expired")],
)
def test_form_timing(settings, elapsed, problem):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    assert moderation.form_timing_problem(elapsed) == problem


@pytest.mark.parametrize(
    ("reports", "threshold", "requeue"),
    [(1, 3, False), (2, 3, False), (3, 3, True), (4, 3, True), (5, 0, False)],
)
def test_reports_requeue_at_the_threshold(settings, reports, threshold, requeue):
    settings.COMMENTS_REPORTS_TO_REQUEUE = threshold
    assert moderation.should_requeue(reports) is requeue
