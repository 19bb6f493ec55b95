"""Demo content: demo people and content on top of the real site that `setup_site` makes
(`leeratelier/core/sitesetup.py`; each app's `setup.py`). Every step is idempotent (it finds what
an earlier run made), so `manage.py load_demo` can run again after a change. Apps add their own
demo step with ``register_step``; steps run in the INSTALLED_APPS order of their apps (then in
registration order), after the site set-up.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "leeratelier-demo"


@dataclass
class DemoContext:
    out: object  # a writer with .write(str), e.g. a command's stdout
    home: Page | None = None  # the Dutch home page: the default site's root, as setup_site made it
    credentials: list | None = None

    def say(self, text):
        self.out.write(text)


_steps = []


def register_step(function):
    _steps.append(function)
    return function


def run(out):
    context = DemoContext(out=out, credentials=[])
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    context.home = site.root_page.specific if site is not None else None
    for step in _in_app_order(_steps):
        step(context)
    return context


def _in_app_order(steps):
    """The steps in the INSTALLED_APPS order of their apps, then as registered: a module imported
    early (a test that imports one app's demo) must not run its step before the people and
    ateliers it builds on exist."""
    from .components import components

    names = [config.name for config in components()]

    def rank(step):
        module = step.__module__
        return next(
            (index for index, name in enumerate(names) if module == name or module.startswith(f"{name}.")),
            len(names),
        )

    return sorted(steps, key=rank)


@register_step
def admin_account(context):
    User = get_user_model()
    admin, created = User.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={
            "email": "admin@example.org",
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Demo",
            "last_name": "Beheerder",
        },
    )
    if created:
        admin.set_password(DEMO_ADMIN_PASSWORD)
        admin.save()
    # Everyone signs in by email (allauth, verified addresses only); the admin then asks to set up
    # an authenticator app (two-factor sign-in is required for the admin).
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=admin, email=admin.email, defaults={"verified": True, "primary": True})
    context.credentials.append(
        ("Wagtail admin (/admin/; sets up an authenticator app on first sign-in)", admin.email, DEMO_ADMIN_PASSWORD)
    )
