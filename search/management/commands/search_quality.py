"""``manage.py search_quality``: how well search finds Arabic words (see
``search.quality``)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Category, Office
from search import quality
from search.query import search_articles


class Rollback(Exception):
    """Ends the block of articles written for the measure: nothing stays."""


class Command(BaseCommand):
    help = (
        "Measure how well search finds the Arabic words of the test set in the "
        "forms readers type, and keeps different words apart."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            dest="paths",
            action="append",
            help="A test set (again for several; default: the three in bench/).",
        )
        parser.add_argument(
            "--through-search",
            action="store_true",
            help="Also write the sentences as articles and ask the real search "
            "(on this database, in a transaction rolled back at the end).",
        )
        parser.add_argument("--write", help="Also write the figures to this file.")

    def handle(self, *args, paths, through_search, write, **options):
        lines = []
        for path in paths or quality.SETS:
            try:
                test_set = quality.load(path)
            except (OSError, ValueError) as error:
                raise CommandError(
                    f"Cannot read the test set {path}: {error}"
                ) from None
            lines += self.report(Path(path).name, test_set, through_search)
        text = "\n".join(lines)
        self.stdout.write(text)
        if write:
            made = (
                f"Made by `manage.py search_quality"
                f"{' --through-search' if through_search else ''}` on "
                f"{connection.vendor}, {timezone.now():%Y-%m-%d}."
            )
            Path(write).write_text(
                f"# Arabic search quality\n\n{made}\n\n{text}\n", encoding="utf-8"
            )

    def report(self, name, test_set, through_search):
        """The lines of one set's figures (Markdown)."""
        sections = [("What search compares", quality.measure(test_set))]
        if through_search:
            sections.append(
                ("Through the search itself", self.through_search(test_set))
            )
        lines = [
            f"## {name}",
            "",
            f"{len(test_set['words'])} words, "
            f"{sum(len(e['forms']) for e in test_set['words'])} forms, "
            f"{len(test_set['distinct'])} pairs of different words.",
        ]
        for title, figures in sections:
            lines += ["", f"### {title}", "", *figures.lines()]
        return [*lines, ""]

    def through_search(self, test_set):
        """The figures of the real search, on articles written for it."""
        written = {}
        try:
            with transaction.atomic():
                category = Category.objects.create(
                    slug="search-quality", name_en="Search quality", name_ar="قياس"
                )
                office = Office.objects.create(
                    slug="search-quality", name_en="Search quality", name_ar="قياس"
                )
                texts = [(e["word"], e["sentence"]) for e in test_set["words"]]
                texts += [
                    (word, word)
                    for pair in test_set["distinct"]
                    for word in (pair["a"], pair["b"])
                ]
                moment = timezone.now() - datetime.timedelta(minutes=1)
                for number, (word, text) in enumerate(texts):
                    written.setdefault(word, set()).add(
                        Article.objects.create(
                            title=text,
                            slug=f"search-quality-{number}",
                            language="ar",
                            category=category,
                            office=office,
                            status=Article.Status.PUBLISHED,
                            published_at=moment,
                        ).pk
                    )

                def found(typed, entry):
                    ids = set(search_articles(typed).ids)
                    return bool(ids & written[entry["word"]])

                figures = quality.measure(test_set, found)
                raise Rollback
        except Rollback:
            return figures
