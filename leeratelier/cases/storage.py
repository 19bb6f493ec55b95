"""Private storage for case attachments, outside the public media folder.

Files under MEDIA_ROOT are served by the web server to anyone who knows the URL; case
attachments are about vulnerable people, so they live under PRIVATE_MEDIA_ROOT (a setting,
``BASE_DIR / "private-media"`` when unset), which nothing serves. The only way out is the
attachment view, which asks the access function first. The storage has no URL on purpose.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_media_root():
    return Path(getattr(settings, "PRIVATE_MEDIA_ROOT", Path(settings.BASE_DIR) / "private-media"))


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at PRIVATE_MEDIA_ROOT, read from the settings on every use
    (so a test can point it at a temporary folder) and without URLs."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(private_media_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Case attachments have no public URL: serve them through cases:attachment.")


def private_storage():
    """The storage as a callable, so migrations do not freeze a path."""
    return PrivateStorage()
