"""Static pages ("About", "Contact"…), one per language and address."""

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.i18n import Language, text_direction
from core.sanitize import sanitize_html
from core.text import unicode_slug


class PageQuerySet(models.QuerySet):
    def published(self):
        """Pages readers may see."""
        return self.filter(is_published=True)

    def in_language(self, language):
        return self.filter(language=language)


class Page(models.Model):
    """A static page in one language, written with the articles' editor.

    Pages in two languages that share a slug are the same page: the language
    switcher goes from one to the other.
    """

    class ShowIn(models.TextChoices):
        FOOTER = "footer", _("footer")
        MENU = "menu", _("main menu")
        NONE = "none", _("nowhere (linked by hand)")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "Filled from the title when left empty. Give the same slug to the "
            "page in the other language."
        ),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARABIC
    )
    body = models.TextField(
        _("body"), help_text=_("Rich text; unsafe HTML is removed.")
    )
    show_in = models.CharField(
        _("listed in"), max_length=10, choices=ShowIn.choices, default=ShowIn.FOOTER
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    is_published = models.BooleanField(_("published"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("static page")
        verbose_name_plural = _("static pages")
        ordering = ["position", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["language", "slug"], name="unique_page_slug_per_language"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unicode_slug(self.title, 200) or "page"
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # A page lives under its own language's prefix, whatever the interface.
        with translation.override(self.language):
            return reverse("pages:detail", kwargs={"slug": self.slug})

    @property
    def direction(self):
        return text_direction(self.language)
