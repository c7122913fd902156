"""Job mode of the runner: real subprocesses, real files, status.json as the executor reads it."""

import ast
import hashlib
import json
import os
import pickle
import sys

from support import PYTHON, RUNNER, RunnerTestCase, clean_env

import subprocess


def sha256_file(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


class ReturnMappingTests(RunnerTestCase):
    def test_scalars_are_results_with_their_json_types(self):
        r = self.run_job({"main.py": """
            def handler():
                return "text", 42, 2.5, True
        """})
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.status["state"], "COMPLETED")
        self.assertEqual(r.status["results"], {"output_0": "text", "output_1": 42, "output_2": 2.5, "output_3": True})
        self.assertIs(r.status["results"]["output_3"], True)
        self.assertEqual(r.status["outputs"], {})
        self.assertIsNone(r.status["error"])

    def test_single_scalar_is_output_0(self):
        r = self.run_job({"main.py": "def handler():\n    return 7\n"})
        self.assertEqual(r.status["results"], {"output_0": 7})

    def test_none_records_nothing(self):
        r = self.run_job({"main.py": "def handler():\n    return None\n"})
        self.assertEqual(r.rc, 0, r)
        self.assertEqual((r.status["results"], r.status["outputs"]), ({}, {}))

    def test_non_finite_float_result_stays_valid_json(self):
        r = self.run_job({"main.py": "def handler():\n    return float('nan')\n"})
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.status["results"], {"output_0": "nan"})

    def test_dict_output_is_a_json_file_with_size_and_sha256(self):
        r = self.run_job({"main.py": """
            def handler():
                return {"city": "Trento", "n": [1, 2], "accent": "caff\\u00e8"}
        """})
        self.assertEqual(r.rc, 0, r)
        entry = r.status["outputs"]["output_0"]
        self.assertEqual((entry["file"], entry["format"]), ("output_0.json", "json"))
        raw = r.read("output_0.json")
        self.assertEqual(json.loads(raw.decode("utf-8")), {"city": "Trento", "n": [1, 2], "accent": "caff\u00e8"})
        self.assertIn("caff\u00e8".encode("utf-8"), raw)  # ensure_ascii=False
        self.assertEqual(entry["size"], len(raw))
        self.assertEqual(entry["sha256"], hashlib.sha256(raw).hexdigest())
        self.assertEqual(r.status["results"], {})

    def test_list_inside_a_tuple_is_a_json_output_and_bytes_a_bin_output(self):
        r = self.run_job({"main.py": """
            def handler():
                return [1, "two"], b"\\x00\\x01binary", bytearray(b"ba")
        """})
        self.assertEqual(r.rc, 0, r)
        outs = r.status["outputs"]
        self.assertEqual(outs["output_0"]["format"], "json")
        self.assertEqual(json.loads(r.read("output_0.json")), [1, "two"])
        self.assertEqual(outs["output_1"]["file"], "output_1.bin")
        self.assertEqual(outs["output_1"]["format"], "bytes")
        self.assertEqual(r.read("output_1.bin"), b"\x00\x01binary")
        self.assertEqual(r.read("output_2.bin"), b"ba")
        self.assertEqual(outs["output_1"]["sha256"], hashlib.sha256(b"\x00\x01binary").hexdigest())

    def test_top_level_list_is_split(self):
        r = self.run_job({"main.py": "def handler():\n    return [1, 'a', {'k': 1}]\n"})
        self.assertEqual(r.status["results"], {"output_0": 1, "output_1": "a"})
        self.assertEqual(list(r.status["outputs"]), ["output_2"])

    def test_other_objects_are_pickled_and_load_back(self):
        r = self.run_job({"main.py": """
            class Model(object):
                def __init__(self, w):
                    self.w = w

            def handler():
                return Model(3), {1, 2}
        """})
        self.assertEqual(r.rc, 0, r)
        outs = r.status["outputs"]
        self.assertEqual((outs["output_0"]["file"], outs["output_0"]["format"]), ("output_0.pkl", "pickle"))
        self.assertEqual(outs["output_0"]["sha256"], sha256_file(os.path.join(r.out_dir, "output_0.pkl")))
        sys.path.insert(0, r.code_dir)
        try:
            sys.modules.pop("main", None)
            model = pickle.loads(r.read("output_0.pkl"))
            self.assertEqual(model.w, 3)
        finally:
            sys.path.remove(r.code_dir)
            sys.modules.pop("main", None)
        self.assertEqual(pickle.loads(r.read("output_1.pkl")), {1, 2})

    def test_dict_that_is_not_json_falls_back_to_pickle(self):
        r = self.run_job({"main.py": """
            import datetime
            def handler():
                return {"when": datetime.date(2024, 1, 2)}
        """})
        self.assertEqual(r.status["outputs"]["output_0"]["format"], "pickle", r)

    def test_object_with_path_to_a_file_is_copied(self):
        data = os.path.join(self.tmp, "big.csv")
        with open(data, "w") as handle:
            handle.write("a,b\n1,2\n" * 1000)
        r = self.run_job(
            {"main.py": "def handler(table):\n    return table\n"},
            inputs={"table": {"key": "store://demo/artifact/big:1", "name": "big", "path": data}},
            outputs=["dataset"],
        )
        self.assertEqual(r.rc, 0, r)
        entry = r.status["outputs"]["dataset"]
        self.assertEqual((entry["file"], entry["format"]), ("dataset.csv", "file"))
        self.assertEqual(entry["sha256"], sha256_file(data))
        self.assertEqual(entry["size"], os.path.getsize(data))

    def test_unpicklable_output_is_a_handler_error(self):
        r = self.run_job({"main.py": "def handler():\n    return (x for x in [1])\n"})
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.status["error"]["category"], "handler")
        self.assertIn("output_0", r.status["error"]["message"])
        self.assertEqual(r.status["outputs"], {})


