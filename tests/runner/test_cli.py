"""Command-line options the executors rely on beyond --spec."""

import json
import os
import subprocess

from support import PYTHON, RUNNER, RunnerTestCase, clean_env


class LogFileTests(RunnerTestCase):
    def test_log_file_receives_all_output_and_the_terminal_none(self):
        code = self.code({"main.py": "def handler():\n    print('hello from the handler')\n    return 1\n"})
        out = os.path.join(self.tmp, "out")
        log = os.path.join(self.tmp, "run.log")
        spec = os.path.join(self.tmp, "spec.json")
        with open(spec, "w") as handle:
            json.dump({"project": "p", "function": "f", "run_id": "r", "code_dir": code, "handler": "main:handler", "output_dir": out}, handle)
        proc = subprocess.run([PYTHON, RUNNER, "job", "--spec", spec, "--log-file", log, "--detach"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env(), timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout, b"")
        with open(log) as handle:
            self.assertIn("hello from the handler", handle.read())

    def test_an_unwritable_log_file_is_an_invocation_error(self):
        proc = subprocess.run([PYTHON, RUNNER, "job", "--log-file", "/nonexistent/dir/run.log"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env(), timeout=30)
        self.assertEqual(proc.returncode, 3)
        self.assertIn(b"cannot open log file", proc.stderr)
