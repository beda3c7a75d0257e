"""What the documents app tells the others."""

from django.dispatch import Signal

#: A statement's PDF was made anew and is stored (sent once committed, with
#: ``article_id``): a channel that sends it with its post may go on.
document_made = Signal()