class OutputNameTests(RunnerTestCase):
    def test_names_declared_in_the_spec_apply_by_position(self):
        r = self.run_job({"main.py": "def handler():\n    return {'rows': 3}, 0.91\n"}, outputs=["dataset", "accuracy"])
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.status["results"], {"accuracy": 0.91})
        self.assertEqual(r.status["outputs"]["dataset"]["file"], "dataset.json")

    def test_single_value_takes_the_first_declared_name(self):
        r = self.run_job({"main.py": "def handler():\n    return b'x'\n"}, outputs=["blob", "unused"])
        self.assertEqual(r.status["outputs"]["blob"]["file"], "blob.bin")

    def test_names_from_a_handler_attribute(self):
        r = self.run_job({"main.py": """
            def handler():
                return "ok", [1]
            handler.outputs = ["message", "numbers"]
        """})
        self.assertEqual(r.status["results"], {"message": "ok"}, r)
        self.assertIn("numbers", r.status["outputs"])

    def test_spec_names_win_over_the_handler_attribute(self):
        r = self.run_job({"main.py": "def handler():\n    return 1\nhandler.outputs = ['attr']\n"}, outputs=["spec"])
        self.assertEqual(r.status["results"], {"spec": 1})

    def test_empty_declared_list_means_default_names(self):
        r = self.run_job({"main.py": "def handler():\n    return 1, 2\n"}, outputs=[])
        self.assertEqual(r.status["results"], {"output_0": 1, "output_1": 2}, r)

    def test_too_few_names_is_a_handler_error(self):
        r = self.run_job({"main.py": "def handler():\n    return 1, 2, 3\n"}, outputs=["a", "b"])
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.status["state"], "ERROR")
        self.assertEqual(r.status["error"]["category"], "handler")
        self.assertIn("3 value(s)", r.status["error"]["message"])
        self.assertIn("a, b", r.status["error"]["message"])
        self.assertIn("pythonruntime: handler error:", r.stderr)

    def test_invalid_declared_name_in_spec_is_an_invocation_error(self):
        r = self.run_job({"main.py": "def handler():\n    return 1\n"}, outputs=["../evil"])
        self.assertEqual(r.rc, 3, r)

    def test_invalid_handler_attribute_names_are_a_setup_error(self):
        r = self.run_job({"main.py": "def handler():\n    return 1\nhandler.outputs = ['a/b']\n"})
        self.assertSetupError(r, "outputs")


