"""Invent neutral demo content; idempotent.

``seed_demo`` creates offices, authors with abstract portraits, a three-level
category tree, Arabic and English articles with abstract lead images and tags
(a few drafts and scheduled ones), the "About" and "Contact" pages, the site's
logo and contact details, and a demo admin, once. Pictures are drawn with
Pillow (``demo.art``) and stored through the same
sanitising pipeline as editors' uploads. ``seed_demo --articles N`` adds N
generated articles with bulk inserts, spread over the past years, for
benchmarks; they reuse the demo's handful of pictures and carry two of forty
tags each (``--tag-generated`` tags those of a database seeded before they
did). ``--comments N`` adds N
approved comments the same way: ``BUSY_COMMENTS`` of them (some replies) under
the newest published article, whose address it prints, the rest spread over
the other published articles. What it adds is then analysed (``ANALYZE``), so
that the database plans the site's queries for the rows it now holds.
"""

import os
import random
import secrets
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from articles.models import Article, ArticleAuthor, Author, Category, Office
from articles.services import article_save
from articles.tags import tag_article
from core import cache
from core.db import analyse
from core.sanitize import sanitize_html
from demo import art as demo_art
from images.sanitize import sanitize_upload
from pages.models import Page
from search.index import index_articles
from search.models import SearchDocument
from site_settings.models import SiteSettings

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
# Tags per topic (same order as the topics).
EN_TAGS = [
    ["Culture", "Libraries"], ["Volunteering", "Community"], ["Roads"],
    ["Public services"], ["Youth", "Reading"], ["Environment", "Volunteering"],
    ["Education", "Schools"], ["Culture", "Visitors"], ["Health"], ["Press"],
]  # fmt: skip
AR_TAGS = [
    ["ثقافة", "مكتبات"], ["تطوع", "مجتمع"], ["طرق"], ["خدمات عامة"],
    ["شباب", "قراءة"], ["بيئة", "تطوع"], ["تعليم", "مدارس"], ["ثقافة", "زوار"],
    ["صحة"], ["صحافة"],
]  # fmt: skip
# Generated articles carry two of forty tags each (about 5 000 articles a tag
# at 100 000), as a large archive's tags spread: the related articles' query
# then meets busy tags, as it does in use.
GENERATED_TAGS = 40
GENERATED_TAGS_EACH = 2
# Distinct lead images drawn for the demo; articles share them in turn, and a
# few articles have none (their cards show the placeholder).
PICTURES = 8
# Three featured stories in each edition (an index divisible by 3 is English).
FEATURED = {0, 3, 9, 1, 4, 7}
WITHOUT_PICTURE = {5, 13, 21}
# The lead images' caption: who made the picture.
DEMO_CAPTION = {
    "en": "Illustration: the office's design desk (demo picture)",
    "ar": "رسم: قسم التصميم في المكتب (صورة تجريبية)",
}

PAGES = [
    ("about", "en", "About the office", 1,
     "<p>The media office publishes the statements, press releases and articles "
     "of an invented organisation, in Arabic and in English.</p>"
     "<h2>What we publish</h2><ul><li>Statements, numbered by office and Hijri "
     "year.</li><li>Press releases and announcements.</li><li>Articles and "
     "analysis by our writers.</li></ul>"
     "<p><strong>All names and events on this site are invented.</strong></p>"),
    ("about", "ar", "عن المكتب", 1,
     "<p>ينشر المكتب الإعلامي بيانات منظمة متخيلة وبلاغاتها الصحفية ومقالاتها "
     "باللغتين العربية والإنجليزية.</p><h2>ما ننشره</h2><ul><li>البيانات، "
     "مرقمة حسب المكتب والسنة الهجرية.</li><li>البلاغات الصحفية والإعلانات."
     "</li><li>مقالات كتّابنا وتحليلاتهم.</li></ul>"
     "<p><strong>جميع الأسماء والأحداث في هذا الموقع متخيلة.</strong></p>"),
    ("contact", "en", "Contact", 2,
     "<p>Journalists may write to the press desk at "
     '<a href="mailto:press@example.org">press@example.org</a>.</p>'
     "<p>The office answers on working days, from 9:00 to 15:00.</p>"),
    ("contact", "ar", "اتصل بنا", 2,
     "<p>يمكن للصحفيين مراسلة مكتب الصحافة على "
     '<a href="mailto:press@example.org">press@example.org</a>.</p>'
     "<p>يرد المكتب في أيام العمل من التاسعة صباحًا حتى الثالثة عصرًا.</p>"),
]  # fmt: skip

