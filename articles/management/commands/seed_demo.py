"""Invent neutral demo content; idempotent.

``seed_demo`` creates offices, authors, a three-level category tree, Arabic
and English articles (a few drafts and scheduled ones) and a demo admin, once.
``seed_demo --articles N`` adds N generated articles with bulk inserts, spread
over the past years, for benchmarks.
"""

import os
import random
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Category, Office
from articles.services import article_save
from cms.sanitize import sanitize_html
from search.index import index_articles

OFFICES = [
    ("central", "Central Media Office", "المكتب الإعلامي المركزي", True),
    ("northern", "Northern Region Office", "مكتب الإقليم الشمالي", False),
    ("coastal", "Coastal Region Office", "مكتب الإقليم الساحلي", False),
]

AUTHORS = [
    ("sami-haddad", "Sami Haddad", "سامي حداد", "m", "central",
     "Spokesman", "المتحدث الرسمي"),
    ("layla-nasser", "Layla Nasser", "ليلى ناصر", "f", "central",
     "Deputy spokeswoman", "نائبة المتحدث الرسمي"),
    ("omar-khalil", "Omar Khalil", "عمر خليل", "m", "northern",
     "Deputy spokesman", "نائب المتحدث الرسمي"),
    ("huda-karim", "Huda Karim", "هدى كريم", "f", "coastal",
     "Press officer", "مسؤولة الإعلام"),
]  # fmt: skip

# (slug, English, Arabic, children)
CATEGORIES = [
    ("statements", "Statements", "البيانات", [
        ("regional", "Regional statements", "بيانات الأقاليم", [
            ("north", "Northern region", "الإقليم الشمالي", []),
            ("coast", "Coastal region", "الإقليم الساحلي", []),
        ]),
        ("central", "Central statements", "بيانات مركزية", []),
    ]),
    ("press-releases", "Press releases", "البلاغات الصحفية", [
        ("announcements", "Announcements", "إعلانات", []),
        ("events", "Events", "فعاليات", []),
    ]),
    ("articles", "Articles", "مقالات", [
        ("opinion", "Opinion", "رأي", []),
        ("analysis", "Analysis", "تحليل", []),
    ]),
]  # fmt: skip

EN_TOPICS = [
    "the opening of the new community library",
    "the annual volunteer day",
    "road repairs in the northern district",
    "the schedule of public office hours",
    "a youth reading competition",
    "the coastal clean-up campaign",
    "winter preparations for schools",
    "the new visitors' centre",
    "the regional health awareness week",
    "changes to the press accreditation process",
]
AR_TOPICS = [
    "افتتاح المكتبة العامة الجديدة",
    "يوم التطوع السنوي",
    "أعمال صيانة الطرق في الحي الشمالي",
    "مواعيد استقبال المراجعين",
    "مسابقة القراءة للشباب",
    "حملة تنظيف الشاطئ",
    "الاستعدادات الشتوية في المدارس",
    "مركز الزوار الجديد",
    "أسبوع التوعية الصحية في الإقليم",
    "تعديلات على إجراءات اعتماد الصحفيين",
]
EN_KINDS = ["Statement on", "Press release:", "Announcement about", "A note on"]
AR_KINDS = ["بيان بشأن", "بلاغ صحفي:", "إعلان عن", "كلمة حول"]

EN_BODY = (
    "<p>This is placeholder text for a demonstration site. The media office "
    "publishes its statements, press releases and articles here, in Arabic and "
    "in English.</p><p>The second paragraph gives further details, dates and "
    "practical information for readers. <strong>All names and events on this "
    "site are invented.</strong></p>"
)
AR_BODY = (
    "<p>هذا نص تجريبي لموقع العرض. ينشر المكتب الإعلامي هنا بياناته وبلاغاته "
    "الصحفية ومقالاته باللغتين العربية والإنجليزية.</p><p>تقدم الفقرة الثانية "
    "مزيدًا من التفاصيل والمواعيد والمعلومات العملية للقراء. "
    "<strong>جميع الأسماء والأحداث في هذا الموقع متخيلة.</strong></p>"
)


def make_article_fields(index, language, rng):
    """Title, excerpt and body of an invented article."""
    if language == "ar":
        topic, kind = AR_TOPICS[index % len(AR_TOPICS)], rng.choice(AR_KINDS)
        return f"{kind} {topic}", f"موجز تجريبي عن {topic}.", AR_BODY
    topic, kind = EN_TOPICS[index % len(EN_TOPICS)], rng.choice(EN_KINDS)
    return f"{kind} {topic}", f"A short placeholder summary about {topic}.", EN_BODY