class HandlerResolutionTests(RunnerTestCase):
    def test_bare_function_uses_main_py(self):
        r = self.run_job({"main.py": "def handler():\n    return __file__\n"}, handler="handler")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.status["results"]["output_0"], os.path.join(r.code_dir, "main.py"))

    def test_bare_function_uses_the_code_src_file(self):
        r = self.run_job({
            "main.py": "def handler():\n    return 'wrong file'\n",
            "src/functions.py": "import helper\ndef handler():\n    return helper.VALUE\n",
            "src/helper.py": "VALUE = 'from src'\n",
        }, handler="handler", code_src="src/functions.py")
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(r.status["results"]["output_0"], "from src")

    def test_code_src_that_is_not_a_py_file_falls_back_to_main(self):
        r = self.run_job({"main.py": "def handler():\n    return 'main'\n"}, handler="handler", code_src="src/")
        self.assertEqual(r.status["results"]["output_0"], "main", r)

    def test_code_src_escaping_code_dir_is_an_invocation_error(self):
        r = self.run_job({"main.py": ""}, handler="handler", code_src="../outside.py")
        self.assertEqual(r.rc, 3, r)
        self.assertIn("outside code_dir", r.stderr)

    def test_module_colon_function(self):
        r = self.run_job({"tasks.py": "def run():\n    return __name__\n"}, handler="tasks:run")
        self.assertEqual(r.status["results"]["output_0"], "tasks", r)

    def test_package_module_colon_function(self):
        r = self.run_job({
            "pkg/__init__.py": "",
            "pkg/module.py": "from . import util\ndef run():\n    return util.X\n",
            "pkg/util.py": "X = 'pkg ok'\n",
        }, handler="pkg.module:run")
        self.assertEqual(r.status["results"]["output_0"], "pkg ok", r)

    def test_cwd_is_not_changed(self):
        r = self.run_job({"main.py": "import os\ndef handler():\n    return os.getcwd()\n"})
        self.assertEqual(os.path.realpath(r.status["results"]["output_0"]), os.path.realpath(self.tmp))

    def test_missing_module(self):
        r = self.run_job({"main.py": ""}, handler="nosuch:run")
        self.assertSetupError(r, "'nosuch:run'", "module 'nosuch' not found", os.path.join(r.code_dir, "nosuch.py"))

    def test_missing_main_py_for_a_bare_function(self):
        r = self.run_job({"other.py": ""}, handler="handler")
        self.assertSetupError(r, "'handler'", os.path.join(r.code_dir, "main.py"), "not found")

    def test_missing_code_src_file(self):
        r = self.run_job({"main.py": ""}, handler="handler", code_src="src/functions.py")
        self.assertSetupError(r, os.path.join(r.code_dir, "src", "functions.py"), "not found")

    def test_missing_function(self):
        r = self.run_job({"main.py": "def other():\n    pass\n"}, handler="main:handler")
        self.assertSetupError(r, "'main:handler'", "'handler' not found in module 'main'", os.path.join(r.code_dir, "main.py"))

    def test_not_callable(self):
        r = self.run_job({"main.py": "handler = 3\n"})
        self.assertSetupError(r, "is not callable", "int")

    def test_syntax_error(self):
        r = self.run_job({"main.py": "def handler(:\n    pass\n"})
        self.assertSetupError(r, "SyntaxError", os.path.join(r.code_dir, "main.py"))
        self.assertEqual(r.status["error"]["type"], "SyntaxError")

    def test_syntax_error_for_bare_function(self):
        r = self.run_job({"main.py": "x = = 1\n"}, handler="handler")
        self.assertSetupError(r, "SyntaxError", "main.py:1")

    def test_import_error_inside_user_code_names_the_missing_dependency(self):
        r = self.run_job({"main.py": "import not_installed_pkg\ndef handler():\n    pass\n"})
        self.assertSetupError(r, "No module named 'not_installed_pkg'", "main.py:1")
        self.assertNotIn("module 'main' not found", r.stderr)

    def test_exception_at_import_time(self):
        r = self.run_job({"main.py": "x = 1\nraise RuntimeError('config missing')\n"})
        self.assertSetupError(r, "RuntimeError: config missing", "main.py:2")

    def test_debug_env_shows_the_traceback(self):
        r = self.run_job({"main.py": "raise RuntimeError('boom')\n"}, env={"PYTHONRUNTIME_DEBUG": "1"})
        self.assertEqual(r.rc, 2)
        self.assertIn("Traceback", r.stderr)


