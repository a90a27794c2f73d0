"""Settings come from the environment and refuse a bad value at start-up, naming the variable.

Each case imports the settings in a fresh interpreter, since they are read once per process.
"""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django import forms
from django.utils import formats, translation

BASE_DIR = Path(__file__).resolve().parent.parent

LOAD_SETTINGS = """
import json
import django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "DB_NAME": db["NAME"],
    "DB_HOST": db["HOST"],
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
    "EMAIL_PORT": settings.EMAIL_PORT,
    "EMAIL_USE_TLS": settings.EMAIL_USE_TLS,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "PAGE_SIZE": settings.PAGE_SIZE,
    "LIVE_REDIS_URL": settings.LIVE_REDIS_URL,
    "LIVE_STREAM_SECONDS": settings.LIVE_STREAM_SECONDS,
}))
"""

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-settings-test-only-7fq9x2m4v8b1n6c5z0a3s7d9f1g4h8j2",
    "ALLOWED_HOSTS": "portal.example.vn,127.0.0.1",
    "DATABASE_URL": "postgres://portal:secret@db.example.vn:5432/lienhiephoi",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "1",
}


def load_settings(**env):
    """Import the settings in a new interpreter with only `env` (and PATH) set; return the process."""
    clean = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "lienhiephoi.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", LOAD_SETTINGS],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def loaded(**env):
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def refused(**env):
    result = load_settings(**env)
    assert result.returncode != 0, result.stdout
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


def test_production_settings_load_from_the_environment():
    values = loaded(**PRODUCTION)

    assert values["DEBUG"] is False
    assert values["SECRET_KEY"] == PRODUCTION["SECRET_KEY"]
    assert values["ALLOWED_HOSTS"] == ["portal.example.vn", "127.0.0.1"]
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["DB_NAME"], values["DB_HOST"]) == ("lienhiephoi", "db.example.vn")
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert (values["EMAIL_PORT"], values["EMAIL_USE_TLS"]) == (587, True)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True


def test_development_defaults_to_sqlite_under_var():
    values = loaded(DEBUG="1")

    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(BASE_DIR / "var" / "lienhiephoi.sqlite3")
    assert values["SECURE_SSL_REDIRECT"] is False


def test_secret_key_is_read_from_a_file(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text("from-a-file-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH\n")
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    values = loaded(**env, SECRET_KEY_FILE=str(secret))

    assert values["SECRET_KEY"] == "from-a-file-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"


def test_it_requires_a_secret_key_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    assert "SECRET_KEY must be set" in refused(**env)


def test_it_refuses_an_unreadable_secret_key_file(tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    assert "SECRET_KEY_FILE" in refused(**env, SECRET_KEY_FILE=str(tmp_path / "missing"))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("EMAIL_PORT", "abc"),
        ("EMAIL_USE_TLS", "sometimes"),
        ("PAGE_SIZE", "fifty"),
        ("DATABASE_URL", "mysqlx://nowhere/lienhiephoi"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("LIVE_REDIS_URL", "http://127.0.0.1:6379/1"),
        ("LIVE_STREAM_SECONDS", "ten minutes"),
    ],
)
def test_it_refuses_a_malformed_value_naming_the_variable(name, value):
    message = refused(**{**PRODUCTION, name: value})

    assert name in message
    assert value in message or name == "DATABASE_URL"


def test_the_live_hall_takes_its_own_redis_else_redis_url_else_the_cache_s_else_none():
    assert loaded(DEBUG="1")["LIVE_REDIS_URL"] == ""
    assert loaded(**PRODUCTION)["LIVE_REDIS_URL"] == "redis://127.0.0.1:6379/0"
    assert loaded(**PRODUCTION, REDIS_URL="redis://cache:6379/2")["LIVE_REDIS_URL"] == "redis://cache:6379/2"
    values = loaded(**PRODUCTION, REDIS_URL="redis://cache:6379/2", LIVE_REDIS_URL="redis://hall:6379/1")
    assert values["LIVE_REDIS_URL"] == "redis://hall:6379/1"
    assert values["LIVE_STREAM_SECONDS"] == 600


def test_it_refuses_tls_and_ssl_together_for_email():
    message = refused(**PRODUCTION, EMAIL_USE_SSL="1")

    assert "EMAIL_USE_TLS and EMAIL_USE_SSL" in message


def test_vietnamese_dates_are_read_day_first():
    field = forms.DateField()

    with translation.override("vi"):
        assert field.clean("05/01/2024") == datetime.date(2024, 1, 5)
        assert field.clean("31/12/2023") == datetime.date(2023, 12, 31)
        with pytest.raises(forms.ValidationError):
            field.clean("01/25/2024")


def test_vietnamese_numbers_group_thousands_with_dots():
    with translation.override("vi"):
        assert formats.number_format(8123, force_grouping=True) == "8.123"
        assert formats.number_format(1234567, force_grouping=True) == "1.234.567"


def test_the_redis_cache_client_is_installed():
    # CACHE_URL=redis://... needs the redis package at the first cache access, not at start-up.
    from django.core.cache.backends.redis import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/0", {})

    assert cache._cache.get_client(write=True) is not None
