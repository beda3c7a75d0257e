"""Signal receivers that keep the search index up to date (see ``search.apps``)."""

from search.index import index_articles


def index_saved_article(sender, instance, **kwargs):
    """Re-index an article after every save, revision restores (raw saves) too.

    Inside the saving transaction: if the save is rolled back, so is this.
    """
    index_articles([instance.pk])