class ParameterTests(RunnerTestCase):
    def test_parameters_by_keyword_with_defaults(self):
        r = self.run_job({"main.py": "def handler(a, b=10, *, c):\n    return a + b + c\n"}, parameters={"a": 1, "c": 100})
        self.assertEqual(r.status["results"]["output_0"], 111, r)

    def test_unknown_parameter_is_a_setup_error_naming_both_sides(self):
        r = self.run_job({"main.py": "def handler(a, b=2):\n    return a\n"}, parameters={"a": 1, "zzz": 2})
        self.assertSetupError(r, "unknown parameter(s) 'zzz'", "(a, b=2)", "given: a, zzz")

    def test_missing_parameter_is_a_setup_error_naming_both_sides(self):
        r = self.run_job({"main.py": "def handler(a, needed):\n    return a\n"}, parameters={"a": 1})
        self.assertSetupError(r, "missing required parameter(s) 'needed'", "(a, needed)", "given: a")

    def test_kwargs_accepts_anything(self):
        r = self.run_job({"main.py": "def handler(**kw):\n    return ','.join(sorted(kw))\n"}, parameters={"x": 1, "y": 2})
        self.assertEqual(r.status["results"]["output_0"], "x,y", r)

    def test_context_project_run_injected_only_when_named(self):
        r = self.run_job({"main.py": """
            def handler(context, project, run, n):
                return context.project, context.function, context.run_id, context.logger.name, project.name, run.id, run.key, n
        """}, parameters={"n": 5})
        self.assertEqual(r.rc, 0, r)
        self.assertEqual(list(r.status["results"].values()), ["demo", "fn", "r1", "pythonruntime", "demo", "r1", "store://demo/run/fn:r1", 5])

    def test_reserved_names_not_injected_when_not_named(self):
        r = self.run_job({"main.py": "def handler(**kw):\n    return ','.join(sorted(kw)) or 'none'\n"})
        self.assertEqual(r.status["results"]["output_0"], "none", r)

    def test_parameter_clashing_with_an_injected_name(self):
        r = self.run_job({"main.py": "def handler(project):\n    return 1\n"}, parameters={"project": "x"})
        self.assertSetupError(r, "'project'")

    def test_inputs_are_objects_with_key_name_path(self):
        data = os.path.join(self.tmp, "in.txt")
        with open(data, "w") as handle:
            handle.write("payload")
        r = self.run_job({"main.py": """
            def handler(doc, greeting):
                with open(doc) as handle:
                    content = handle.read()
                return doc.key, doc.name, doc.path, content, greeting
        """}, parameters={"greeting": "hi"}, inputs={"doc": {"key": "store://demo/artifact/x:1", "name": "x", "path": data}})
        self.assertEqual(list(r.status["results"].values()), ["store://demo/artifact/x:1", "x", data, "payload", "hi"], r)

    def test_inputs_override_parameters_of_the_same_name(self):
        data = os.path.join(self.tmp, "in.txt")
        open(data, "w").close()
        r = self.run_job({"main.py": "def handler(doc):\n    return type(doc).__name__\n"},
                         parameters={"doc": "str value"}, inputs={"doc": {"key": "k", "path": data}})
        self.assertEqual(r.status["results"]["output_0"], "Input", r)


