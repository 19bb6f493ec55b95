import factory
import wagtail_factories

from .models import ChapterPage, MagazinePage


class MagazinePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MagazinePage

    title = "Impact in het sociaal domein"
    subtitle = "Co-creatie, verantwoording en leren in de praktijk"
    show_in_menus = True
    intro = factory.Faker("paragraph", locale="nl_NL")


class ChapterPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ChapterPage

    title = factory.Sequence(lambda n: f"Hoofdstuk {n}")
    number = factory.Sequence(lambda n: n + 1)
    intro = factory.Faker("paragraph", locale="nl_NL")
    body = factory.LazyFunction(
        lambda: [("paragraph", "<p>Impact gaat over de betekenis van ons werk voor bewoners.</p>")]
    )