class Command(BaseCommand):
    help = "Create neutral demo content (once), or add N generated articles."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            help="Add this many generated articles (bulk insert), for benchmarks.",
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed.")

    def handle(self, *args, articles, seed, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        rng = random.Random(seed)
        if Office.objects.filter(slug="central").exists():
            self.stdout.write("Demo content is already there; nothing to add.")
        else:
            self.create_demo(rng)
            self.stdout.write(self.style.SUCCESS("Demo content created."))
        self.ensure_admin()
        if articles:
            self.bulk_articles(articles, rng)

    @transaction.atomic
    def create_demo(self, rng):
        offices = {}
        for position, (slug, en, ar, central) in enumerate(OFFICES):
            offices[slug] = Office.objects.create(
                slug=slug, name_en=en, name_ar=ar, is_central=central, position=position
            )
        authors = []
        for slug, en, ar, gender, office, role_en, role_ar in AUTHORS:
            authors.append(
                Author.objects.create(
                    slug=slug,
                    name_en=en,
                    name_ar=ar,
                    gender=gender,
                    office=offices[office],
                    role_en=role_en,
                    role_ar=role_ar,
                    bio_en=f"{en} is an invented person for the demonstration site.",
                    bio_ar=f"{ar} شخصية متخيلة لموقع العرض.",
                )  # fmt: skip
            )
        leaves = []

        def add(nodes, parent):
            for position, (slug, en, ar, children) in enumerate(nodes):
                category = Category.objects.create(
                    parent=parent, slug=slug, name_en=en, name_ar=ar, position=position
                )
                if children:
                    add(children, category)
                else:
                    leaves.append(category)

        add(CATEGORIES, None)
        hidden = Category.objects.create(
            slug="internal", name_en="Internal notes", name_ar="ملاحظات داخلية",
            is_published=False, position=99,
        )  # fmt: skip

        now = timezone.now()
        for index in reversed(range(24)):  # oldest first: references in order
            language = "ar" if index % 3 else "en"
            title, excerpt, body = make_article_fields(index, language, rng)
            author = authors[index % len(authors)]
            self.create_article(
                title=f"{title} ({index + 1})" if index >= len(EN_TOPICS) else title,
                language=language, excerpt=excerpt, body=body,
                category=leaves[index % len(leaves)], author=author,
                published_at=now - timedelta(days=index * 9, hours=index),
                status=Article.Status.PUBLISHED, is_featured=index in (0, 4),
            )  # fmt: skip
        self.create_comments()
        extras = [
            ("Draft: statement under review", "مسودة: بيان قيد المراجعة",
             Article.Status.DRAFT, now, leaves[0]),
            ("Scheduled: notice of next week's briefing",
             "مجدول: إشعار بالإحاطة القادمة",
             Article.Status.PUBLISHED, now + timedelta(days=7), leaves[1]),
            ("Internal memo in a hidden category", "مذكرة في قسم مخفي",
             Article.Status.PUBLISHED, now - timedelta(days=1), hidden),
        ]  # fmt: skip
        for en, ar, status, when, category in extras:
            for language, title in (("en", en), ("ar", ar)):
                self.create_article(
                    title=title, language=language, excerpt="", body=EN_BODY,
                    category=category, author=authors[0], published_at=when,
                    status=status, is_featured=False,
                )  # fmt: skip

    def create_comments(self):
        """Invented reader comments: some approved, some awaiting moderation."""
        from comments.models import Comment, Status

        articles = list(Article.objects.published().order_by("-published_at")[:2])
        for article in articles:
            arabic = article.language == "ar"
            first = Comment.objects.create(
                article=article,
                name="قارئ" if arabic else "A reader",
                email="reader@example.org",
                body="شكرًا على هذا التوضيح." if arabic else "Thank you for the update.",
                status=Status.APPROVED,
            )
            Comment.objects.create(
                article=article,
                parent=first,
                name="زائرة" if arabic else "A visitor",
                email="visitor@example.org",
                body="متى تبدأ المرحلة الثانية؟"
                if arabic
                else "When does the next part start?",
                status=Status.APPROVED,
            )
            Comment.objects.create(
                article=article,
                name="مشارك" if arabic else "A participant",
                email="participant@example.org",
                body="هل يمكن نشر المواعيد كاملة؟"
                if arabic
                else "Could the full schedule be published?",
            )

    def create_article(self, *, author, **fields):
        # Through the desk's service, so published statements get references.
        article = article_save(article=Article(office=author.office, **fields))
        ArticleAuthor.objects.create(article=article, author=author)
        return article

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "admin@example.org", password)
        self.stdout.write(self.style.SUCCESS("Demo admin created: user 'admin'."))
        if generated:
            self.stdout.write(
                f"  Password (shown once, change it in the admin): {password}\n"
                "  Set DJANGO_SUPERUSER_PASSWORD before the first run to choose it."
            )
        else:
            self.stdout.write("  Password: the value of DJANGO_SUPERUSER_PASSWORD.")

    def bulk_articles(self, count, rng):
        """Add ``count`` published articles fast, spread over the past ten years."""
        categories = list(Category.objects.live().filter(children__isnull=True))
        authors = list(Author.objects.select_related("office"))
        if not categories or not authors:
            raise CommandError("Run seed_demo once without --articles first.")
        bodies = {"ar": sanitize_html(AR_BODY), "en": sanitize_html(EN_BODY)}
        run = secrets.token_hex(3)
        now = timezone.now()
        span = int(timedelta(days=3650).total_seconds())
        batch_size = 2000
        created = 0
        while created < count:
            size = min(batch_size, count - created)
            batch, batch_authors = [], []
            for i in range(created, created + size):
                language = "ar" if rng.random() < 0.6 else "en"
                title, excerpt, _body = make_article_fields(
                    rng.randrange(1000), language, rng
                )
                author = rng.choice(authors)
                batch_authors.append(author)
                batch.append(
                    Article(
                        title=f"{title} {i + 1}",
                        slug=f"generated-{run}-{i + 1}",
                        language=language,
                        status=Article.Status.PUBLISHED,
                        published_at=now - timedelta(seconds=rng.randrange(span)),
                        category=rng.choice(categories),
                        office=author.office,
                        excerpt=excerpt,
                        body=bodies[language],
                    )  # fmt: skip
                )
            with transaction.atomic():
                Article.objects.bulk_create(batch, batch_size=batch_size)
                ArticleAuthor.objects.bulk_create(
                    [
                        ArticleAuthor(article=a, author=w)
                        for a, w in zip(batch, batch_authors, strict=True)
                    ],
                    batch_size=batch_size,
                )
                # Bulk inserts send no signals: index what was just added.
                index_articles([article.pk for article in batch])
            created += size
            self.stdout.write(f"  {created}/{count} articles", ending="\r")
            self.stdout.flush()
        self.stdout.write(self.style.SUCCESS(f"\nAdded {count} generated articles."))