class ErrorTests(RunnerTestCase):
    def test_handler_exception_is_exit_1_with_handler_category(self):
        r = self.run_job({"main.py": "def handler():\n    return {}['missing']\n"})
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.status["state"], "ERROR")
        self.assertEqual(r.status["error"], {"category": "handler", "type": "KeyError", "message": "'missing'"})
        self.assertIn("Traceback", r.stderr)
        self.assertIn("main.py", r.stderr)
        self.assertNotIn("pythonruntime_runner.py", r.stderr)
        self.assertIn("pythonruntime: handler error: KeyError: 'missing'", r.stderr)

    def test_sys_exit_in_handler_is_a_handler_error(self):
        r = self.run_job({"main.py": "import sys\ndef handler():\n    sys.exit(4)\n"})
        self.assertEqual(r.rc, 1, r)
        self.assertEqual(r.status["error"]["type"], "SystemExit")

    def test_no_spec_is_exit_3(self):
        proc = subprocess.run([PYTHON, RUNNER, "job"], env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=30)
        self.assertEqual(proc.returncode, 3)
        self.assertIn("pythonruntime: invalid invocation: no spec", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)

    def test_invalid_spec_json_is_exit_3(self):
        path = os.path.join(self.tmp, "bad.json")
        with open(path, "w") as handle:
            handle.write("{not json")
        proc = subprocess.run([PYTHON, RUNNER, "job", "--spec", path], env=clean_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=30)
        self.assertEqual(proc.returncode, 3)
        self.assertIn("not valid JSON", proc.stderr)

    def test_bad_mode_and_missing_handler_are_exit_3(self):
        proc = subprocess.run([PYTHON, RUNNER, "build"], env=clean_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=30)
        self.assertEqual(proc.returncode, 3)
        r = self.run_job({"main.py": ""}, handler="")
        self.assertEqual(r.rc, 3)
        r = self.run_job({"main.py": ""}, handler="a:b:c")
        self.assertEqual(r.rc, 3)

    def test_spec_from_env_and_file_wins(self):
        r = self.run_job({"main.py": "def handler():\n    return 'env'\n"}, use_env_spec=True)
        self.assertEqual(r.status["results"]["output_0"], "env", r)
        # Both given: the file is used, the env spec (pointing to a missing module) ignored.
        spec_path = os.path.join(self.tmp, "spec.json")
        with open(spec_path, "w") as handle:
            json.dump({"code_dir": r.code_dir, "handler": "main:handler", "output_dir": r.out_dir}, handle)
        env = clean_env({"PYTHONRUNTIME_SPEC": json.dumps({"code_dir": r.code_dir, "handler": "nope:x", "output_dir": r.out_dir})})
        proc = subprocess.run([PYTHON, RUNNER, "job", "--spec", spec_path], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, universal_newlines=True, timeout=30)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_output_dir_is_created(self):
        r = self.run_job({"main.py": "def handler():\n    return 1\n"}, output_dir=os.path.join(self.tmp, "a", "b", "c"))
        self.assertEqual(r.rc, 0)
        self.assertTrue(os.path.exists(os.path.join(self.tmp, "a", "b", "c", "status.json")))


