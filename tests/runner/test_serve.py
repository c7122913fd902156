"""Serve mode of the runner: a real process on 127.0.0.1 free ports, real HTTP via http.client."""

import http.client
import json
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
import unittest

from support import ServeProcess, request

APP = {
    "main.py": """
        import json
        import threading
        import time

        CALLS = {"n": 0}
        LOCK = threading.Lock()

        def init(context, greeting):
            context.greeting = greeting
            context.init_calls = getattr(context, "init_calls", 0) + 1

        def handler(context, event):
            with LOCK:
                CALLS["n"] += 1
            p = event.path
            if p == "/str":
                return context.greeting
            if p == "/dict":
                return {"a": 1, "nested": {"b": [1, 2]}}
            if p == "/list":
                return [1, "two"]
            if p == "/bytes":
                return b"\\x00\\x01\\x02"
            if p == "/none":
                return None
            if p == "/status":
                return 201, {"created": True}
            if p == "/status-none":
                return 404, None
            if p == "/status-headers":
                return 202, "a,b\\n", {"X-Custom": "yes", "Content-Type": "text/csv"}
            if p == "/raise":
                raise KeyError("nope")
            if p == "/unmappable":
                return 42
            if p == "/bad-json":
                return {"x": object()}
            if p == "/calls":
                return {"calls": CALLS["n"]}
            if p == "/init":
                return {"init_calls": context.init_calls, "run_id": context.run_id, "project": context.project}
            if p.startswith("/slow"):
                time.sleep(float(event.query.get("s", "1")))
                return "slow done"
            body = event.body
            if isinstance(body, bytes):
                body = {"bytes": body.decode("latin-1")}
            return {
                "method": event.method,
                "path": event.path,
                "query": event.query,
                "query_list": event.query_list,
                "body": body,
                "x_test": event.headers.get("X-Test"),
                "x_test_lower": event.headers["x-test"] if "X-TEST" in event.headers else None,
                "headers_is_dict": isinstance(event.headers, dict),
            }
    """,
}


def get_json(resp, data):
    return json.loads(data.decode("utf-8"))


