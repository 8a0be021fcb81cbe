"""Django's own HTTP server, as `mukti demo` and the browser tests' live server run it, without
the 40 ms pause of each answer on a kept-alive connection.

Django's server writes an answer's headers and its body in two writes. On a connection the
browser keeps open for its next request, the kernel holds the body back until the browser has
acknowledged the headers (Nagle's algorithm), and the browser waits up to 40 ms before it
acknowledges (delayed acknowledgement): every page, htmx request and static file of the demo
and of the tests waited for it. Measured through the live test server, 30 requests for a case
from the API over one connection: 48.6 ms a request, 6.3 ms with ``TCP_NODELAY`` (the request
itself takes 8.6 ms in-process); a case page in headless Chromium, 15 loads twice each way:
158 and 167 ms a load, 140 and 133 ms with it. gunicorn (`mukti serve`) sets ``TCP_NODELAY``
itself.
"""

from __future__ import annotations

import socket
from typing import Any

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer


class _Prompt:
    """Sends each write at once: ``TCP_NODELAY`` on every connection accepted."""

    def get_request(self) -> tuple[socket.socket, Any]:
        connection, address = super().get_request()  # type: ignore[misc]
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection, address


class PromptWSGIServer(_Prompt, WSGIServer):
    """For `mukti demo` (``django.core.servers.basehttp.run`` adds the threads)."""


class PromptThreadedWSGIServer(_Prompt, ThreadedWSGIServer):
    """For the live server of the browser and API-fuzzing tests (``LiveServerThread``)."""