class InitTests(RunnerTestCase):
    def test_init_runs_once_before_the_handler_with_its_parameters(self):
        r = self.run_job({"main.py": """
            CALLS = []
            def init(context, model, scale=1):
                CALLS.append(model)
                context.model = model * scale
            def handler(context):
                return context.model, len(CALLS)
        """}, init_function="init", init_parameters={"model": 21, "scale": 2})
        self.assertEqual(r.status["results"], {"output_0": 42, "output_1": 1}, r)

    def test_init_must_take_context_first(self):
        r = self.run_job({"main.py": "def init(ctx):\n    pass\ndef handler():\n    pass\n"}, init_function="init")
        self.assertSetupError(r, "init function 'init' must take 'context' as its first parameter")

    def test_unknown_init_parameter(self):
        r = self.run_job({"main.py": "def init(context, a):\n    pass\ndef handler():\n    pass\n"},
                         init_function="init", init_parameters={"a": 1, "b": 2})
        self.assertSetupError(r, "init function 'init'", "unknown parameter(s) 'b'", "(context, a)", "given: a, b")

    def test_missing_init_parameter(self):
        r = self.run_job({"main.py": "def init(context, a, b):\n    pass\ndef handler():\n    pass\n"},
                         init_function="init", init_parameters={"a": 1})
        self.assertSetupError(r, "missing required parameter(s) 'b'", "(context, a, b)", "given: a")

    def test_missing_init_function(self):
        r = self.run_job({"main.py": "def handler():\n    pass\n"}, init_function="setup_model")
        self.assertSetupError(r, "init function 'setup_model' not found")

    def test_init_raising_is_a_setup_error(self):
        r = self.run_job({"main.py": "def init(context):\n    raise ValueError('no model')\ndef handler():\n    pass\n"},
                         init_function="init")
        self.assertSetupError(r, "init function 'init' failed", "ValueError: no model", "main.py:2")


class TerminationLogTests(RunnerTestCase):
    def read_log(self):
        with open(os.path.join(self.tmp, "termination-log"), "rb") as handle:
            return handle.read()

    def test_small_run_is_written_in_full(self):
        env = {"PYTHONRUNTIME_TERMINATION_LOG": os.path.join(self.tmp, "termination-log")}
        r = self.run_job({"main.py": "def handler():\n    return 'ok', {'a': 1}\n"}, env=env, outputs=["msg", "data"])
        self.assertEqual(r.rc, 0, r)
        doc = json.loads(self.read_log())
        self.assertEqual(doc, {"state": "COMPLETED", "results": {"msg": "ok"}, "outputs": ["data"], "error": None})

    def test_large_results_are_capped_and_stay_valid_json(self):
        env = {"PYTHONRUNTIME_TERMINATION_LOG": os.path.join(self.tmp, "termination-log")}
        r = self.run_job({"main.py": """
            def handler():
                return tuple(["\\u00e9" * 3000 for _ in range(5)] + [1, 2.5, True])
        """}, env=env)
        self.assertEqual(r.rc, 0, r)
        raw = self.read_log()
        self.assertLessEqual(len(raw), 4096)
        doc = json.loads(raw)
        self.assertEqual(doc["state"], "COMPLETED")
        self.assertTrue(doc["truncated"])
        self.assertEqual(len(r.status["results"]["output_0"]), 3000)  # status.json keeps everything

    def test_long_error_message_is_capped(self):
        env = {"PYTHONRUNTIME_TERMINATION_LOG": os.path.join(self.tmp, "termination-log")}
        r = self.run_job({"main.py": "def handler():\n    raise ValueError('x' * 20000)\n"}, env=env)
        self.assertEqual(r.rc, 1)
        raw = self.read_log()
        self.assertLessEqual(len(raw), 4096)
        doc = json.loads(raw)
        self.assertEqual((doc["state"], doc["error"]["category"], doc["error"]["type"]), ("ERROR", "handler", "ValueError"))

    def test_setup_error_is_reported(self):
        env = {"PYTHONRUNTIME_TERMINATION_LOG": os.path.join(self.tmp, "termination-log")}
        r = self.run_job({"main.py": ""}, handler="main:nothing", env=env)
        self.assertEqual(r.rc, 2)
        self.assertEqual(json.loads(self.read_log())["error"]["category"], "setup")


