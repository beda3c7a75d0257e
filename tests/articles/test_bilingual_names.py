"""A name in both languages (``NamedInBothLanguages``): offices, authors and
categories follow one rule — at least one name, the interface's language
first, the other when it is empty."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from articles.models import Author, Category, NamedInBothLanguages, Office
from tests.factories import make_author, make_category, make_office

pytestmark = pytest.mark.django_db

MAKERS = {Office: make_office, Author: make_author, Category: make_category}


@pytest.mark.parametrize("model", MAKERS, ids=lambda model: model.__name__)
def test_each_named_thing_follows_the_one_rule(model):
    assert issubclass(model, NamedInBothLanguages)
    named = MAKERS[model](name_en="", name_ar="الاسم")

    with translation.override("en"):
        assert named.name == str(named) == "الاسم"  # the other language
    named.name_ar = ""
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            named.clean()
        assert "a name in at least one language" in str(refused.value)
    with transaction.atomic(), pytest.raises(IntegrityError):
        named.save()
