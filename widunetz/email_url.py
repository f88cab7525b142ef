"""Django's MAILERS from one address, ``EMAIL_URL`` (read by widunetz.settings).

dj-email-url reads ``smtp://``, ``submission://`` (STARTTLS on 587) and ``console:``;
the spellings operators also write, ``smtp+tls://user:pass@host:587`` and
``smtp+ssl://…:465``, are added here. Its EMAIL_* names become the OPTIONS of
Django 6.1's MAILERS setting, which replaces those settings.
"""

import dj_email_url
from django.core.exceptions import ImproperlyConfigured

# Seconds to wait for a mail server: a slow one must not hold a request or a command.
TIMEOUT = 10
SECURED = {"smtp+tls": "EMAIL_USE_TLS", "smtp+ssl": "EMAIL_USE_SSL"}
SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}


def parse(url):
    """dj-email-url's EMAIL_* settings for ``url``; unset or empty: the console."""
    url = (url or "console:").strip()
    scheme, _, rest = url.partition(":")
    secured = SECURED.get(scheme.lower())
    if secured:
        url = "smtp:" + rest
    config = dj_email_url.parse(url)
    if "EMAIL_BACKEND" not in config:
        raise ImproperlyConfigured(
            f"EMAIL_URL: unknown scheme {scheme!r}; use smtp+tls://user:password@host:587, "
            "smtp+ssl://…:465, smtp://host:25 or console:"
        )
    if secured:
        config.update(EMAIL_USE_TLS=False, EMAIL_USE_SSL=False)
        config[secured] = True
    if config["EMAIL_TIMEOUT"] is None:
        config["EMAIL_TIMEOUT"] = TIMEOUT
    return config


def mailers(url):
    """The MAILERS setting: one default mailer, as ``url`` says."""
    config = parse(url)
    backend = config["EMAIL_BACKEND"]
    if backend.endswith("smtp.EmailBackend"):
        options = {option: config[name] for name, option in SMTP_OPTIONS.items()}
    elif backend.endswith("filebased.EmailBackend"):
        options = {"file_path": "/" + config["EMAIL_FILE_PATH"]}
    else:
        options = {}
    if backend.endswith("console.EmailBackend"):
        backend = "widunetz.mail.ReadableConsoleBackend"
    return {"default": {"BACKEND": backend, "OPTIONS": options}}
