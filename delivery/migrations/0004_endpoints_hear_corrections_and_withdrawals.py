"""Partners keep hearing of the changes they heard of before: an endpoint
that takes ``article.updated`` now takes ``article.corrected`` too (sent
instead of it for a correction), and one that takes ``article.unpublished``
takes ``article.withdrawn`` (sent instead of it for a withdrawal)."""

from django.db import migrations

# A new event, and the one an endpoint must already take to be given it.
ADDED = {
    "article.corrected": "article.updated",
    "article.withdrawn": "article.unpublished",
}


def add_events(apps, schema_editor):
    Endpoint = apps.get_model("delivery", "Endpoint")
    for endpoint in Endpoint.objects.all():
        events = list(endpoint.events or [])
        for new, before in ADDED.items():
            if before in events and new not in events:
                events.append(new)
        if events != endpoint.events:
            endpoint.events = events
            endpoint.save(update_fields=["events"])


def remove_events(apps, schema_editor):
    Endpoint = apps.get_model("delivery", "Endpoint")
    for endpoint in Endpoint.objects.all():
        events = [event for event in endpoint.events or [] if event not in ADDED]
        if events != endpoint.events:
            endpoint.events = events
            endpoint.save(update_fields=["events"])


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0003_webhook_attempts"),
    ]

    operations = [migrations.RunPython(add_events, remove_events)]
