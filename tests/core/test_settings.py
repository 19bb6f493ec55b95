"""The production settings, loaded in a fresh process the way a server loads them: they pass
Django's deployment checks, refuse to start without their secrets, and switch to Redis when
REDIS_URL is set."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "q_broker": {key: settings.Q_CLUSTER.get(key) for key in ("redis", "orm")},
    "cache": settings.CACHES["default"],
    "debug": settings.DEBUG,
}))
"""


def production_env(tmp_path, **overrides):
    """A clean production environment: nothing from the developer's or CI's shell leaks in."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "VIRTUAL_ENV"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="leeratelier.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="leeratelier.example.org,www.leeratelier.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
@pytest.mark.parametrize("value", [None, ""])
def test_refuses_to_start_without_a_required_setting(tmp_path, missing, value):
    result = run(["manage.py", "check"], production_env(tmp_path, **{missing: value}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"Set {missing}" in result.stderr


def test_without_redis_the_orm_is_the_broker(tmp_path):
    result = run(["-c", PRINT_SETTINGS], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["q_broker"] == {"redis": None, "orm": "default"}
    assert settings["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["debug"] is False


def test_redis_url_switches_broker_and_cache(tmp_path):
    url = "redis://redis.internal:6379/2"
    result = run(["-c", PRINT_SETTINGS], production_env(tmp_path, REDIS_URL=url))
    assert result.returncode == 0, result.stderr
    settings = json.loads(result.stdout)
    assert settings["q_broker"] == {"redis": url, "orm": None}
    assert settings["cache"] == {"BACKEND": "leeratelier.core.cache.RedisCache", "LOCATION": url}
