"""Django's own server, as `mukti demo` and the live test server run it, answers at once on a
kept-alive connection: each connection it accepts sends its writes without waiting
(core/devserver.py)."""

from __future__ import annotations

import http.client
import socket
from typing import Any

import pytest
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

from mukti.core.devserver import PromptThreadedWSGIServer, PromptWSGIServer


def nodelay_of_an_accepted_connection(server_class: type[WSGIServer]) -> int:
    server = server_class(("127.0.0.1", 0), WSGIRequestHandler)
    try:
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=5):
            accepted, _address = server.get_request()
            with accepted:
                return accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
    finally:
        server.server_close()


@pytest.mark.parametrize("server_class", [PromptWSGIServer, PromptThreadedWSGIServer])
def test_each_accepted_connection_sends_without_waiting(server_class: type[WSGIServer]) -> None:
    assert nodelay_of_an_accepted_connection(server_class) == 1


def test_django_server_alone_would_wait() -> None:
    """What the classes change: Django's own server leaves Nagle's algorithm on."""
    assert nodelay_of_an_accepted_connection(WSGIServer) == 0


def test_the_live_server_of_the_browser_tests_is_the_prompt_one(live_server: Any) -> None:
    assert isinstance(live_server.thread.httpd, PromptThreadedWSGIServer)
    # And it serves, over one kept-alive connection, request after request.
    host, port = live_server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        for _ in range(3):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            response.read()
            assert response.status == 200
    finally:
        connection.close()
