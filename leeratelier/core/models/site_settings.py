"""The organisation's own details, kept by editors in the admin (Settings > Site settings): its
name, contact address, the footer text in both languages, the links to the privacy and
accessibility statements and its social links. The footer, the statements' contact block and
every email's footer read them (through ``leeratelier.core.contact``); nothing contact-like is
written in a template.

Why a generic setting (one per installation) and not a site setting (one per Wagtail Site): one
installation is one organisation's platform, with one Site serving both languages; and emails
are rendered by the background worker, which has no request and so no Site to look one up by.

Why two footer fields (Dutch, English) and not a wagtail-localize translation: a setting is not
a page, and wagtail-localize's translation of a non-page model would give the editor a second
object to find, sync and publish. Two fields side by side are what an editor can actually use.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField

# The defaults a fresh installation starts with (``setup_site`` and the first admin visit make
# the row with them); editors change them in the admin.
DEFAULT_ORGANISATION = "Leeratelier"
DEFAULT_CONTACT_EMAIL = "info@leeratelier.nl"
DEFAULT_FOOTER_NL = (
    "Leeratelier is de plek waar de leerateliers van de Werkplaatsen Sociaal Domein (HU, HAN en Zuyd) "
    "samen met gemeenten, sociaalwerkorganisaties, sociale ondernemers, ervaringsdeskundigen en "
    "onderzoekers werken aan impact."
)
DEFAULT_FOOTER_EN = (
    "Leeratelier is where the learning ateliers of the Werkplaatsen Sociaal Domein (HU, HAN and Zuyd) "
    "work on impact together with municipalities, social-work organisations, social entrepreneurs, "
    "experience experts and researchers."
)


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=60, help_text=_("For example: LinkedIn"))
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Social link")


@register_setting(icon="site")
class SiteSettings(BaseGenericSetting):
    organisation_name = models.CharField(_("organisation name"), max_length=150, default=DEFAULT_ORGANISATION)
    contact_email = models.EmailField(
        _("contact email"),
        blank=True,
        default=DEFAULT_CONTACT_EMAIL,
        help_text=_("Shown in the footer and on the privacy and accessibility statements."),
    )
    postal_address = models.TextField(_("postal address"), blank=True, help_text=_("One line per line of the address."))
    footer_text_nl = models.TextField(_("footer text (Dutch)"), blank=True, default=DEFAULT_FOOTER_NL)
    footer_text_en = models.TextField(_("footer text (English)"), blank=True, default=DEFAULT_FOOTER_EN)
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Choose the Dutch page; the English site links to its translation."),
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Choose the Dutch page; the English site links to its translation."),
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        verbose_name=_("social links"),
        blank=True,
        default=list,
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("organisation_name"), FieldPanel("contact_email"), FieldPanel("postal_address")],
            heading=_("Organisation"),
        ),
        MultiFieldPanel([FieldPanel("footer_text_nl"), FieldPanel("footer_text_en")], heading=_("Footer")),
        MultiFieldPanel([FieldPanel("privacy_page"), FieldPanel("accessibility_page")], heading=_("Statements")),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def footer_text(self, language_code):
        return self.footer_text_en if language_code == "en" else self.footer_text_nl

    def __str__(self):
        return self.organisation_name
