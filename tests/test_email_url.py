"""Mail is configured from one EMAIL_URL; without one it is printed to the console."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from widunetz.email_url import mailers

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def default(url):
    return mailers(url)["default"]


def test_without_an_address_mails_are_printed_to_the_console():
    assert default(None)["BACKEND"] == "widunetz.mail.ReadableConsoleBackend"
    assert default("")["BACKEND"] == default("console:")["BACKEND"]


def test_the_console_prints_a_long_link_whole_on_its_line():
    """Under `make run` the confirmation link is opened from the terminal."""
    import io

    from django.core.mail import EmailMultiAlternatives

    from widunetz.mail import ReadableConsoleBackend

    link = (
        "http://127.0.0.1:8000/bestaetigen/"
        + "eyJyIjoxLCJuIjoidm5mbHRjVGowNkJWY3FabUZTZ1J" * 2
        + "/"
    )
    message = EmailMultiAlternatives(
        "Sind Ihre Angaben noch aktuell?",
        f"Bitte prüfen Sie:\n{link}\n",
        "a@b.example",
        ["c@d.example"],
    )
    message.attach_alternative(f'<a href="{link}">Link</a>', "text/html")
    stream = io.StringIO()
    ReadableConsoleBackend(stream=stream).send_messages([message])
    printed = stream.getvalue()
    assert link in printed.splitlines()
    assert "Subject: Sind Ihre Angaben noch aktuell?" in printed
    assert "To: c@d.example" in printed and "[auch als text/html]" in printed


def test_smtp_with_starttls_user_and_password():
    mailer = default("smtp+tls://kreis%40example.org:geheim%2F1@mail.example.org:587")
    assert mailer["BACKEND"] == SMTP
    assert mailer["OPTIONS"] == {
        "host": "mail.example.org",
        "port": 587,
        "username": "kreis@example.org",
        "password": "geheim/1",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }


def test_smtp_over_ssl():
    options = default("smtp+ssl://mail.example.org:465")["OPTIONS"]
    assert options["use_ssl"] and not options["use_tls"]


def test_a_slow_server_is_given_up_after_a_timeout():
    assert default("smtp://127.0.0.1:2525")["OPTIONS"]["timeout"] == 10
    assert default("smtp://127.0.0.1:2525?timeout=3")["OPTIONS"]["timeout"] == 3


def test_an_unknown_scheme_is_refused_with_the_forms_that_work():
    with pytest.raises(ImproperlyConfigured, match="smtp\\+tls://"):
        mailers("pop3://mail.example.org")


def test_the_configured_mailer_sends_without_deprecated_settings(settings):
    from django.core import mail

    settings.MAILERS = mailers("smtp+tls://user:pw@mail.example.org:587")
    connection = mail.mailers.default
    assert (connection.host, connection.port, connection.use_tls) == ("mail.example.org", 587, True)