# The newest published article gets this many approved comments in all (a
# long thread to measure), the others share the rest of ``--comments``.
BUSY_COMMENTS = 300
COMMENT_NAMES = ["قارئ", "زائرة", "مشارك", "A reader", "A visitor", "Sam"]
COMMENT_BODIES = [
    "شكرًا على هذا التوضيح.",
    "متى تبدأ المرحلة الثانية؟ نرجو نشر المواعيد كاملة.",
    "Thank you for the update.",
    "When does the next part start? Could the full schedule be published?",
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
        parser.add_argument(
            "--comments",
            type=int,
            default=0,
            help=f"Add this many approved comments (bulk insert), {BUSY_COMMENTS} "
            "of them under the newest published article, for benchmarks.",
        )
        parser.add_argument(
            "--tag-generated",
            action="store_true",
            help=f"Give the generated articles without tags {GENERATED_TAGS_EACH} "
            f"of {GENERATED_TAGS} tags each (a database seeded before they had "
            "them).",
        )
        parser.add_argument("--seed", type=int, default=None, help="Random seed.")

    def handle(self, *args, articles, comments, tag_generated, seed, **options):
        if articles < 0:
            raise CommandError("--articles must be zero or more.")
        if comments < 0:
            raise CommandError("--comments must be zero or more.")
        from comments.models import Comment

        rng = random.Random(seed)
        added = bool(articles or comments)
        if Office.objects.filter(slug="central").exists():
            self.stdout.write("Demo content is already there; nothing to add.")
        else:
            self.create_demo(rng)
            added = True
            self.stdout.write(self.style.SUCCESS("Demo content created."))
        self.ensure_admin()
        if articles:
            self.bulk_articles(articles, rng)
        if comments:
            self.bulk_comments(comments, rng)
        if tag_generated:
            added = self.tag_untagged_generated(rng) or added
        if added:
            analyse(
                Article, ArticleAuthor, SearchDocument, Comment, Category, TaggedItem
            )
        if added:
            cache.bump()  # bulk inserts send no signals: cached pages are stale

    @transaction.atomic
    def create_demo(self, rng):
        offices = {}
        for position, (slug, en, ar, central) in enumerate(OFFICES):
            offices[slug] = Office.objects.create(
                slug=slug, name_en=en, name_ar=ar, is_central=central, position=position
            )
        authors = []
        for number, (slug, en, ar, gender, office, role_en, role_ar) in enumerate(
            AUTHORS
        ):
            photo = demo_art.portrait(seed=number)
            authors.append(
                Author.objects.create(
                    photo=sanitize_upload(ContentFile(photo.data, name=f"{slug}.jpg")),
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
        pictures = {}
        by_topic = {}  # (topic, language) → the first article about it
        for index in reversed(range(24)):  # oldest first: references in order
            language = "ar" if index % 3 else "en"
            title, excerpt, body = make_article_fields(index, language, rng)
            author = authors[index % len(authors)]
            article = self.create_article(
                title=f"{title} ({index + 1})" if index >= len(EN_TOPICS) else title,
                language=language, excerpt=excerpt, body=body,
                category=leaves[index % len(leaves)], author=author,
                published_at=now - timedelta(days=index * 9, hours=index),
                status=Article.Status.PUBLISHED, is_featured=index in FEATURED,
                **self.lead_image(index, language, pictures),
            )  # fmt: skip
            self.remember_lead_image(index, article, pictures)
            tags = (AR_TAGS if language == "ar" else EN_TAGS)[index % len(EN_TAGS)]
            tag_article(article, *tags)
            by_topic.setdefault((index % len(EN_TOPICS), language), article)
        # The same topic in both languages: linked as translations.
        for (topic, language), english in by_topic.items():
            arabic = by_topic.get((topic, "ar"))
            if language == "en" and arabic is not None:
                english.translation = arabic
                article_save(article=english)
        self.create_comments()
        self.create_pages_and_identity()
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

    def lead_image(self, index, language, pictures):
        """Lead image fields for demo article ``index``: an upload the first
        time a picture is used, the stored file (same size) after that.

        ``pictures`` maps a picture's number to ``[Picture, stored fields]``;
        ``remember_lead_image`` fills in the stored fields.
        """
        if index in WITHOUT_PICTURE:
            return {}
        number = index % PICTURES
        if number not in pictures:
            picture = demo_art.abstract_picture(seed=number)
            pictures[number] = [picture, None]
            upload = sanitize_upload(
                ContentFile(picture.data, name=f"demo-{number + 1}.jpg")
            )
            return {"lead_image": upload, **self.picture_texts(picture, language)}
        picture, stored = pictures[number]
        return {**stored, **self.picture_texts(picture, language)}

    @staticmethod
    def picture_texts(picture, language):
        """What the picture shows (for those who cannot see it) and its caption
        (who made it, under the picture for everyone)."""
        return {
            "lead_image_alt": picture.alt(language),
            "lead_image_caption": DEMO_CAPTION[language],
        }

    def remember_lead_image(self, index, article, pictures):
        number = index % PICTURES
        if article.lead_image and pictures[number][1] is None:
            pictures[number][1] = {
                "lead_image": article.lead_image.name,
                "lead_image_width": article.lead_image_width,
                "lead_image_height": article.lead_image_height,
            }

    def create_pages_and_identity(self):
        """The "About" and "Contact" pages, the logo and the contact details."""
        for slug, language, title, position, body in PAGES:
            Page.objects.create(
                slug=slug, language=language, title=title, position=position, body=body
            )
        settings_row = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
        settings_row.logo = sanitize_upload(
            ContentFile(demo_art.logo_mark().data, name="logo.png")
        )
        settings_row.contact_address_en = "1 Example Street\nExample City"
        settings_row.contact_address_ar = "١ شارع المثال\nمدينة المثال"
        settings_row.contact_email = "office@example.org"
        settings_row.contact_phone = "+000 555 0100"
        settings_row.full_clean()
        settings_row.save()

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

    def stored_pictures(self):
        """``{language: [lead image fields]}``: the demo's few stored pictures,
        with their description in that language, for generated articles."""
        found = {"ar": {}, "en": {}}
        rows = Article.objects.exclude(lead_image="").values(
            "language", "lead_image", "lead_image_width", "lead_image_height",
            "lead_image_alt",
        )  # fmt: skip
        for row in rows.order_by("pk"):
            found[row.pop("language")].setdefault(row["lead_image"], row)
        return {language: list(by_name.values()) for language, by_name in found.items()}

    def bulk_articles(self, count, rng):
        """Add ``count`` published articles fast, spread over the past ten years."""
        categories = list(Category.objects.live().filter(children__isnull=True))
        authors = list(Author.objects.select_related("office"))
        if not categories or not authors:
            raise CommandError("Run seed_demo once without --articles first.")
        bodies = {"ar": sanitize_html(AR_BODY), "en": sanitize_html(EN_BODY)}
        pictures = self.stored_pictures()
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
                picture = {}
                if pictures[language] and rng.random() < 0.85:
                    picture = rng.choice(pictures[language])
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
                        **picture,
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
                self.tag_generated([(a.pk, a.language) for a in batch], rng)
                # Bulk inserts send no signals: index what was just added.
                index_articles([article.pk for article in batch])
            created += size
            self.stdout.write(f"  {created}/{count} articles", ending="\r")
            self.stdout.flush()
        self.stdout.write(self.style.SUCCESS(f"\nAdded {count} generated articles."))

    def generated_tags(self):
        """``{language: [Tag, …]}``: the ``GENERATED_TAGS`` tags of each
        language's generated articles, made the first time."""
        words = {
            "en": sorted({name for names in EN_TAGS for name in names}),
            "ar": sorted({name for names in AR_TAGS for name in names}),
        }
        return {
            language: [
                Tag.objects.get_or_create(
                    name=f"{base[k % len(base)]} {k // len(base) + 1}"
                )[0]
                for k in range(GENERATED_TAGS)
            ]
            for language, base in words.items()
        }

    def tag_generated(self, articles, rng):
        """Give each of ``articles`` (``(pk, language)``) ``GENERATED_TAGS_EACH``
        of its language's generated tags, in one insert."""
        tags = self.generated_tags()
        kind = ContentType.objects.get_for_model(Article)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(content_type=kind, object_id=pk, tag=tag)
                for pk, language in articles
                for tag in rng.sample(tags[language], GENERATED_TAGS_EACH)
            ],
            batch_size=2000,
        )

    def tag_untagged_generated(self, rng):
        """Tag the generated articles that carry no tag; the number tagged."""
        kind = ContentType.objects.get_for_model(Article)
        untagged = list(
            Article.objects.filter(slug__startswith="generated-")
            .exclude(
                pk__in=TaggedItem.objects.filter(content_type=kind).values("object_id")
            )
            .order_by("pk")
            .values_list("pk", "language")
        )
        for start in range(0, len(untagged), 2000):
            with transaction.atomic():
                self.tag_generated(untagged[start : start + 2000], rng)
        self.stdout.write(
            self.style.SUCCESS(f"Tagged {len(untagged)} generated articles.")
        )
        return len(untagged)

    def bulk_comments(self, count, rng):
        """Add ``count`` approved comments fast: the newest published article's
        thread made up to ``BUSY_COMMENTS`` (a fifth of them replies), the rest
        on published articles chosen at random."""
        from comments.models import Comment, Status

        published = Article.objects.published().order_by("-published_at", "-pk")
        busy = published.first()
        if busy is None:
            raise CommandError("No published article: run seed_demo first.")
        thread = Comment.objects.public().filter(article=busy)
        for_busy = min(count, max(0, BUSY_COMMENTS - thread.count()))
        others = list(published.exclude(pk=busy.pk).values_list("pk", flat=True))
        if count > for_busy and not others:
            raise CommandError("Only one published article: nothing to spread over.")
        now = timezone.now()
        year = int(timedelta(days=365).total_seconds())

        def comment(article_id, seconds_ago, parent=None):
            return Comment(
                article_id=article_id,
                parent=parent,
                name=rng.choice(COMMENT_NAMES),
                email=f"reader{rng.randrange(10_000)}@example.org",
                body=rng.choice(COMMENT_BODIES),
                status=Status.APPROVED,
                created_at=now - timedelta(seconds=seconds_ago),
                notified_at=now,
            )

        # The long thread: oldest first, then replies to some of them (their
        # own keys are needed first).
        replies = for_busy // 5
        first = [
            comment(busy.pk, (for_busy - n) * 60) for n in range(for_busy - replies)
        ]
        with transaction.atomic():
            Comment.objects.bulk_create(first)
            parents = [c for c in first if c.pk] or list(thread)
            Comment.objects.bulk_create(
                [
                    comment(busy.pk, (replies - n) * 30, parent=rng.choice(parents))
                    for n in range(replies)
                ]
            )
        created, batch_size = for_busy, 5000
        while created < count:
            size = min(batch_size, count - created)
            Comment.objects.bulk_create(
                [comment(rng.choice(others), rng.randrange(year)) for _ in range(size)]
            )
            created += size
            self.stdout.write(f"  {created}/{count} comments", ending="\r")
            self.stdout.flush()
        self.stdout.write(self.style.SUCCESS(f"\nAdded {count} approved comments."))
        self.stdout.write(
            f"The article with {thread.count()} comments: {busy.get_absolute_url()}"
        )
