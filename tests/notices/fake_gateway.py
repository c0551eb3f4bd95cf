"""A local HTTP server that plays a Kavenegar-style SMS gateway, including its failures."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeGateway:
    """`mode` decides the next answers: "ok", "error500", "timeout", "bad_number", "no_credit", "garbage"."""

    def __init__(self, api_key="TESTKEY"):
        self.api_key = api_key
        self.mode = "ok"
        self.received = []  # (path, form fields)
        self.statuses = {}  # message id → delivery status to report
        self.delay = 0.0
        self._next_id = 1000
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                fields = {k: v[0] for k, v in urllib.parse.parse_qs(self.rfile.read(length).decode()).items()}
                gateway.received.append((self.path, fields))
                if gateway.mode == "timeout":
                    time.sleep(gateway.delay)
                gateway.answer(self, fields)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.api_key}@127.0.0.1:{self.server.server_port}/v1?sender=10004346"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def sent(self):
        return [fields for path, fields in self.received if path.endswith("/sms/send.json")]

    def _json(self, handler, status, payload):
        body = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def answer(self, handler, fields):
        if not handler.path.startswith(f"/v1/{self.api_key}/"):
            return self._json(handler, 401, {"return": {"status": 401, "message": "invalid api key"}})
        if self.mode == "error500":
            return self._json(handler, 502, {"return": {"status": 502, "message": "upstream down"}})
        if self.mode == "garbage":
            handler.send_response(200)
            handler.end_headers()
            return handler.wfile.write(b"<html>maintenance</html>")
        if self.mode == "bad_number":
            return self._json(handler, 411, {"return": {"status": 411, "message": "receptor is invalid"}})
        if self.mode == "no_credit":
            return self._json(handler, 418, {"return": {"status": 418, "message": "credit is not enough"}})
        if handler.path.endswith("/sms/status.json"):
            ids = fields.get("messageid", "").split(",")
            entries = [{"messageid": int(i), "status": self.statuses[i]} for i in ids if i in self.statuses]
            return self._json(handler, 200, {"return": {"status": 200, "message": "OK"}, "entries": entries})
        self._next_id += 1
        entry = {
            "messageid": self._next_id, "message": fields.get("message"), "status": 1, "statustext": "در صف ارسال",
            "sender": fields.get("sender"), "receptor": fields.get("receptor"), "date": int(time.time()), "cost": 120,
        }  # fmt: skip
        return self._json(handler, 200, {"return": {"status": 200, "message": "تایید شد"}, "entries": [entry]})
