"""The search's date filters: Hijri dates as people write them, and a hint
in the reader's digits for this month."""

import datetime

import pytest
from freezegun import freeze_time

from core import hijri
from core.reader import DIGITS_COOKIE
from search.forms import SearchForm
from tests.factories import make_article
from tests.markup import find_by_class, parse, text

pytestmark = pytest.mark.django_db

# 3 Rajab 1448 is Saturday 12 December 2026.
RAJAB_3 = datetime.date(2026, 12, 12)


@pytest.mark.parametrize(
    "typed", ["٣ رجب ١٤٤٨هـ", "٣ رجب ١٤٤٨ هـ", "3 Rajab 1448 AH", "Rajab 3, 1448 A.H."]
)
def test_a_hijri_day_written_with_its_era_narrows_the_search(typed):
    form = SearchForm({"q": "harbour", "date_from": typed, "date_to": typed})

    assert form.is_valid(), form.errors
    assert (form.filters().date_from, form.filters().date_to) == (RAJAB_3, RAJAB_3)


@pytest.mark.parametrize(
    "typed",
    ["١ جمادى الثانية ١٤٤٨", "١ جمادي الآخرة ١٤٤٨", "١ جمادى الأخرة ١٤٤٨",
     "1 Jumada al-Thani 1448", "1 Jumada II 1448"],
)  # fmt: skip
def test_the_months_other_spellings_narrow_the_search(typed):
    form = SearchForm({"q": "harbour", "date_from": typed})

    assert form.is_valid(), form.errors
    assert form.filters().date_from == hijri.to_gregorian(1448, 6, 1)


def test_a_hijri_day_with_its_era_finds_that_days_statements(client):
    day = hijri.to_gregorian(1447, 7, 3)
    for title, after in (("Harbour on the day", 0), ("Harbour the day after", 1)):
        moment = hijri.day_start(day) + datetime.timedelta(days=after, hours=10)
        make_article(title=title, language="ar", published_at=moment)

    response = client.get(
        "/ar/search/",
        {"q": "harbour", "date_from": "٣ رجب ١٤٤٧هـ", "date_to": "٣ رجب ١٤٤٧ هـ"},
    )

    assert response.status_code == 200
    found = find_by_class(parse(response), "h2", "search-result-title")
    assert [text(title) for title in found] == ["Harbour on the day"]


def test_a_misspelt_month_is_refused_in_the_form_with_the_text_kept(client):
    response = client.get("/ar/search/", {"q": "harbour", "date_from": "٣ رجبب ١٤٤٨هـ"})

    assert response.status_code == 400
    root = parse(response)
    field = root.find(".//input[@name='date_from']")
    assert field.get("value") == "٣ رجبب ١٤٤٨هـ"
    assert field.get("aria-invalid") == "true"
    errors = " ".join(text(e) for e in find_by_class(root, "ul", "errorlist"))
    assert "«رجبب» ليس اسم شهر هجري." in errors


# The hint under the date fields ------------------------------------------------


def hint(response, name="date_from"):
    root = parse(response)
    (element,) = [e for e in root.iter("div") if e.get("id") == f"id_{name}_helptext"]
    return text(element)


@freeze_time("2030-05-20 09:00:00")  # 18 Muharram 1452
def test_the_hint_is_this_month_in_arabic_indic_digits(client):
    shown = hint(client.get("/ar/search/?q=harbour"))

    assert shown.startswith("ميلادي") and "١ محرم ١٤٥٢" in shown
    assert "١٤٥٢-٠١-٠١" in shown and "٢٠٣٠-٠٥-٠١" in shown
    assert "1445" not in shown and "2023" not in shown
    assert hint(client.get("/ar/search/?q=harbour"), "date_to") == shown


@freeze_time("2030-05-20 09:00:00")
def test_the_hint_follows_a_reader_who_chose_western_digits(client):
    client.cookies[DIGITS_COOKIE] = "western"

    shown = hint(client.get("/ar/search/?q=harbour"))

    assert "1 محرم 1452" in shown and "1452-01-01" in shown


@freeze_time("2030-05-20 09:00:00")
def test_the_english_hint_names_the_month_in_english(client):
    shown = hint(client.get("/en/search/?q=harbour"))

    assert shown == "Gregorian (2030-05-01) or Hijri (1 Muharram 1452 or 1452-01-01)."


def test_the_hint_changes_with_the_month_even_from_the_kept_filters(client, settings):
    settings.CMS_PAGE_CACHE_SECONDS = 0  # the filters' own cache is what is tested
    with freeze_time("2030-05-20 09:00:00"):
        before = hint(client.get("/en/search/?q=harbour"))
    with freeze_time("2030-06-05 09:00:00"):  # 4 Safar 1452
        after = hint(client.get("/en/search/?q=harbour"))

    assert "1 Muharram 1452" in before
    assert "1 Safar 1452" in after and "2030-06-01" in after


@pytest.mark.parametrize("language", ["ar", "en"])
def test_every_example_in_the_hint_is_read_by_the_field(client, language):
    form = SearchForm()
    for example in hijri.typing_examples(language):
        bound = SearchForm({"q": "harbour", "date_from": example})
        assert bound.is_valid(), (example, bound.errors)
    assert form.fields["date_from"].help_text
