"""Faults: the database going away and coming back.

Pages answer the Persian 503 page (templates/503.html) and /healthz 503 while the database
does not answer, and both work again by themselves when it is back. The first tests make
the outage in-process by patching the cursor (they run on SQLite and PostgreSQL); the last
one, on PostgreSQL only, cuts real connections with a TCP relay between Django and the
server, so that even the connection already open breaks as it would in production.
"""

import contextlib
import socket
import threading
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, close_old_connections, connection
from django.test import Client
from django.urls import reverse

from reform_portal.middleware import DatabaseUnavailableMiddleware, server_error
from tests.factories import TEST_PASSWORD

PERSIAN_503_TITLE = "سامانه موقتاً در دسترس نیست"


@contextlib.contextmanager
def database_down(error=OperationalError):
    """Every SQL statement fails as it does when the server is stopped."""
    failure = error("could not connect to server: Connection refused")
    with (
        mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=failure),
        mock.patch("django.db.backends.utils.CursorWrapper.executemany", side_effect=failure),
    ):
        yield


def assert_503_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert PERSIAN_503_TITLE in html
    assert "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_logged_in_pages_answer_the_persian_503_page_and_recover(client, staff_a, error):
    client.force_login(staff_a)
    page = reverse("programs:agency", args=[staff_a.agency_id])
    assert client.get(page).status_code == 200
    with database_down(error):
        assert_503_page(client.get(page))
        assert_503_page(client.get(reverse("home")))
        assert client.get("/healthz").status_code == 503
    assert client.get(page).status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_login_attempt_during_an_outage_is_a_503_not_a_500(client, staff_a):
    assert client.get(reverse("login")).status_code == 200  # the form itself needs no database
    with database_down():
        response = client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD})
    assert_503_page(response)
    response = client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_503_page_follows_the_language(client, staff_a):
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    with database_down():
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert 'lang="en"' in response.content.decode()
    assert "Service temporarily unavailable" in response.content.decode()


def test_other_errors_are_left_alone(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(rf.get("/"), ValueError("a bug")) is None


def test_handler500_answers_503_for_a_database_error_raised_outside_views(rf):
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(rf.get("/"))
    assert_503_page(response)


def test_handler500_keeps_the_500_page_for_other_errors(rf):
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(rf.get("/"))
    assert response.status_code == 500


@pytest.mark.django_db
def test_database_error_while_saving_the_session_is_a_503(staff_a):
    """An outage after the view ran (the session is saved by middleware) still is no 500."""
    client = Client(raise_request_exception=False)
    client.force_login(staff_a)
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", side_effect=OperationalError("gone")
    ):
        response = client.get(reverse("home"))
    assert_503_page(response)


# --- PostgreSQL: a real outage -------------------------------------------------------------


class TcpRelay:
    """Forwards 127.0.0.1:<port> to the database server; stop() closes every connection,
    as a stopped server does; start() listens again on the same port."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._listener = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> None:
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", self.port))
        self._listener.listen(16)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def stop(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
            self._listener.close()
            self._listener = None
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, server]
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


def request(client, path):
    """The test client switches off Django's per-request connection housekeeping
    (close_old_connections on request_started/finished); do it as the WSGI handler does."""
    close_old_connections()
    try:
        return client.get(path)
    finally:
        close_old_connections()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_postgresql_outage_and_recovery_through_real_connections(staff_a):
    settings_dict = connection.settings_dict
    relay = TcpRelay(settings_dict["HOST"] or "127.0.0.1", int(settings_dict["PORT"] or 5432))
    original = (settings_dict["HOST"], settings_dict["PORT"], settings_dict["CONN_MAX_AGE"])
    client = Client()
    client.force_login(staff_a)
    page = reverse("programs:agency", args=[staff_a.agency_id])
    connection.close()
    settings_dict.update(HOST="127.0.0.1", PORT=str(relay.port), CONN_MAX_AGE=60)  # persistent, as in production
    relay.start()
    try:
        assert request(client, page).status_code == 200
        assert connection.connection is not None  # kept open for the next request

        relay.stop()  # the server goes away: the open connection breaks, new ones are refused
        assert_503_page(request(client, page))
        assert request(client, "/healthz").status_code == 503
        assert_503_page(request(client, reverse("home")))

        relay.start()  # the server is back: no restart of the portal needed
        assert request(client, "/healthz").status_code == 200
        assert request(client, page).status_code == 200
    finally:
        relay.stop()
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"], settings_dict["CONN_MAX_AGE"] = original
