"""The Redis cache backend (leeratelier/core/cache.py) against the machine's real Redis: what
Django's own backend does, with one Redis client reused for every call."""

import socket

import pytest

from leeratelier.core.cache import RedisCache

URL = "redis://127.0.0.1:6379/9"


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_running(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    backend = RedisCache(URL, {"KEY_PREFIX": "test-redis-cache"})
    backend.clear()
    yield backend
    backend.clear()


def test_it_stores_reads_counts_and_forgets(redis_cache):
    redis_cache.set("page", {"html": "<p>hallo</p>"}, 30)
    assert redis_cache.get("page") == {"html": "<p>hallo</p>"}
    assert redis_cache.get_many(["page", "missing"]) == {"page": {"html": "<p>hallo</p>"}}
    assert redis_cache.add("generation", 1, None) is True
    assert redis_cache.add("generation", 5, None) is False
    assert redis_cache.incr("generation") == 2
    redis_cache.delete("page")
    assert redis_cache.get("page") is None


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache
    first = client.get_client("a")
    assert client.get_client("b", write=True) is first
    redis_cache.set("x", 1, 30)
    assert client.get_client("x") is first
