"""Optional error reporting to Sentry (or a compatible service such as GlitchTip), switched on
only by SENTRY_DSN (read in settings/production.py).

Cases and reflections are about vulnerable people, so nothing a person sent or is goes out:
``send_default_pii=False`` (no user, no IP address, no cookies), no request bodies
(``max_request_body_size="never"``), and ``before_send`` drops what is left of the request but its
method and path (no query string: search terms), plus the user and the cookies. What remains is
the exception, its stack and the request id.
"""

from urllib.parse import urlsplit


def scrub_event(event, hint=None):
    """The ``before_send`` hook: keep the method and path of the request, nothing else."""
    request = event.get("request") or {}
    url = request.get("url")
    event["request"] = {
        key: value
        for key, value in {
            "method": request.get("method"),
            "url": urlsplit(url)._replace(query="", fragment="").geturl() if url else None,
        }.items()
        if value
    }
    event.pop("user", None)
    from .logs import current_request_id

    event.setdefault("tags", {})["request_id"] = current_request_id()
    return event


def sentry_options(dsn, environment="production"):
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration()],
        "send_default_pii": False,
        "max_request_body_size": "never",
        "before_send": scrub_event,
        "traces_sample_rate": 0.0,  # errors only: no performance traces with URLs and timings
    }


def init_sentry(dsn, environment="production"):
    """Start the Sentry client when ``dsn`` is set; returns whether it did."""
    if not dsn:
        return False
    import sentry_sdk

    sentry_sdk.init(**sentry_options(dsn, environment))
    return True
