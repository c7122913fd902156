"""Shared helpers: start the real runner as a subprocess on throw-away code folders.

PYTHONRUNTIME_TEST_PYTHON picks the interpreter that runs the runner (default: the one
running the tests), so the suite can also check the runner on the oldest supported Python.
"""

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUNNER = os.path.join(REPO, "src", "PythonRuntime", "Runner", "pythonruntime_runner.py")
PYTHON = os.environ.get("PYTHONRUNTIME_TEST_PYTHON") or sys.executable


def write_files(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        mode = "wb" if isinstance(text, bytes) else "w"
        with open(path, mode) as handle:
            handle.write(text if isinstance(text, bytes) else textwrap.dedent(text))


def clean_env(extra=None):
    env = dict(os.environ)
    for key in list(env):
        if key.startswith("PYTHONRUNTIME_") and key != "PYTHONRUNTIME_TEST_PYTHON":
            del env[key]
    env.pop("PYTHONPATH", None)
    env.update(extra or {})
    return env


class JobResult(object):
    def __init__(self, proc, out_dir, code_dir):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.out_dir = out_dir
        self.code_dir = code_dir
        status_path = os.path.join(out_dir, "status.json")
        self.status = None
        if os.path.exists(status_path):
            with open(status_path, encoding="utf-8") as handle:
                self.status = json.load(handle)

    def read(self, name, mode="rb"):
        with open(os.path.join(self.out_dir, name), mode) as handle:
            return handle.read()

    def __repr__(self):
        return "JobResult(rc=%r, stderr=%r, status=%r)" % (self.rc, self.stderr[-3000:], self.status)


class RunnerTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pyrt-test-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def code(self, files, name="code"):
        code_dir = os.path.join(self.tmp, name)
        os.makedirs(code_dir, exist_ok=True)
        write_files(code_dir, files)
        return code_dir

    def run_job(self, files, handler="main:handler", env=None, timeout=30, use_env_spec=False, **spec):
        code_dir = self.code(files)
        out_dir = os.path.join(self.tmp, "out")
        full = {
            "project": "demo", "function": "fn", "function_key": "store://demo/function/fn:f1",
            "run_id": "r1", "run_key": "store://demo/run/fn:r1",
            "code_dir": code_dir, "handler": handler, "output_dir": out_dir,
        }
        full.update(spec)
        extra = dict(env or {})
        args = [PYTHON, RUNNER, "job"]
        if use_env_spec:
            extra["PYTHONRUNTIME_SPEC"] = json.dumps(full)
        else:
            spec_path = os.path.join(self.tmp, "spec.json")
            with open(spec_path, "w") as handle:
                json.dump(full, handle)
            args += ["--spec", spec_path]
        proc = subprocess.run(args, env=clean_env(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=timeout, cwd=self.tmp)
        return JobResult(proc, out_dir, code_dir)

    def assertSetupError(self, result, *fragments):
        self.assertEqual(result.rc, 2, result)
        self.assertIn("pythonruntime: setup error:", result.stderr)
        self.assertNotIn("Traceback", result.stderr)
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)
        self.assertEqual(result.status["state"], "ERROR")
        self.assertEqual(result.status["error"]["category"], "setup")
        for fragment in fragments:
            self.assertIn(fragment, result.status["error"]["message"])


class ServeProcess(object):
    """A runner in serve mode on free ports; urls come from serve.json, never from sleeping."""

    def __init__(self, tmp, files, handler="main:handler", env=None, **spec):
        self.code_dir = os.path.join(tmp, "code-serve")
        os.makedirs(self.code_dir, exist_ok=True)
        write_files(self.code_dir, files)
        self.out_dir = os.path.join(tmp, "serve-out")
        full = {
            "project": "demo", "function": "svc", "run_id": "r9", "run_key": "store://demo/run/svc:r9",
            "code_dir": self.code_dir, "handler": handler, "output_dir": self.out_dir,
            "host": "127.0.0.1", "port": 0, "health_port": 0,
        }
        full.update(spec)
        self.stdout_path = os.path.join(tmp, "serve.stdout")
        self.stderr_path = os.path.join(tmp, "serve.stderr")
        self._stdout = open(self.stdout_path, "wb")
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen(
            [PYTHON, RUNNER, "serve"], env=clean_env(dict(env or {}, PYTHONRUNTIME_SPEC=json.dumps(full))),
            stdout=self._stdout, stderr=self._stderr, cwd=tmp,
        )
        self.info = None

    def wait_started(self, timeout=10.0):
        path = os.path.join(self.out_dir, "serve.json")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(path):
                with open(path) as handle:
                    self.info = json.load(handle)
                self.port = int(self.info["url"].rsplit(":", 1)[1])
                self.health_port = int(self.info["health_url"].rsplit(":", 1)[1])
                return self.info
            if self.proc.poll() is not None:
                raise AssertionError("runner exited %s before serving: %s" % (self.proc.returncode, self.stderr()))
            time.sleep(0.02)
        raise AssertionError("runner did not write serve.json in %ss: %s" % (timeout, self.stderr()))

    def wait_ready(self, timeout=10.0):
        self.wait_started(timeout)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status, _, _ = self.health("/readyz")
            if status == 200:
                return
            if self.proc.poll() is not None:
                raise AssertionError("runner exited %s before ready: %s" % (self.proc.returncode, self.stderr()))
            time.sleep(0.02)
        raise AssertionError("runner not ready in %ss: %s" % (timeout, self.stderr()))

    def health(self, path):
        return request(self.health_port, "GET", path)

    def stderr(self):
        with open(self.stderr_path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")

    def stdout(self):
        with open(self.stdout_path, "rb") as handle:
            return handle.read().decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stdout.close()
        self._stderr.close()
        return self.proc.returncode


def request(port, method, path, body=None, headers=None, timeout=10.0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        data = resp.read()
        return resp.status, resp, data
    finally:
        conn.close()
