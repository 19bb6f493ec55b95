from wagtail import hooks

from leeratelier.core import access


@hooks.register("before_serve_page")
def check_atelier_access(page, request, serve_args, serve_kwargs):
    """Pages inside a hidden atelier: members only (login page for visitors, 404 for others).
    Wagtail's own page privacy is not used: it sends signed-in users to the login page and the
    sitemap does not honour it."""
    return access.check_page(request, page)
