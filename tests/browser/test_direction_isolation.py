"""A trail of categories in one language inside a page of the other: its
separators point the way the interface reads, its names keep their own
direction."""

import pytest

from tests.factories import make_article, make_category

pytestmark = pytest.mark.browser


def separators(page):
    """Where each separator of the category trail points: ``right``, ``left``,
    or ``up`` for a chevron drawn the wrong way round ("^").

    The separator is a square's two borders (top and the line's end), turned
    a quarter: the corner they share is its tip.
    """
    return page.evaluate(
        """[...document.querySelectorAll('.category-trail li + li')].map(li => {
            const style = getComputedStyle(li, '::before');
            const turn = new DOMMatrix(style.transform).b;
            const right = parseFloat(style.borderRightWidth) > 0;
            if (right && turn > 0) return 'right';
            if (!right && turn < 0) return 'left';
            return 'up';
        })"""
    )


def crumb_boxes(page):
    return page.evaluate(
        """[...document.querySelectorAll('.category-trail li')].map(li => {
            const box = li.getBoundingClientRect();
            return {left: box.left, right: box.right};
        })"""
    )


def mark_is_left_of_the_word(page, name):
    """Whether the last character of the link ``name`` is drawn left of its
    first (as Arabic is read)."""
    return page.evaluate(
        """name => {
            const link = [...document.querySelectorAll('.category-trail a')]
                .find(a => a.textContent.trim() === name);
            const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
            const node = walker.nextNode();
            const start = node.textContent.indexOf(name);
            const box = (i) => {
                const range = document.createRange();
                range.setStart(node, i);
                range.setEnd(node, i + 1);
                return range.getBoundingClientRect();
            };
            return box(start + name.length - 1).right <= box(start).left;
        }""",
        name,
    )


@pytest.fixture
def trail(one_edition):
    """Two levels of categories with names in both languages, an article of
    each language in the lower one."""
    parent = make_category(slug="statements", name_en="Statements", name_ar="بيانات")
    child = make_category(
        slug="north", parent=parent, name_en="North", name_ar="الشمال"
    )
    make_article(slug="en-story", category=child)
    make_article(slug="ar-story", category=child, language="ar", title="بيان")
    return child


@pytest.mark.parametrize(
    ("url", "points"),
    [
        ("/en/article/ar-story/", "right"),
        ("/en/article/en-story/", "right"),
        ("/ar/article/en-story/", "left"),
        ("/ar/article/ar-story/", "left"),
    ],
)
def test_trail_separators_point_the_way_the_interface_reads(page, trail, url, points):
    """An Arabic statement in the English interface drew them as "^"."""
    page.goto(url)

    assert separators(page) == [points]
    first, second = crumb_boxes(page)
    if points == "right":
        assert second["left"] >= first["right"] - 1
    else:
        assert second["right"] <= first["left"] + 1


def test_a_name_only_in_the_other_language_keeps_its_place_in_the_trail(page):
    """A category named in Arabic only, in the English interface: the trail
    still reads left to right, parent first, separators pointing right."""
    parent = make_category(slug="statements", name_en="Statements", name_ar="بيانات")
    child = make_category(slug="north", parent=parent, name_en="", name_ar="الشمال!")
    grandchild = make_category(slug="wells", parent=child, name_en="Wells")

    page.goto(f"/en/category/{grandchild.path}/")

    assert separators(page) == ["right", "right"]
    boxes = crumb_boxes(page)
    assert boxes[0]["right"] <= boxes[1]["left"] + 1
    assert boxes[1]["right"] <= boxes[2]["left"] + 1
    names = page.locator(".category-trail li").all_inner_texts()
    assert [name.strip() for name in names] == ["Statements", "الشمال!", "Wells"]
    # The Arabic name reads right to left, its "!" at its end, on the left.
    assert mark_is_left_of_the_word(page, "الشمال!")