class StreamTests(RunnerTestCase):
    def test_handler_printing_5_mb_completes(self):
        r = self.run_job({"main.py": """
            import sys
            def handler():
                line = "x" * 1023 + "\\n"
                for _ in range(5 * 1024):
                    print(line, end="")
                sys.stderr.write("e" * 100000 + "\\n")
                return "done"
        """}, timeout=60)
        self.assertEqual(r.rc, 0, r.stderr[-500:])
        self.assertEqual(len(r.stdout), 5 * 1024 * 1024)
        self.assertEqual(r.status["results"]["output_0"], "done")

    def test_output_before_a_crash_is_not_lost(self):
        r = self.run_job({"main.py": "def handler():\n    print('partial', end='')\n    raise RuntimeError('x')\n"})
        self.assertEqual(r.rc, 1)
        self.assertEqual(r.stdout, "partial")


class StartupTests(RunnerTestCase):
    """Job start-up is part of every run: job mode imports only what a job needs."""

    def imported_beyond_bare_python(self, modules, files=None):
        # Compared with a bare interpreter, whose site hooks may import some of these anyway.
        bare = subprocess.run([PYTHON, "-c", "import sys; print(' '.join(sys.modules))"], env=clean_env(),
                              stdout=subprocess.PIPE, universal_newlines=True, timeout=30).stdout.split()
        watched = [m for m in modules if m not in bare]
        r = self.run_job(files or {"main.py": """
            import sys
            def handler(watched):
                return ",".join(m for m in watched if m in sys.modules) or "none"
        """}, parameters={"watched": watched})
        self.assertEqual(r.rc, 0, r)
        return r.status["results"]["output_0"]

    def test_job_imports_no_serve_or_optional_modules(self):
        modules = ["http.server", "socketserver", "socket", "email.utils", "urllib.parse", "signal", "threading",
                   "argparse", "logging", "inspect", "traceback", "importlib.util"]
        self.assertEqual(self.imported_beyond_bare_python(modules), "none")

    def test_scalar_only_job_does_not_load_the_output_writers(self):
        self.assertEqual(self.imported_beyond_bare_python(["hashlib", "pickle", "shutil", "tempfile"]), "none")

    def test_decorated_handler_is_checked_through_its_wrapped_signature(self):
        files = {"main.py": """
            import functools
            def logged(func):
                @functools.wraps(func)
                def wrapper(*args, **kwargs):
                    return func(*args, **kwargs)
                return wrapper
            @logged
            def handler(context, n, m=1):
                return context.run_id, n + m
        """}
        r = self.run_job(files, parameters={"n": 2})
        self.assertEqual(list(r.status["results"].values()), ["r1", 3], r)
        r = self.run_job(files, parameters={"n": 2, "zzz": 1})
        self.assertSetupError(r, "unknown parameter(s) 'zzz'", "(context, n, m=1)")

    def test_context_logger_writes_to_the_original_stderr(self):
        r = self.run_job({"main.py": """
            import io, sys
            def handler(context):
                sys.stderr = io.StringIO()
                context.logger.info("from the handler")
                return context.logger is context.logger
        """})
        self.assertEqual(r.status["results"]["output_0"], True, r)
        self.assertEqual(r.stderr.count("INFO pythonruntime: from the handler"), 1, r.stderr)


class CompatibilityTests(RunnerTestCase):
    def test_runner_parses_as_python_3_9(self):
        with open(RUNNER, encoding="utf-8") as handle:
            source = handle.read()
        tree = ast.parse(source, filename=RUNNER, feature_version=(3, 9))
        if hasattr(ast, "Match"):
            self.assertFalse([n for n in ast.walk(tree) if isinstance(n, ast.Match)], "match statement needs 3.10")
