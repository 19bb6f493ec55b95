"""Request ids and JSON log lines.

Every request gets an id (a sane ``X-Request-ID`` from the proxy in front, else a new one). It is
sent back in the ``X-Request-ID`` response header and added to every log line written while the
request runs, so a visitor's "it went wrong at 14:02" and a proxy's access log lead to the same
lines. In production (LOG_FORMAT=json) each line is one JSON object. Log messages carry ids and
kinds, never texts people wrote.
"""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

HEADER = "X-Request-ID"
_request_id = ContextVar("request_id", default="-")
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """First in MIDDLEWARE, so page-cache hits and error pages carry the id too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = incoming if _ACCEPTED.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` ("-" outside a request: the q2 cluster, commands). Django logs
    a 4xx or 5xx response after the middleware has returned, with the request in the record:
    its id is taken from there."""

    def filter(self, record):
        request_id = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id or _request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, and the
    exception with its traceback when there is one."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        status_code = getattr(record, "status_code", None)
        if status_code is not None:
            entry["status"] = status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