class ServeMappingTests(unittest.TestCase):
    """One shared server for the request/response contract."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="pyrt-serve-")
        cls.server = ServeProcess(cls.tmp, APP, handler="main:handler", init_function="init",
                                  init_parameters={"greeting": "hello"}, env={"PYTHONRUNTIME_MAX_BODY": "65536"})
        try:
            cls.server.wait_ready()
        except Exception:
            cls.server.stop()
            raise
        cls.port = cls.server.port

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        shutil.rmtree(cls.tmp, True)
        assert rc == 0, rc

    def call(self, method, path, body=None, headers=None):
        return request(self.port, method, path, body, headers)

    def test_str_is_text_plain(self):
        status, resp, data = self.call("GET", "/str")
        self.assertEqual((status, data), (200, b"hello"))
        self.assertEqual(resp.getheader("Content-Type"), "text/plain; charset=utf-8")
        self.assertEqual(resp.getheader("Content-Length"), "5")

    def test_dict_and_list_are_json(self):
        status, resp, data = self.call("GET", "/dict")
        self.assertEqual(status, 200)
        self.assertEqual(resp.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(data), {"a": 1, "nested": {"b": [1, 2]}})
        self.assertEqual(int(resp.getheader("Content-Length")), len(data))
        status, resp, data = self.call("GET", "/list")
        self.assertEqual((status, json.loads(data)), (200, [1, "two"]))

    def test_bytes_are_octet_stream(self):
        status, resp, data = self.call("GET", "/bytes")
        self.assertEqual((status, data), (200, b"\x00\x01\x02"))
        self.assertEqual(resp.getheader("Content-Type"), "application/octet-stream")

    def test_none_is_204_without_body(self):
        status, resp, data = self.call("GET", "/none")
        self.assertEqual((status, data), (204, b""))

    def test_status_tuple(self):
        status, resp, data = self.call("POST", "/status")
        self.assertEqual((status, json.loads(data)), (201, {"created": True}))
        status, resp, data = self.call("GET", "/status-none")
        self.assertEqual((status, data, resp.getheader("Content-Length")), (404, b"", "0"))

    def test_status_tuple_with_headers(self):
        status, resp, data = self.call("GET", "/status-headers")
        self.assertEqual((status, data), (202, b"a,b\n"))
        self.assertEqual(resp.getheader("X-Custom"), "yes")
        self.assertEqual(resp.getheader("Content-Type"), "text/csv")

    def test_exception_is_500_json_never_200(self):
        status, resp, data = self.call("GET", "/raise")
        self.assertEqual(status, 500)
        self.assertEqual(resp.getheader("Content-Type"), "application/json")
        self.assertEqual(json.loads(data), {"error": "'nope'", "type": "KeyError"})

    def test_unmappable_return_is_500_with_a_clear_message(self):
        status, resp, data = self.call("GET", "/unmappable")
        self.assertEqual(status, 500)
        doc = json.loads(data)
        self.assertIn("handler returned int", doc["error"])
        status, resp, data = self.call("GET", "/bad-json")
        self.assertEqual(status, 500)
        self.assertIn("not JSON-serializable", json.loads(data)["error"])

    def test_invalid_json_body_is_400_and_handler_not_called(self):
        before = get_json(*self.call("GET", "/calls")[1:])["calls"]
        status, resp, data = self.call("POST", "/echo", b"{broken", {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn("invalid JSON", json.loads(data)["error"])
        after = get_json(*self.call("GET", "/calls")[1:])["calls"]
        self.assertEqual(after, before + 1)  # only the second /calls

    def test_json_body_is_parsed_with_charset_param(self):
        status, resp, data = self.call("POST", "/echo", json.dumps({"k": [1, "\u00e8"]}).encode("utf-8"),
                                       {"Content-Type": "application/json; charset=utf-8"})
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(data)["body"], {"k": [1, "\u00e8"]})

    def test_other_bodies_are_bytes(self):
        status, resp, data = self.call("POST", "/echo", b"raw\xffdata", {"Content-Type": "text/plain"})
        self.assertEqual(json.loads(data)["body"], {"bytes": "raw\xffdata"})

    def test_any_method_and_path_reach_the_handler(self):
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            status, resp, data = self.call(method, "/any/deep/path")
            doc = json.loads(data)
            self.assertEqual((status, doc["method"], doc["path"]), (200, method, "/any/deep/path"))
        status, resp, data = self.call("HEAD", "/dict")
        self.assertEqual((status, data), (200, b""))
        self.assertGreater(int(resp.getheader("Content-Length")), 0)

    def test_query_parsing(self):
        status, resp, data = self.call("GET", "/echo?a=1&a=2&b=&c=x%20y&d=%C3%A8")
        doc = json.loads(data)
        self.assertEqual(doc["path"], "/echo")
        self.assertEqual(doc["query"], {"a": "2", "b": "", "c": "x y", "d": "\u00e8"})
        self.assertEqual(doc["query_list"], {"a": ["1", "2"], "b": [""], "c": ["x y"], "d": ["\u00e8"]})

    def test_headers_case_insensitive(self):
        status, resp, data = self.call("GET", "/echo", headers={"X-Test": "v1"})
        doc = json.loads(data)
        self.assertEqual((doc["x_test"], doc["x_test_lower"], doc["headers_is_dict"]), ("v1", "v1", True))

    def test_init_called_once_and_context_attributes(self):
        for _ in range(3):
            status, resp, data = self.call("GET", "/init")
        self.assertEqual(json.loads(data), {"init_calls": 1, "run_id": "r9", "project": "demo"})

    def test_keep_alive_reuses_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", "/str")
            resp = conn.getresponse()
            self.assertEqual(resp.read(), b"hello")
            sock = conn.sock
            self.assertIsNotNone(sock)
            for i in range(20):
                conn.request("POST", "/echo", body=json.dumps({"i": i}), headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                self.assertEqual(json.loads(resp.read())["body"], {"i": i})
                self.assertIsNone(resp.getheader("Connection"))
                self.assertIs(conn.sock, sock, "connection was not kept alive")
                conn.request("GET", "/none")
                resp = conn.getresponse()
                self.assertEqual((resp.status, resp.read()), (204, b""))
                self.assertIs(conn.sock, sock)
        finally:
            conn.close()

    def test_16_concurrent_clients_50_requests_each(self):
        errors = []

        def client(n):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
            try:
                for i in range(50):
                    payload = {"client": n, "i": i}
                    conn.request("POST", "/echo?c=%d" % n, body=json.dumps(payload), headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    doc = json.loads(resp.read())
                    if resp.status != 200 or doc["body"] != payload or doc["query"] != {"c": str(n)}:
                        errors.append((n, i, resp.status, doc))
            except Exception as exc:  # collected, reported by the main thread
                errors.append((n, repr(exc)))
            finally:
                conn.close()

        threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])

    def test_body_over_the_cap_is_413(self):
        status, resp, data = self.call("POST", "/echo", b"x" * 70000, {"Content-Type": "application/octet-stream"})
        self.assertEqual(status, 413)
        self.assertIn("larger than 65536", json.loads(data)["error"])

    def test_chunked_request_body(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("POST", "/echo", body=iter([b'{"chunk', b'ed": true}']),
                         headers={"Content-Type": "application/json"}, encode_chunked=True)
            resp = conn.getresponse()
            self.assertEqual(json.loads(resp.read())["body"], {"chunked": True})
        finally:
            conn.close()

    def raw(self, data):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        try:
            sock.sendall(data)
            chunks = []
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            sock.close()

    def test_malformed_requests_are_rejected_and_closed(self):
        cases = [
            (b"GARBAGE\r\n\r\n", b"400"),
            (b"GET / HTTP/2.0\r\nHost: x\r\n\r\n", b"505"),
            (b"GET / HTTP/1.1\r\nNo-Colon-Here\r\n\r\n", b"400"),
            (b"GET / HTTP/1.1\r\nHost : x\r\n\r\n", b"400"),
            (b"GET / HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n", b"400"),
            (b"POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", b"400"),
            (b"POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n", b"400"),
        ]
        for request_bytes, code in cases:
            reply = self.raw(request_bytes)
            self.assertTrue(reply.startswith(b"HTTP/1.1 " + code), (request_bytes, reply[:80]))
            self.assertIn(b"Connection: close", reply)
            self.assertIn(b"Content-Length:", reply)

    def test_http_1_0_closes_unless_keep_alive_requested(self):
        reply = self.raw(b"GET /str HTTP/1.0\r\n\r\n")
        self.assertTrue(reply.startswith(b"HTTP/1.1 200"))
        self.assertTrue(reply.endswith(b"\r\n\r\nhello"))
        self.assertIn(b"Connection: close", reply)
        reply = self.raw(b"GET /str HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /str HTTP/1.0\r\n\r\n")
        self.assertEqual(reply.count(b"HTTP/1.1 200"), 2)  # pipelined on one connection
        self.assertIn(b"Connection: keep-alive", reply)

    def test_health_endpoints(self):
        self.assertEqual(self.server.health("/healthz")[0], 200)
        status, resp, data = self.server.health("/readyz")
        self.assertEqual((status, json.loads(data)), (200, {"status": "ready"}))
        self.assertEqual(self.server.health("/other")[0], 404)

    def test_port_zero_reporting(self):
        info = self.server.info
        self.assertEqual(info["pid"], self.server.proc.pid)
        self.assertEqual(info["url"], "http://127.0.0.1:%d" % self.port)
        self.assertNotEqual(self.server.port, self.server.health_port)
        self.assertIn("pythonruntime: serving on %s health %s" % (info["url"], info["health_url"]), self.server.stdout())


class ServeLifecycleTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pyrt-serve-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def start(self, files, **spec):
        server = ServeProcess(self.tmp, files, **spec)
        self.addCleanup(server.stop)
        return server

    def test_readiness_is_503_until_a_slow_init_finished(self):
        server = self.start({"main.py": """
            import time
            def init(context):
                time.sleep(0.5)
                context.ready_at = time.time()
            def handler(context, event):
                return "ok"
        """}, handler="main:handler", init_function="init")
        server.wait_started()
        seen = []
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            # App port first: readiness only ever goes 503 -> 200, so a 503 from /readyz
            # afterwards proves the app answered while init was still running.
            app_status = request(server.port, "GET", "/")[0]
            status, resp, data = server.health("/readyz")
            seen.append(status)
            if status == 200:
                break
            self.assertEqual(json.loads(data), {"status": "not ready"})
            self.assertEqual(app_status, 503)
            self.assertEqual(server.health("/healthz")[0], 200)
            time.sleep(0.05)
        self.assertEqual(seen[0], 503)
        self.assertEqual(seen[-1], 200)
        self.assertEqual(request(server.port, "GET", "/")[2], b"ok")

    def test_init_failure_exits_2_and_never_gets_ready(self):
        server = self.start({"main.py": """
            def init(context):
                raise RuntimeError("model file missing")
            def handler(context, event):
                return "ok"
        """}, handler="main:handler", init_function="init")
        rc = server.proc.wait(15)
        self.assertEqual(rc, 2)
        err = server.stderr()
        self.assertIn("pythonruntime: setup error: init function 'init' failed: RuntimeError: model file missing", err)
        self.assertNotIn("Traceback", err)

    def test_missing_handler_exits_2(self):
        server = self.start({"main.py": "def other(context, event):\n    pass\n"}, handler="main:handler")
        self.assertEqual(server.proc.wait(15), 2)
        self.assertIn("'handler' not found in module 'main'", server.stderr())

    def test_handler_with_wrong_signature_exits_2(self):
        server = self.start({"main.py": "def handler(event):\n    pass\n"}, handler="handler")
        self.assertEqual(server.proc.wait(15), 2)
        self.assertIn("must accept (context, event)", server.stderr())

    def test_sigterm_lets_the_in_flight_request_finish_then_exits_0(self):
        server = self.start({"main.py": """
            import os
            import time
            def handler(context, event):
                if event.path == "/slow":
                    open(os.path.join(os.path.dirname(__file__), "started"), "w").close()
                    time.sleep(1.0)
                    return "finished"
                return "fast"
        """}, handler="main:handler")
        server.wait_ready()
        # An idle keep-alive connection must not hold the shutdown up.
        idle = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        idle.request("GET", "/")
        self.assertEqual(idle.getresponse().read(), b"fast")
        result = {}

        def slow():
            try:
                result["response"] = request(server.port, "GET", "/slow", timeout=15)
            except Exception as exc:
                result["error"] = exc

        thread = threading.Thread(target=slow)
        thread.start()
        marker = os.path.join(server.code_dir, "started")
        deadline = time.monotonic() + 10
        while not os.path.exists(marker) and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertTrue(os.path.exists(marker), "slow request never reached the handler")
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        rc = server.proc.wait(15)
        thread.join(15)
        idle.close()
        self.assertEqual(rc, 0, server.stderr())
        self.assertNotIn("error", result)
        status, resp, data = result["response"]
        self.assertEqual((status, data), (200, b"finished"))
        self.assertEqual(resp.getheader("Connection"), "close")
        self.assertLess(time.monotonic() - started, 5)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", server.port), timeout=2).close()

    def test_sigterm_before_ready_exits_0(self):
        server = self.start({"main.py": """
            import time
            def init(context):
                time.sleep(30)
            def handler(context, event):
                return "ok"
        """}, handler="main:handler", init_function="init")
        server.wait_started()
        server.proc.send_signal(signal.SIGTERM)
        self.assertEqual(server.proc.wait(10), 0)

    def test_idle_and_stalled_connections_are_closed_after_the_keepalive_timeout(self):
        server = self.start({"main.py": "def handler(context, event):\n    return 'ok'\n"}, handler="main:handler",
                            env={"PYTHONRUNTIME_KEEPALIVE_TIMEOUT": "0.5"})
        server.wait_ready()
        idle = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        stalled = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        try:
            idle.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            reply = b""
            while not reply.endswith(b"ok"):
                reply += idle.recv(4096)
            # Promises 100 bytes, sends 5, then goes quiet.
            stalled.sendall(b"POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\nhello")
            started = time.monotonic()
            self.assertEqual(idle.recv(4096), b"")  # server closed the idle connection
            rest = b""
            while True:
                chunk = stalled.recv(4096)
                if not chunk:
                    break
                rest += chunk
            self.assertNotIn(b"200 OK", rest)
            self.assertLess(time.monotonic() - started, 5)
        finally:
            idle.close()
            stalled.close()
        self.assertEqual(request(server.port, "GET", "/")[2], b"ok")  # still serving

    def test_access_log_when_enabled(self):
        server = self.start({"main.py": "def handler(context, event):\n    return 'ok'\n"}, handler="main:handler",
                            env={"PYTHONRUNTIME_ACCESS_LOG": "1"})
        server.wait_ready()
        request(server.port, "GET", "/logged?x=1")
        self.assertEqual(server.stop(), 0)
        self.assertIn('"GET /logged?x=1 HTTP/1.1" 200 2', server.stderr())

    def test_access_log_off_by_default(self):
        server = self.start({"main.py": "def handler(context, event):\n    return 'ok'\n"}, handler="main:handler")
        server.wait_ready()
        request(server.port, "GET", "/quiet")
        self.assertEqual(server.stop(), 0)
        self.assertNotIn("/quiet", server.stderr())
