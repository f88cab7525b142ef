"""The console's mail under `make run`: readable, with each link whole on its line.

Django's console backend prints the message as it would go over the wire, with the
text quoted-printable: a confirmation link longer than 76 characters arrives broken
by "=" at the line ends, and cannot be opened from the terminal. This backend prints
the headers a reader needs and the plain text as written.
"""

from django.core.mail.backends.console import EmailBackend


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            "",
            message.body,
        ]
        for _content, mimetype in getattr(message, "alternatives", ()):
            lines.append(f"[auch als {mimetype}]")
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
