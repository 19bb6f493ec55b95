"""Form tokens for tests that post a form without reading its page first: `token("same")` is a
valid one-time token (leeratelier.core.once), the same for the same name."""

import hashlib

from leeratelier.core.once import _mac


def token(name):
    nonce = hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
    return nonce + _mac(nonce)
