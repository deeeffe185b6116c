import factory
import wagtail_factories

from events.models import EventIndexPage, EventPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Agenda régional"
    slug = "agenda"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Événement {n}")
    kind = "reunion-antenne"

    class Meta:
        model = EventPage
