#!/usr/bin/env python3
"""PythonRuntime runner: runs one user Python function as a batch job or an HTTP service.

Every executor (local subprocess, Docker, Kubernetes) starts this same file, so a function
behaves identically everywhere. Standard library only, Python >= 3.9, a single file so an
image can COPY it next to the user's code.

    python3 pythonruntime_runner.py job   --spec spec.json
    python3 pythonruntime_runner.py serve --spec spec.json
    PYTHONRUNTIME_SPEC='{...}' python3 pythonruntime_runner.py job

Exit codes: 0 completed (or serve stopped by SIGTERM/SIGINT), 1 the handler raised,
2 setup error (handler/init could not be loaded, bound or initialised), 3 bad invocation/spec.

Environment: PYTHONRUNTIME_SPEC (spec JSON when --spec is absent), PYTHONRUNTIME_DEBUG=1
(tracebacks for setup errors), PYTHONRUNTIME_TERMINATION_LOG (job: compact status, <= 4 KiB),
PYTHONRUNTIME_MAX_BODY (serve: request body cap, default 16 MiB), PYTHONRUNTIME_ACCESS_LOG=1,
PYTHONRUNTIME_SHUTDOWN_TIMEOUT (serve: drain bound, default 10 s),
PYTHONRUNTIME_KEEPALIVE_TIMEOUT (serve: idle/stalled connection limit, default 120 s).
"""

# Only what every job needs is imported here. Start-up time is part of every job run, so the
# rest is imported where it is used: the HTTP machinery by _load_serve(), output writing
# (hashlib, pickle, shutil), argparse, logging, traceback and inspect on first use.
import importlib
import json
import os
import re
import sys
import time

EXIT_OK = 0
EXIT_HANDLER = 1
EXIT_SETUP = 2
EXIT_INVOCATION = 3

RESERVED_JOB_ARGS = ("context", "project", "run")
TERMINATION_LOG_CAP = 4096
DEFAULT_MAX_BODY = 16 * 1024 * 1024
DEFAULT_SHUTDOWN_TIMEOUT = 10.0
# Longer than the idle timeout of common load balancers (60 s), so the proxy closes first
# and never sends a request on a connection we are tearing down.
KEEPALIVE_IDLE_TIMEOUT = 120.0

# Output names become file names; keep them to a portable, traversal-free alphabet.
_OUTPUT_NAME_RE = re.compile(r"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\Z")
_IDENTIFIER_PATH_RE = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")
_IDENTIFIER_RE = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")

# The "pythonruntime" logger once set up by _logger(): jobs rarely log, and importing logging
# is a measurable part of a small job's start-up.
log = None
_RUNNER_FILE = os.path.abspath(__file__)


class InvocationError(Exception):
    """The command line or the spec is unusable: nothing of the user's was touched (exit 3)."""


class SetupError(Exception):
    """The user's handler could not be prepared for a call (exit 2)."""

    def __init__(self, message, exc_type="SetupError"):
        Exception.__init__(self, message)
        self.exc_type = exc_type


class HandlerError(Exception):
    """The handler ran but failed, or its return value cannot be stored (exit 1)."""

    def __init__(self, message, exc_type="HandlerError"):
        Exception.__init__(self, message)
        self.exc_type = exc_type


class _Stop(BaseException):
    """Raised in the serve main thread by SIGTERM/SIGINT arriving before init finished."""


# Never converted into setup/handler errors: they mean "stop now".
_PASS_THROUGH = (KeyboardInterrupt, _Stop)

# Set once the spec is known; used to point error messages at the user's own frames.
_code_dir = [None]


def _debug():
    return os.environ.get("PYTHONRUNTIME_DEBUG") == "1"


def _debug_traceback(exc):
    # Setup errors are one line by default; the full trace is opt-in for hard cases.
    if _debug():
        _print_exception(exc, exc.__traceback__)


def _print_exception(exc, tb):
    try:
        from traceback import print_exception
    except Exception:
        # Imported on first use, so a module of the user's can shadow it; the interpreter's
        # own printer needs no import.
        print_exception = sys.__excepthook__
    print_exception(type(exc), exc, tb)


def _safe_str(value):
    # User exceptions may have a broken __str__; an error report must not fail on it.
    try:
        return str(value)
    except Exception:
        return "<unprintable %s>" % type(value).__name__


def _one_line(text, limit=2000):
    text = " ".join(_safe_str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------
# Objects handed to user code
# --------------------------------------------------------------------------------------------

class _LoggerAttribute(object):
    """Context.logger: the runner's logger, set up when user code first reads it.

    A non-data descriptor: the first read stores the logger on the instance, so later reads
    are plain attribute reads and user code may replace it like any other attribute.
    """

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        logger = obj.__dict__["logger"] = _logger()
        return logger


class Context(object):
    """Shared by init and every handler call; user code may set any attribute on it."""

    logger = _LoggerAttribute()

    def __init__(self, spec):
        self.project = spec.get("project")
        self.function = spec.get("function")
        self.function_key = spec.get("function_key")
        self.run_id = spec.get("run_id")
        self.run_key = spec.get("run_key")

    def __repr__(self):
        return "Context(project=%r, function=%r, run_id=%r)" % (self.project, self.function, self.run_id)


class Input(object):
    """A materialised input artifact; os.fspath() works so it can be passed to open()."""

    __slots__ = ("key", "name", "path")

    def __init__(self, key, name, path):
        self.key = key
        self.name = name
        self.path = path

    def __fspath__(self):
        return self.path

    def __repr__(self):
        return "Input(key=%r, name=%r, path=%r)" % (self.key, self.name, self.path)


class Project(object):
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Project(name=%r)" % (self.name,)


class Run(object):
    __slots__ = ("id", "key")

    def __init__(self, run_id, key):
        self.id = run_id
        self.key = key

    def __repr__(self):
        return "Run(id=%r, key=%r)" % (self.id, self.key)


class Headers(dict):
    """Request headers keyed by lower-case name; lookups ignore case, as HTTP does.

    A plain dict subclass so handlers can json.dumps() it or iterate it directly.
    """

    __slots__ = ()

    def __getitem__(self, key):
        return dict.__getitem__(self, key.lower() if isinstance(key, str) else key)

    def get(self, key, default=None):
        return dict.get(self, key.lower() if isinstance(key, str) else key, default)

    def __contains__(self, key):
        return dict.__contains__(self, key.lower() if isinstance(key, str) else key)


class Event(object):
    __slots__ = ("method", "path", "headers", "query", "query_list", "body", "raw_body")

    def __init__(self, method, path, headers, query, query_list, body, raw_body):
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
        self.query_list = query_list
        self.body = body
        self.raw_body = raw_body

    def __repr__(self):
        return "Event(method=%r, path=%r)" % (self.method, self.path)


# --------------------------------------------------------------------------------------------
# Invocation and spec
# --------------------------------------------------------------------------------------------

class _Args(object):
    def __init__(self, mode, spec, log_file, detach):
        self.mode = mode
        self.spec = spec
        self.log_file = log_file
        self.detach = detach


def _parse_plain_args(argv):
    """The arguments when argv is one of the plain shapes the executors pass, else None.

    argparse costs more to import than the rest of a small job's start-up; anything this
    does not accept (help, errors, repeats, --opt=value, abbreviations) goes to argparse,
    so results and messages are argparse's either way.
    """
    mode = None
    values = {"--spec": None, "--log-file": None}
    detach = False
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg in values:
            if values[arg] is not None or index + 1 >= len(argv):
                return None
            value = argv[index + 1]
            if not value or value.startswith("-"):
                return None
            values[arg] = value
            index += 2
            continue
        if arg == "--detach" and not detach:
            detach = True
        elif (arg == "job" or arg == "serve") and mode is None:
            mode = arg
        else:
            return None
        index += 1
    if mode is None:
        return None
    return _Args(mode, values["--spec"], values["--log-file"], detach)


def _parse_args(argv):
    args = _parse_plain_args(argv)
    if args is not None:
        return args
    import argparse

    class _ArgParser(argparse.ArgumentParser):
        # argparse exits with 2 on bad usage, which is our setup-error code; usage errors are 3.
        def error(self, message):
            raise InvocationError(message)

    parser = _ArgParser(prog="pythonruntime_runner.py", description="Run a Python function as a job or an HTTP service.")
    parser.add_argument("mode", choices=("job", "serve"))
    parser.add_argument("--spec", help="spec JSON file (default: env PYTHONRUNTIME_SPEC)")
    parser.add_argument("--log-file", help="append stdout and stderr to this file (a service that outlives its starter)")
    parser.add_argument("--detach", action="store_true", help="start a new session, away from the starter's terminal and signals")
    return parser.parse_args(argv)


def parse_invocation(argv):
    args = _parse_args(argv)
    _redirect_output(args.log_file, args.detach)
    if args.spec is not None:
        try:
            with open(args.spec, "rb") as handle:
                raw = handle.read()
        except OSError as exc:
            raise InvocationError("cannot read spec file %s: %s" % (args.spec, exc.strerror or exc))
        origin = "spec file %s" % args.spec
    else:
        raw = os.environ.get("PYTHONRUNTIME_SPEC")
        if not raw:
            raise InvocationError("no spec: pass --spec FILE or set PYTHONRUNTIME_SPEC")
        origin = "PYTHONRUNTIME_SPEC"
    try:
        spec = json.loads(raw)
    except ValueError as exc:
        raise InvocationError("%s is not valid JSON: %s" % (origin, exc))
    if not isinstance(spec, dict):
        raise InvocationError("%s must be a JSON object" % origin)
    return args.mode, validate_spec(spec, args.mode)


def _redirect_output(path, detach):
    # A local service keeps running after the command that started it exits: its output must go to a
    # file (a pipe would break) and it must not share the starter's terminal session.
    if detach and hasattr(os, "setsid"):
        try:
            os.setsid()
        except OSError:
            pass
    elif os.environ.get("PYTHONRUNTIME_PROCESS_GROUP", "").isdigit() and hasattr(os, "setpgrp"):
        # Local jobs: lead a process group, so the executor's stop (SIGTERM, then SIGKILL) also ends
        # the processes the handler started instead of leaving them behind, and end that group when
        # the executor (the parent, whose pid the variable holds) is gone, even after a kill -9.
        try:
            os.setpgrp()
        except OSError:
            return _redirect_log(path)
        _watch_parent(int(os.environ["PYTHONRUNTIME_PROCESS_GROUP"]))
    _redirect_log(path)


def _watch_parent(parent):
    import _thread  # the low-level module: job mode keeps its imports small

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        _remove_secret_files()
        try:
            os.killpg(os.getpgrp(), 15)  # SIGTERM, without importing the signal module
        except OSError:
            pass

    _thread.start_new_thread(watch, ())


def _remove_secret_files():
    # The executor that wrote the secret files is gone and cannot delete them: do it here, so no
    # plaintext secret outlives its run. Only a folder the local executor made is touched.
    folder = os.environ.get("PYTHONRUNTIME_SECRETS_DIR") or ""
    if os.path.basename(folder.rstrip("/")).startswith("pythonruntime-secrets-") and os.path.isdir(folder):
        import shutil
        shutil.rmtree(folder, ignore_errors=True)


def _redirect_log(path):
    if not path:
        return
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    except OSError as exc:
        raise InvocationError("cannot open log file %s: %s" % (path, exc.strerror or exc))
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    os.close(stdin)


def _opt_str(spec, key):
    value = spec.get(key)
    if value is not None and not isinstance(value, str):
        raise InvocationError("spec field '%s' must be a string" % key)
    return value


def _opt_dict(spec, key):
    value = spec.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvocationError("spec field '%s' must be an object" % key)
    return value


def _port(spec, key, default):
    value = spec.get(key, default)
    if value is None:
        value = default
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise InvocationError("spec field '%s' must be an integer port 0-65535" % key)
    return value


def validate_spec(spec, mode):
    for key in ("project", "function", "function_key", "run_id", "run_key", "code_src", "init_function", "output_dir", "host"):
        _opt_str(spec, key)
    handler = spec.get("handler")
    if not isinstance(handler, str) or not handler:
        raise InvocationError("spec field 'handler' is required: 'func', 'module:func' or 'pkg.module:func'")
    module_name, _, func_name = handler.rpartition(":")
    if ":" in module_name or (module_name and not _IDENTIFIER_PATH_RE.match(module_name)) or not _IDENTIFIER_RE.match(func_name):
        raise InvocationError("spec field 'handler' %r must be 'func', 'module:func' or 'pkg.module:func'" % handler)
    init_name = spec.get("init_function")
    if init_name is not None and not _IDENTIFIER_RE.match(init_name):
        raise InvocationError("spec field 'init_function' %r must be a function name" % init_name)

    code_dir = _opt_str(spec, "code_dir") or os.getcwd()
    spec["code_dir"] = os.path.abspath(code_dir)
    if not os.path.isdir(spec["code_dir"]):
        raise InvocationError("code_dir %s is not a directory" % spec["code_dir"])
    _code_src_module_file(spec["code_dir"], spec.get("code_src"))  # rejects a path escaping code_dir

    spec["parameters"] = _opt_dict(spec, "parameters")
    spec["init_parameters"] = _opt_dict(spec, "init_parameters")
    inputs = _opt_dict(spec, "inputs")
    for name, item in inputs.items():
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            raise InvocationError("input '%s' must be an object with a string 'path'" % name)
        for field in ("key", "name"):
            if item.get(field) is not None and not isinstance(item.get(field), str):
                raise InvocationError("input '%s' field '%s' must be a string" % (name, field))
    spec["inputs"] = inputs

    outputs = spec.get("outputs")
    if outputs is not None:
        problem = _check_output_names(outputs)
        if problem:
            raise InvocationError("spec field 'outputs': %s" % problem)

    if mode == "job" and not spec.get("output_dir"):
        raise InvocationError("spec field 'output_dir' is required for a job")
    if spec.get("output_dir"):
        spec["output_dir"] = os.path.abspath(spec["output_dir"])
    if mode == "serve":
        spec["host"] = spec.get("host") or "127.0.0.1"
        spec["port"] = _port(spec, "port", 8080)
        spec["health_port"] = _port(spec, "health_port", 0 if spec["port"] == 0 else 8081)
        if spec["port"] != 0 and spec["port"] == spec["health_port"]:
            raise InvocationError("spec fields 'port' and 'health_port' must differ")
    return spec


def _check_output_names(names):
    if not isinstance(names, (list, tuple)) or not all(isinstance(n, str) for n in names):
        return "must be a list of strings"
    for name in names:
        if not _OUTPUT_NAME_RE.match(name) or name in (".", ".."):
            return "output name %r must match [A-Za-z0-9_][A-Za-z0-9_.-]*" % name
    if "status" in names:
        # status.json is the run's own record in the same folder.
        return "output name 'status' is reserved"
    if len(set(names)) != len(names):
        return "output names must be unique: %s" % ", ".join(names)
    return None


# --------------------------------------------------------------------------------------------
# Loading user code
# --------------------------------------------------------------------------------------------

class Target(object):
    """The resolved handler plus everything about it computed once, not per call."""

    def __init__(self, handler, handler_label, module, module_file, init, declared_outputs):
        self.handler = handler
        self.label = handler_label
        self.module = module
        self.module_file = module_file
        self.init = init
        self.declared_outputs = declared_outputs


def _signature(func):
    try:
        import inspect
    except Exception as exc:
        # Imported on first use, so by now a module of the user's can shadow it or what it imports.
        raise SetupError("cannot import inspect to check the parameters of %r: %s: %s"
                         % (func, type(exc).__name__, _one_line(exc, 300)), type(exc).__name__)
    try:
        return inspect.signature(func)
    except (TypeError, ValueError):
        # Builtins and some C callables have no introspectable signature; call them blind.
        return None


# Importing inspect is a sizable part of a small job's start-up, and a plain function's
# signature is its code object; these read that directly and leave every other callable,
# and every call that might not bind, to inspect (which also words the errors).
_FUNCTION_TYPE = type(_debug)
_CO_VARKEYWORDS = 0x08


def _plain_code(func):
    """func.__code__ when inspect.signature(func) is exactly what that code object declares:
    a plain function without __wrapped__, __signature__ or other underscore attributes."""
    if type(func) is not _FUNCTION_TYPE or any(key.startswith("_") for key in func.__dict__):
        return None
    code = func.__code__
    if len(func.__defaults__ or ()) > code.co_argcount:
        return None
    return code


def _keyword_params(func):
    """Names of func's positional-or-keyword and keyword-only parameters; None without a signature."""
    code = _plain_code(func)
    if code is not None:
        return code.co_varnames[code.co_posonlyargcount:code.co_argcount + code.co_kwonlyargcount]
    sig = _signature(func)
    if sig is None:
        return None
    return [p.name for p in sig.parameters.values() if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)]


def _binds_plainly(func, leading, kwargs):
    """True if func is a plain function (see _plain_code) that certainly accepts
    func(*leading, **kwargs); False means "not known", for check_call to decide."""
    code = _plain_code(func)
    if code is None:
        return False
    argcount = code.co_argcount
    given = len(leading)
    if given > argcount or code.co_posonlyargcount > given:
        return False
    names = code.co_varnames
    unfilled = names[given:argcount]
    keyword_only = names[argcount:argcount + code.co_kwonlyargcount]
    var_keyword = code.co_flags & _CO_VARKEYWORDS
    for key in kwargs:
        if key in names[:given] or not (key in unfilled or key in keyword_only or var_keyword):
            return False
    for name in names[given:argcount - len(func.__defaults__ or ())]:
        if name not in kwargs:
            return False
    kwdefaults = func.__kwdefaults__ or {}
    for name in keyword_only:
        if name not in kwargs and name not in kwdefaults:
            return False
    return True


def _user_location(tb):
    """file:line of the innermost frame in code_dir (else the innermost at all): the line of
    user code to look at, since setup errors are reported without a traceback."""
    code_dir = _code_dir[0]
    best = None
    innermost = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if not filename.startswith("<"):
            innermost = tb
            if code_dir and filename.startswith(code_dir + os.sep):
                best = tb
        tb = tb.tb_next
    chosen = best or innermost
    if chosen is None:
        return ""
    return " (at %s:%d)" % (chosen.tb_frame.f_code.co_filename, chosen.tb_lineno)


def _describe_user_exception(exc):
    if isinstance(exc, SyntaxError):
        where = ""
        if exc.filename:
            where = " (at %s:%s)" % (exc.filename, exc.lineno)
        return "%s: %s%s" % (type(exc).__name__, exc.msg, where)
    return "%s: %s%s" % (type(exc).__name__, _one_line(exc, 500), _user_location(exc.__traceback__))


def _prepare_sys_path(code_dir):
    # The runner's own folder is put first on sys.path by Python; user code must not see
    # whatever else lives next to the runner, and code_dir must win over everything.
    runner_dir = os.path.dirname(os.path.abspath(__file__))
    if sys.path and sys.path[0] and os.path.abspath(sys.path[0]) == runner_dir and runner_dir != code_dir:
        del sys.path[0]
    if code_dir in sys.path:
        sys.path.remove(code_dir)
    sys.path.insert(0, code_dir)


def _load_module_from_file(path, preferred_name, label):
    name = preferred_name
    existing = sys.modules.get(name)
    if existing is not None and getattr(existing, "__file__", None) != path:
        # Never shadow an already imported module (e.g. a user file called json.py).
        name = "pythonruntime_user_" + preferred_name
    import importlib.util

    module_spec = importlib.util.spec_from_file_location(name, path)
    if module_spec is None or module_spec.loader is None:
        raise SetupError("handler %s: cannot load %s as a Python module" % (label, path))
    module = importlib.util.module_from_spec(module_spec)
    # Registered before execution like a normal import, so pickle and relative lookups work.
    sys.modules[name] = module
    try:
        module_spec.loader.exec_module(module)
    except BaseException as exc:
        sys.modules.pop(name, None)
        if isinstance(exc, _PASS_THROUGH):
            raise
        _debug_traceback(exc)
        raise SetupError(
            "handler %s: loading module '%s' from %s failed: %s" % (label, preferred_name, path, _describe_user_exception(exc)),
            type(exc).__name__,
        )
    return module


def _expected_module_paths(code_dir, module_name):
    base = os.path.join(code_dir, *module_name.split("."))
    return [base + ".py", os.path.join(base, "__init__.py")]


def _import_module(code_dir, module_name, label):
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        _debug_traceback(exc)
        missing = exc.name or ""
        parts = module_name.split(".")
        prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
        if missing in prefixes:
            searched = " or ".join(_expected_module_paths(code_dir, module_name))
            raise SetupError(
                "handler %s: module '%s' not found (searched %s and sys.path)" % (label, module_name, searched),
                "ModuleNotFoundError",
            )
        raise SetupError(
            "handler %s: importing module '%s' failed: %s" % (label, module_name, _describe_user_exception(exc)),
            "ModuleNotFoundError",
        )
    except BaseException as exc:
        if isinstance(exc, _PASS_THROUGH):
            raise
        _debug_traceback(exc)
        where = " or ".join(_expected_module_paths(code_dir, module_name))
        raise SetupError(
            "handler %s: importing module '%s' (%s) failed: %s" % (label, module_name, where, _describe_user_exception(exc)),
            type(exc).__name__,
        )


def _code_src_module_file(code_dir, code_src):
    """The .py file named by code_src when it is a relative local path, else None."""
    if not code_src or not code_src.endswith(".py") or "://" in code_src or code_src.startswith("zip+"):
        return None
    if os.path.isabs(code_src) or code_src.startswith(("/", "\\")):
        return None
    path = os.path.normpath(os.path.join(code_dir, code_src))
    if os.path.commonpath([path, code_dir]) != code_dir:
        raise InvocationError("code_src %r points outside code_dir" % code_src)
    return path


def resolve_target(spec):
    code_dir = spec["code_dir"]
    handler_ref = spec["handler"]
    label = "'%s'" % handler_ref
    _code_dir[0] = code_dir
    _prepare_sys_path(code_dir)
    module_name, _, func_name = handler_ref.rpartition(":")

    if module_name:
        module = _import_module(code_dir, module_name, label)
        module_file = getattr(module, "__file__", None) or module_name
    else:
        module_file = _code_src_module_file(code_dir, spec.get("code_src"))
        if module_file is None:
            module_file = os.path.join(code_dir, "main.py")
        module_name = os.path.splitext(os.path.basename(module_file))[0]
        if not os.path.isfile(module_file):
            hint = " (from code_src %r)" % spec.get("code_src") if spec.get("code_src") and module_file != os.path.join(code_dir, "main.py") else ""
            raise SetupError(
                "handler %s: module file %s not found%s; a bare function name is looked up in the code_src .py file, else in main.py"
                % (label, module_file, hint),
                "ModuleNotFoundError",
            )
        extra_dir = os.path.dirname(module_file)
        if extra_dir != code_dir and extra_dir not in sys.path:
            # Lets src/functions.py import its siblings the way `python src/functions.py` would.
            sys.path.insert(1, extra_dir)
        module = _load_module_from_file(module_file, module_name, label)

    func = _get_function(module, module_name, module_file, func_name, label, "handler")
    init = None
    if spec.get("init_function"):
        init = _get_function(module, module_name, module_file, spec["init_function"], label, "init function")

    declared = getattr(func, "outputs", None)
    if declared is not None:
        if isinstance(declared, str):
            declared = [declared]
        problem = _check_output_names(declared)
        if problem:
            raise SetupError("handler %s: attribute 'outputs' %s" % (label, problem))
        declared = list(declared)
    return Target(func, label, module, module_file, init, declared)


def _get_function(module, module_name, module_file, name, label, what):
    try:
        func = getattr(module, name)
    except AttributeError:
        raise SetupError(
            "handler %s: %s '%s' not found in module '%s' (%s)" % (label, what, name, module_name, module_file),
            "AttributeError",
        )
    if not callable(func):
        raise SetupError(
            "handler %s: %s '%s' in module '%s' (%s) is not callable (it is %s)"
            % (label, what, name, module_name, module_file, type(func).__name__),
            "TypeError",
        )
    return func


def _format_params(sig):
    return "(" + ", ".join(str(p) for p in sig.parameters.values()) + ")"


def _given(names):
    return ", ".join(sorted(names)) if names else "none"


def check_call(sig, what, leading, kwargs):
    """Raise SetupError unless func(*leading, **kwargs) binds; the message names both sides."""
    if sig is None:
        return
    params = list(sig.parameters.values())
    has_var_kw = any(p.kind == p.VAR_KEYWORD for p in params)
    named = params[len(leading):] if len(leading) <= len(params) else []
    keywordable = set(p.name for p in named if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    unknown = [] if has_var_kw else [k for k in kwargs if k not in keywordable]
    missing = [
        p.name for p in named
        if p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and p.name not in kwargs
    ]
    problems = []
    if unknown:
        problems.append("unknown parameter(s) %s" % ", ".join("'%s'" % k for k in sorted(unknown)))
    if missing:
        problems.append("missing required parameter(s) %s" % ", ".join("'%s'" % k for k in missing))
    if not problems:
        try:
            sig.bind(*leading, **kwargs)
            return
        except TypeError as exc:
            problems.append(str(exc))
    raise SetupError(
        "%s: %s; it takes %s, given: %s" % (what, "; ".join(problems), _format_params(sig), _given(kwargs)),
        "TypeError",
    )


def run_init(target, context, init_parameters, init_name):
    if target.init is None:
        return
    what = "init function '%s'" % init_name
    # Nothing to check (nor inspect to import) when a plain function takes context first and binds.
    if not (_binds_plainly(target.init, (context,), init_parameters) and target.init.__code__.co_varnames[0] == "context"):
        sig = _signature(target.init)
        if sig is not None:
            params = list(sig.parameters.values())
            first = params[0] if params else None
            if first is None or first.name != "context" or first.kind not in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD):
                raise SetupError("%s must take 'context' as its first parameter; it takes %s" % (what, _format_params(sig)), "TypeError")
            check_call(sig, what, (context,), init_parameters)
    try:
        target.init(context, **init_parameters)
    except BaseException as exc:
        if isinstance(exc, _PASS_THROUGH):
            raise
        _debug_traceback(exc)
        raise SetupError("%s failed: %s" % (what, _describe_user_exception(exc)), type(exc).__name__)


# --------------------------------------------------------------------------------------------
# Job
# --------------------------------------------------------------------------------------------

_TEMP_OPEN_FLAGS = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                    | getattr(os, "O_NOINHERIT", 0) | getattr(os, "O_BINARY", 0))


def _mkstemp(directory, prefix):
    """tempfile.mkstemp(prefix=prefix, dir=directory) without importing tempfile (and with it
    shutil, random and the compression modules): a new 0600 file, opened exclusively."""
    for _ in range(10000):
        path = os.path.join(directory, prefix + os.urandom(4).hex())
        try:
            return os.open(path, _TEMP_OPEN_FLAGS, 0o600), path
        except FileExistsError:
            continue
    raise FileExistsError("no usable temporary file name found in %s" % directory)


def _atomic_write_bytes(path, data):
    directory = os.path.dirname(path)
    fd, tmp = _mkstemp(directory, ".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # Readers (the executor, kubelet) only ever see the old or the complete new file.
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _atomic_write_json(path, doc):
    _atomic_write_bytes(path, json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8"))


def _plain_result(value):
    """Scalars as their plain JSON type (subclasses such as IntEnum or numpy floats unwrapped)."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        value = float(value)
        # NaN/Infinity are not JSON; status.json must stay parseable by any reader. x - x is 0
        # exactly for finite x and NaN otherwise (math.isfinite without importing math).
        return value if value - value == 0.0 else repr(value)
    return str(value)


class _HashingWriter(object):
    def __init__(self, handle):
        import hashlib

        self.handle = handle
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        self.sha.update(data)
        self.size += len(data)
        self.handle.write(data)


def _file_path_of(value):
    path = getattr(value, "path", None)
    if path is None and isinstance(value, os.PathLike):
        path = value
    if path is None:
        return None
    try:
        path = os.fspath(path)
    except TypeError:
        return None
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    return path if isinstance(path, str) and os.path.isfile(path) else None


def _pickle_dump(value, handle):
    import pickle

    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)


def _write_output(output_dir, name, value):
    """Write one output artifact atomically; returns its status entry."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        fmt, suffix, writer = "bytes", ".bin", lambda w: w.write(bytes(value))
    elif isinstance(value, (dict, list)):
        fmt, suffix = "json", ".json"
        try:
            payload = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
            writer = lambda w: w.write(payload)
        except (TypeError, ValueError):
            fmt, suffix, writer = "pickle", ".pkl", None
    else:
        source = _file_path_of(value)
        if source is not None:
            fmt, suffix = "file", _file_suffix(source)
            writer = None
        else:
            try:
                payload = json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
                fmt, suffix, writer = "json", ".json", lambda w: w.write(payload)
            except (TypeError, ValueError):
                fmt, suffix, writer = "pickle", ".pkl", None
    if fmt == "pickle":
        writer = lambda w: _pickle_dump(value, w)

    file_name = name + suffix
    final = os.path.join(output_dir, file_name)
    fd, tmp = _mkstemp(output_dir, ".tmp-" + name)
    try:
        with os.fdopen(fd, "wb") as handle:
            hashing = _HashingWriter(handle)
            if fmt == "file":
                import shutil

                with open(source, "rb") as src:
                    shutil.copyfileobj(src, hashing, 1024 * 1024)
            else:
                writer(hashing)
        os.replace(tmp, final)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, _PASS_THROUGH):
            raise
        if isinstance(exc, OSError):
            raise HandlerError("cannot write output '%s' to %s: %s" % (name, final, exc), type(exc).__name__)
        raise HandlerError(
            "output '%s' (%s) cannot be stored as %s: %s: %s" % (name, type(value).__name__, fmt, type(exc).__name__, _one_line(exc, 300)),
            type(exc).__name__,
        )
    return {"file": file_name, "format": fmt, "size": hashing.size, "sha256": hashing.sha.hexdigest()}


def _file_suffix(path):
    base = os.path.basename(path)
    # Keep compound extensions such as .tar.gz or .csv.gz so the copy stays recognisable.
    parts = base.split(".")
    if len(parts) >= 3 and len(parts[-1]) <= 4 and len(parts[-2]) <= 4:
        return "." + ".".join(parts[-2:])
    return os.path.splitext(base)[1]


def map_job_return(value, declared, output_dir):
    if value is None:
        return {}, {}
    values = list(value) if isinstance(value, (tuple, list)) else [value]
    if declared is not None and len(declared) < len(values):
        raise HandlerError(
            "handler returned %d value(s) but only %d output name(s) are declared (%s)"
            % (len(values), len(declared), ", ".join(declared) or "none"),
            "OutputNamesError",
        )
    results, outputs = {}, {}
    try:
        for index, item in enumerate(values):
            name = declared[index] if declared is not None else "output_%d" % index
            if item is None:
                continue
            if isinstance(item, (str, int, float, bool)):
                results[name] = _plain_result(item)
            else:
                outputs[name] = _write_output(output_dir, name, item)
    except HandlerError:
        # An ERROR run registers no outputs; do not leave half of them behind either.
        for entry in outputs.values():
            try:
                os.unlink(os.path.join(output_dir, entry["file"]))
            except OSError:
                pass
        raise
    return results, outputs


def _fit_termination(doc, cap=TERMINATION_LOG_CAP):
    """Compact JSON of doc no larger than cap bytes, shrinking the least useful parts first."""

    def dump(d):
        return json.dumps(d, separators=(",", ":"), ensure_ascii=True)

    text = dump(doc)
    if len(text) <= cap:
        return text
    doc = dict(doc)
    doc["truncated"] = True
    if doc.get("error"):
        error = dict(doc["error"])
        error["message"] = error.get("message", "")[:1024]
        doc["error"] = error
    results = dict(doc.get("results") or {})
    for key, value in list(results.items()):
        if isinstance(value, str) and len(value) > 256:
            results[key] = value[:256] + "..."
    doc["results"] = results
    text = dump(doc)
    while len(text) > cap and results:
        results.pop(next(reversed(list(results))))
        text = dump(doc)
    outputs = list(doc.get("outputs") or [])
    doc["outputs"] = outputs
    while len(text) > cap and outputs:
        outputs.pop()
        text = dump(doc)
    if len(text) > cap and doc.get("error"):
        doc["error"]["message"] = doc["error"]["message"][:200]
        text = dump(doc)
    if len(text) > cap:
        text = dump({"state": doc.get("state"), "truncated": True})
    return text


def write_job_status(output_dir, state, results, outputs, error):
    status = {"state": state, "results": results, "outputs": outputs, "error": error}
    status_error = None
    if output_dir:
        try:
            _atomic_write_json(os.path.join(output_dir, "status.json"), status)
        except (OSError, TypeError, ValueError) as exc:
            status_error = exc
    write_termination_log(state, results, list(outputs), error)
    if status_error is not None:
        raise SetupError("cannot write %s: %s" % (os.path.join(output_dir, "status.json"), status_error), type(status_error).__name__)


def write_termination_log(state, results, output_names, error):
    path = os.environ.get("PYTHONRUNTIME_TERMINATION_LOG")
    if not path:
        return
    text = _fit_termination({"state": state, "results": results, "outputs": output_names, "error": error})
    try:
        with open(path, "w", encoding="ascii") as handle:
            handle.write(text)
    except OSError as exc:
        _logger().warning("cannot write termination log %s: %s", path, exc)


def _print_handler_traceback(exc):
    # Drop the runner's own frames: the user only needs to see their code.
    tb = exc.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == _RUNNER_FILE:
        tb = tb.tb_next
    _print_exception(exc, tb if tb is not None else exc.__traceback__)


def build_job_kwargs(spec, target, context):
    kwargs = dict(spec["parameters"])
    for name, item in spec["inputs"].items():
        kwargs[name] = Input(item.get("key"), item.get("name") or name, item["path"])
    named = _keyword_params(target.handler)
    if named is not None:
        injected = {
            "context": context,
            "project": Project(spec.get("project")),
            "run": Run(spec.get("run_id"), spec.get("run_key")),
        }
        for reserved in RESERVED_JOB_ARGS:
            if reserved in named:
                if reserved in kwargs:
                    raise SetupError(
                        "handler %s: parameter or input '%s' clashes with the injected '%s' object; rename it"
                        % (target.label, reserved, reserved),
                        "TypeError",
                    )
                kwargs[reserved] = injected[reserved]
        if not _binds_plainly(target.handler, (), kwargs):
            check_call(_signature(target.handler), "handler %s" % target.label, (), kwargs)
    return kwargs


def run_job(spec):
    output_dir = spec["output_dir"]
    try:
        os.makedirs(output_dir, exist_ok=True)
    except OSError as exc:
        return _fail_setup(None, SetupError("cannot create output_dir %s: %s" % (output_dir, exc), type(exc).__name__))
    try:
        target = resolve_target(spec)
        context = Context(spec)
        run_init(target, context, spec["init_parameters"], spec.get("init_function"))
        kwargs = build_job_kwargs(spec, target, context)
    except SetupError as exc:
        return _fail_setup(output_dir, exc)

    try:
        value = target.handler(**kwargs)
    except BaseException as exc:
        if isinstance(exc, _PASS_THROUGH):
            raise
        _flush_std()
        _print_handler_traceback(exc)
        error = {"category": "handler", "type": type(exc).__name__, "message": _one_line(exc, 4000) or type(exc).__name__}
        _report("handler error", "%s: %s" % (error["type"], error["message"]))
        return _finish_job(output_dir, "ERROR", {}, {}, error, EXIT_HANDLER)

    # An empty list declares nothing (serializers often write [] for "not set").
    declared = spec.get("outputs") or target.declared_outputs or None
    try:
        results, outputs = map_job_return(value, declared, output_dir)
    except HandlerError as exc:
        error = {"category": "handler", "type": exc.exc_type, "message": str(exc)}
        _report("handler error", str(exc))
        return _finish_job(output_dir, "ERROR", {}, {}, error, EXIT_HANDLER)
    return _finish_job(output_dir, "COMPLETED", results, outputs, None, EXIT_OK)


def _finish_job(output_dir, state, results, outputs, error, code):
    _flush_std()
    try:
        write_job_status(output_dir, state, results, outputs, error)
    except SetupError as exc:
        _report("setup error", str(exc))
        return EXIT_SETUP
    return code


def _fail_setup(output_dir, exc):
    error = {"category": "setup", "type": exc.exc_type, "message": str(exc)}
    _flush_std()
    _report("setup error", str(exc))
    if output_dir is not None:
        try:
            write_job_status(output_dir, "ERROR", {}, {}, error)
        except SetupError as inner:
            _report("setup error", str(inner))
    else:
        write_termination_log("ERROR", {}, [], error)
    return EXIT_SETUP


def _report(kind, message):
    try:
        sys.stderr.write("pythonruntime: %s: %s\n" % (kind, _one_line(message, 8000)))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _flush_std():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass


# --------------------------------------------------------------------------------------------
# Serve
# --------------------------------------------------------------------------------------------

# Filled in by _load_serve(); a job never needs any of this.
_Server = _HealthHandler = _AppHandler = _REASONS = None


def _load_serve():
    """Import the HTTP machinery and build the server and handler classes (serve mode only).

    These imports are the largest part of the runner's start-up, so a job never makes them.
    The classes below are written as mixins and only combined with their http.server bases
    here; the mixin comes first, so its methods and settings win as in a plain subclass.
    """
    global email, http, parse_qsl, signal, socket, socketserver, struct, threading
    global _Server, _HealthHandler, _AppHandler, _REASONS
    global _HEADER_NAME_RE, _BAD_HEADER_VALUE_RE, _TOKEN_RE, _HTTP_VERSION_RE, _ABSOLUTE_FORM_RE, _DIGITS_RE
    if _Server is not None:
        return
    import email.utils
    import http.server
    import signal
    import socket
    import socketserver
    import struct
    import threading
    from urllib.parse import parse_qsl

    _HEADER_NAME_RE = re.compile(r"\A[!#$%&'*+.^_`|~0-9A-Za-z-]+\Z")
    _BAD_HEADER_VALUE_RE = re.compile(r"[\r\n\x00]")
    _TOKEN_RE = _HEADER_NAME_RE
    _HTTP_VERSION_RE = re.compile(r"\AHTTP/[0-9]+\.[0-9]+\Z")
    _ABSOLUTE_FORM_RE = re.compile(r"\Ahttps?://[^/?#]*([/?].*)?\Z", re.IGNORECASE)
    _DIGITS_RE = re.compile(r"\A[0-9]{1,18}\Z")
    _REASONS = dict((s.value, s.phrase) for s in http.server.HTTPStatus)
    _HealthHandler = type("_HealthHandler", (_HealthHandlerMixin, http.server.BaseHTTPRequestHandler), {})
    _AppHandler = type("_AppHandler", (_AppHandlerMixin, http.server.BaseHTTPRequestHandler), {})
    _Server = type("_Server", (_ServerMixin, http.server.ThreadingHTTPServer), {})


_date_cache = [0, ""]


def _http_date():
    # One formatting per second instead of per response.
    now = int(time.time())
    if _date_cache[0] != now:
        _date_cache[1] = email.utils.formatdate(now, usegmt=True)
        _date_cache[0] = now
    return _date_cache[1]


_TEXT = "text/plain; charset=utf-8"
_JSON = "application/json"
_OCTETS = "application/octet-stream"


def _json_bytes(doc):
    # allow_nan=False: NaN/Infinity are not JSON and strict clients (System.Text.Json) reject them.
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


class Unmappable(Exception):
    pass


def _map_body(body):
    """(content_type, bytes) for a handler body; bytes is None for 'no content'."""
    if isinstance(body, str):
        return _TEXT, body.encode("utf-8")
    if isinstance(body, (dict, list)):
        try:
            return _JSON, _json_bytes(body)
        except (TypeError, ValueError) as exc:
            raise Unmappable("handler returned a %s that is not JSON-serializable: %s" % (type(body).__name__, exc))
    if isinstance(body, (bytes, bytearray, memoryview)):
        return _OCTETS, bytes(body)
    if body is None:
        return None, None
    raise Unmappable(
        "handler returned %s; return str, bytes, dict, list, None, (status, body) or (status, body, headers)"
        % type(body).__name__
    )


def map_serve_return(value):
    """(status, content_type, body_bytes_or_None, extra_headers) for a handler return value."""
    if isinstance(value, tuple):
        if len(value) not in (2, 3):
            raise Unmappable("handler returned a tuple of %d items; expected (status, body) or (status, body, headers)" % len(value))
        status = value[0]
        # 1xx are interim responses and cannot end a request.
        if isinstance(status, bool) or not isinstance(status, int) or not 200 <= status <= 599:
            raise Unmappable("handler returned status %r; expected an int between 200 and 599" % (status,))
        content_type, body = _map_body(value[1])
        headers = None
        if len(value) == 3 and value[2] is not None:
            headers = _check_headers(value[2])
        if body is None and status != 204 and status != 304:
            body = b""
        return status, content_type, body, headers
    content_type, body = _map_body(value)
    return (204 if body is None else 200), content_type, body, None


def _check_headers(headers):
    if not isinstance(headers, dict):
        raise Unmappable("handler returned headers of type %s; expected a dict" % type(headers).__name__)
    checked = []
    for name, value in headers.items():
        value = value if isinstance(value, str) else str(value)
        if not isinstance(name, str) or not _HEADER_NAME_RE.match(name) or _BAD_HEADER_VALUE_RE.search(value):
            raise Unmappable("handler returned an invalid header %r" % (name,))
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise Unmappable("handler returned header %r with a non-latin-1 value" % (name,))
        lower = name.lower()
        # Framing headers are ours: a wrong Content-Length would corrupt the connection.
        if lower in ("content-length", "transfer-encoding", "connection"):
            continue
        checked.append((name, value))
    return checked


class _Lifecycle(object):
    """Readiness and drain state, shared by the app and health servers."""

    def __init__(self):
        self.ready = False
        self.draining = False


class _Tracker(object):
    """In-flight requests and idle keep-alive connections of one server, for a graceful drain."""

    def __init__(self):
        self.cond = threading.Condition()
        self.active = 0
        self.idle = set()
        self.closing = False

    def connection_open(self, sock):
        with self.cond:
            if not self.closing:
                self.idle.add(sock)

    def connection_closed(self, sock):
        with self.cond:
            self.idle.discard(sock)

    def begin(self, sock):
        with self.cond:
            self.idle.discard(sock)
            self.active += 1

    def end(self, sock):
        with self.cond:
            self.active -= 1
            if not self.closing:
                self.idle.add(sock)
            if self.active == 0:
                self.cond.notify_all()

    def close_idle(self):
        with self.cond:
            self.closing = True
            idle = list(self.idle)
            self.idle.clear()
        # Idle keep-alive threads sit in recv() until the client speaks; EOF ends them now,
        # between requests, instead of at process exit in the middle of one.
        for sock in idle:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def wait_idle(self, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.active > 0:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self.cond.wait(remaining)
        return True


class _ServerMixin(object):
    # Combined with http.server.ThreadingHTTPServer into _Server by _load_serve().
    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True

    def server_bind(self):
        # HTTPServer.server_bind resolves the host name (getfqdn), which can stall for
        # seconds without DNS; nothing here needs the name.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address):
        # A client vanishing mid-request is normal; the default dumps a traceback.
        exc = sys.exc_info()[1]
        if isinstance(exc, (OSError, ValueError)):
            return
        log.error("connection from %s failed", client_address[0] if client_address else "?", exc_info=True)


def _make_server(host, port, handler_class):
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server_class = type("_BoundServer", (_Server,), {"address_family": family})
    return server_class((host, port), handler_class)


def _set_idle_timeout(sock, seconds):
    """Bound how long a recv/send may block, without putting the socket in timeout mode.

    With SO_RCVTIMEO/SO_SNDTIMEO a blocked call fails with EAGAIN after `seconds`; the
    buffered reader then reports EOF and the connection is closed, so silent or vanished
    clients cannot pin a thread forever.
    """
    try:
        if sys.platform == "win32":
            value = struct.pack("I", int(seconds * 1000))
        else:
            value = struct.pack("ll", int(seconds), int((seconds % 1) * 1000000))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, value)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, value)
    except (OSError, AttributeError, struct.error):
        # Platform without these options (or another timeval layout): the slower but
        # portable Python-level timeout.
        sock.settimeout(seconds)


class _BaseHandlerMixin(object):
    # The handlers' shared part; _load_serve() combines the handlers with
    # http.server.BaseHTTPRequestHandler.
    protocol_version = "HTTP/1.1"
    server_version = "pythonruntime"
    # No Python-level socket timeout: it turns every recv/send into poll + call, two GIL
    # round trips, which cost ~30% CPU per request. Idle limits are set in the kernel instead.
    timeout = None
    # Set per server by type() in run_serve.
    lifecycle = None
    tracker = None
    access_log = False
    idle_timeout = KEEPALIVE_IDLE_TIMEOUT

    def setup(self):
        http.server.BaseHTTPRequestHandler.setup(self)
        # Responses go out in one send; NODELAY additionally keeps a response that still
        # spans several segments from waiting on the client's delayed ACK (~40 ms on Linux).
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        _set_idle_timeout(self.connection, self.idle_timeout)
        self.discard_input = False
        self.tracker.connection_open(self.connection)

    def finish(self):
        self.tracker.connection_closed(self.connection)
        try:
            http.server.BaseHTTPRequestHandler.finish(self)
        except OSError:
            pass
        if self.discard_input:
            _lingering_close(self.connection)

    def handle_one_request(self):
        # Replaces the stdlib version to count in-flight requests (for the drain) and to
        # dispatch every method to one place instead of do_<METHOD> lookups.
        try:
            line = self.rfile.readline(65537)
        except (OSError, ValueError):
            self.close_connection = True
            return
        if not line:
            self.close_connection = True
            return
        tracker = self.tracker
        tracker.begin(self.connection)
        started = time.monotonic() if self.access_log else 0.0
        self._status = 0
        self._sent = 0
        try:
            self.raw_requestline = line
            self.command = None
            self.request_version = "HTTP/0.9"
            if len(line) > 65536:
                self.requestline = ""
                self.send_error(414)
                return
            if not self.parse_request():
                return
            self.dispatch()
        except (OSError, ValueError):
            # Client went away or the socket timed out mid-request.
            self.close_connection = True
        finally:
            tracker.end(self.connection)
            if self.access_log and self._status:
                log.info(
                    '%s "%s" %d %d %.1fms',
                    self.client_address[0], getattr(self, "requestline", ""), self._status, self._sent,
                    (time.monotonic() - started) * 1000.0,
                )

    def parse_request(self):
        """Request line and header block into self.command/path/request_version/headers.

        Replaces the stdlib parser, which builds an email.message.Message per request and
        was the largest single cost per request; headers land directly in a Headers dict.
        Strict where leniency enables request smuggling: no obs-fold, no space before the
        colon, token header names only.
        """
        self.close_connection = True
        text = self.raw_requestline.decode("latin-1").rstrip("\r\n")
        self.requestline = text
        parts = text.split(" ")
        if len(parts) != 3:
            self.send_error(400, "bad request line %r" % text[:100])
            return False
        method, target, version = parts
        if version != "HTTP/1.1" and version != "HTTP/1.0":
            if _HTTP_VERSION_RE.match(version):
                self.send_error(505, "HTTP version %s not supported" % version)
            else:
                self.send_error(400, "bad request version %r" % version[:20])
            return False
        self.request_version = version
        if not _TOKEN_RE.match(method):
            self.send_error(400, "bad method %r" % method[:20])
            return False
        self.command = method
        if not target.startswith("/"):
            match = _ABSOLUTE_FORM_RE.match(target)
            if target == "*":
                target = "*"
            elif match:
                target = match.group(1) or "/"
            else:
                self.send_error(400, "bad request target %r" % target[:100])
                return False
        self.path = target

        headers = Headers()
        readline = self.rfile.readline
        count = 0
        while True:
            raw = readline(65537)
            if len(raw) > 65536:
                self.send_error(431, "header line too long")
                return False
            if raw == b"\r\n" or raw == b"\n":
                break
            if not raw:
                return False  # EOF inside the header block: nothing to answer
            count += 1
            if count > 100:
                self.send_error(431, "too many headers")
                return False
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep or not _TOKEN_RE.match(name):
                self.send_error(400, "bad header line %r" % raw[:100])
                return False
            key = name.lower()
            value = value.strip(" \t\r\n")
            previous = dict.get(headers, key)
            dict.__setitem__(headers, key, value if previous is None else previous + ", " + value)
        self.headers = headers

        connection = dict.get(headers, "connection")
        tokens = [t.strip().lower() for t in connection.split(",")] if connection else ()
        if "close" in tokens:
            self.close_connection = True
        elif version == "HTTP/1.1" or "keep-alive" in tokens:
            self.close_connection = False
        expect = dict.get(headers, "expect")
        if expect is not None and expect.lower() == "100-continue" and version == "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def handle_expect_100(self):
        self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        return True

    def dispatch(self):
        raise NotImplementedError

    def respond(self, status, content_type, body, extra_headers=None):
        """Status line, headers and body in a single send: no small-write stall, one syscall."""
        if self.lifecycle.draining:
            self.close_connection = True
        head = "HTTP/1.1 %d %s\r\nDate: %s\r\nServer: pythonruntime\r\n" % (
            status, _REASONS.get(status, "Status"), _http_date())
        if extra_headers:
            for name, value in extra_headers:
                if name.lower() == "content-type":
                    content_type = value
                else:
                    head += "%s: %s\r\n" % (name, value)
        # RFC 9110: a 204/304 has no body and a 204 must not carry Content-Length.
        bodyless = status == 204 or status == 304
        if bodyless:
            body = None
        if content_type is not None and body is not None:
            head += "Content-Type: %s\r\n" % content_type
        if not bodyless:
            head += "Content-Length: %d\r\n" % (len(body) if body else 0)
        if self.close_connection:
            head += "Connection: close\r\n\r\n"
        elif self.request_version == "HTTP/1.0":
            head += "Connection: keep-alive\r\n\r\n"
        else:
            head += "\r\n"
        data = head.encode("latin-1")
        if body and self.command != "HEAD":
            data += body
        self._status = status
        self._sent = len(body) if body else 0
        self.wfile.write(data)

    def send_error(self, code, message=None, explain=None):
        # Replaces the stdlib HTML error page (written in two sends) with JSON in one.
        self.close_connection = True
        if message is None:
            message = _REASONS.get(code, "error")
        try:
            self.respond(code, _JSON, _json_bytes({"error": message}))
        except OSError:
            pass

    def log_message(self, format, *args):
        if self.access_log:
            log.info("%s %s", self.client_address[0], format % args)


def _lingering_close(sock, limit=64 * 1024 * 1024, seconds=2.0):
    """Read and drop what the client is still sending after an early error response.

    Closing with unread data makes the kernel send RST, and the client may then lose our
    413 before reading it.
    """
    try:
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + seconds
        received = 0
        while received < limit:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            sock.settimeout(remaining)
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += len(chunk)
    except OSError:
        pass


class _HealthHandlerMixin(_BaseHandlerMixin):
    def dispatch(self):
        path = self.path.partition("?")[0]
        if self.command not in ("GET", "HEAD"):
            self.respond(405, _JSON, _json_bytes({"error": "method not allowed"}), [("Allow", "GET, HEAD")])
        elif path == "/healthz":
            self.respond(200, _JSON, b'{"status":"alive"}')
        elif path == "/readyz":
            lifecycle = self.lifecycle
            if lifecycle.draining:
                # Tells Kubernetes to take the pod out of the Service before we close.
                self.respond(503, _JSON, b'{"status":"stopping"}')
            elif lifecycle.ready:
                self.respond(200, _JSON, b'{"status":"ready"}')
            else:
                self.respond(503, _JSON, b'{"status":"not ready"}')
        else:
            self.respond(404, _JSON, _json_bytes({"error": "not found; use /healthz or /readyz"}))


class _AppHandlerMixin(_BaseHandlerMixin):
    # Set per server by type() in run_serve / once init succeeded.
    target = None
    context = None
    max_body = DEFAULT_MAX_BODY

    def handle_expect_100(self):
        # Refuse an oversized body before the client sends it.
        length = dict.get(self.headers, "content-length")
        if length is not None and _DIGITS_RE.match(length) and int(length) > self.max_body:
            self.discard_input = True
            self.send_error(413, "request body larger than %d bytes" % self.max_body)
            return False
        return _BaseHandlerMixin.handle_expect_100(self)

    def _read_body(self):
        """The request body, or None after an error response has been sent."""
        headers = self.headers
        te = dict.get(headers, "transfer-encoding")
        length = dict.get(headers, "content-length")
        if te is not None:
            if length is not None:
                # Both framings at once is the request-smuggling pattern; refuse it.
                self.send_error(400, "both Transfer-Encoding and Content-Length given")
                return None
            if te.strip().lower() != "chunked":
                self.send_error(501, "unsupported Transfer-Encoding %r" % te)
                return None
            return self._read_chunked()
        if length is None:
            return b""
        if not _DIGITS_RE.match(length):
            self.send_error(400, "invalid Content-Length")
            return None
        size = int(length)
        if size > self.max_body:
            self.discard_input = True
            self.send_error(413, "request body larger than %d bytes" % self.max_body)
            return None
        if size == 0:
            return b""
        data = self.rfile.read(size)
        if data is None or len(data) != size:
            # Client went away, or the kernel timeout fired (read() then returns None).
            self.close_connection = True
            return None
        return data

    def _read_chunked(self):
        chunks = []
        total = 0
        while True:
            line = self.rfile.readline(1026)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                self.send_error(400, "invalid chunked encoding")
                return None
            if size < 0:
                self.send_error(400, "invalid chunked encoding")
                return None
            if size == 0:
                break
            total += size
            if total > self.max_body:
                self.discard_input = True
                self.send_error(413, "request body larger than %d bytes" % self.max_body)
                return None
            data = self.rfile.read(size)
            if data is None or len(data) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                self.send_error(400, "truncated chunked body")
                return None
            chunks.append(data)
        for _ in range(100):  # trailer section, bounded like the header block
            line = self.rfile.readline(65537)
            if line in (b"\r\n", b"\n", b""):
                break
        return b"".join(chunks)

    def dispatch(self):
        if not self.lifecycle.ready:
            self.close_connection = True
            self.respond(503, _JSON, b'{"error":"not ready"}')
            return
        raw = self._read_body()
        if raw is None:
            return
        headers = self.headers
        body = raw
        content_type = dict.get(headers, "content-type")
        if content_type is not None:
            mime = content_type.partition(";")[0].strip().lower()
            if mime == "application/json" or (mime.startswith("application/") and mime.endswith("+json")):
                if raw:
                    try:
                        body = json.loads(raw)
                    except ValueError as exc:
                        self.respond(400, _JSON, _json_bytes({"error": "invalid JSON body: %s" % exc, "type": type(exc).__name__}))
                        return
                else:
                    body = None
        path, _, query_string = self.path.partition("?")
        query = {}
        query_list = {}
        if query_string:
            for key, value in parse_qsl(query_string, keep_blank_values=True):
                query[key] = value
                query_list.setdefault(key, []).append(value)
        event = Event(self.command, path, headers, query, query_list, body, raw)
        target = self.target
        try:
            value = target.handler(self.context, event)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            log.error("handler %s raised on %s %s", target.label, self.command, path, exc_info=True)
            self.respond(500, _JSON, _error_body(exc))
            return
        try:
            status, content_type, data, extra = map_serve_return(value)
        except Unmappable as exc:
            log.error("handler %s on %s %s: %s", target.label, self.command, path, exc)
            self.respond(500, _JSON, _json_bytes({"error": str(exc), "type": "UnmappableResponse"}))
            return
        self.respond(status, content_type, data, extra)


def _error_body(exc):
    try:
        return _json_bytes({"error": _safe_str(exc), "type": type(exc).__name__})
    except Exception:
        return _json_bytes({"error": "handler raised %s" % type(exc).__name__, "type": type(exc).__name__})


def _format_host(host):
    return "[%s]" % host if ":" in host else host


def _env_number(name, default, cast):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = cast(raw)
    except ValueError:
        raise InvocationError("env %s=%r is not a number" % (name, raw))
    if value < 0:
        raise InvocationError("env %s must not be negative" % name)
    return value


def check_serve_handler(target, context):
    sig = _signature(target.handler)
    if sig is None:
        return
    try:
        sig.bind(context, None)
    except TypeError:
        raise SetupError(
            "serve handler %s must accept (context, event); it takes %s" % (target.label, _format_params(sig)),
            "TypeError",
        )


def run_serve(spec):
    _load_serve()
    _logger()
    max_body = _env_number("PYTHONRUNTIME_MAX_BODY", DEFAULT_MAX_BODY, int)
    grace = _env_number("PYTHONRUNTIME_SHUTDOWN_TIMEOUT", DEFAULT_SHUTDOWN_TIMEOUT, float)
    access_log = os.environ.get("PYTHONRUNTIME_ACCESS_LOG") == "1"
    idle_timeout = _env_number("PYTHONRUNTIME_KEEPALIVE_TIMEOUT", KEEPALIVE_IDLE_TIMEOUT, float)
    if idle_timeout < 0.001:
        raise InvocationError("env PYTHONRUNTIME_KEEPALIVE_TIMEOUT must be positive")
    lifecycle = _Lifecycle()
    app_tracker = _Tracker()
    context = Context(spec)
    app_class = type("AppHandler", (_AppHandler,), {
        "lifecycle": lifecycle, "tracker": app_tracker, "context": context,
        "max_body": max_body, "access_log": access_log, "idle_timeout": idle_timeout,
    })
    health_class = type("HealthHandler", (_HealthHandler,), {
        "lifecycle": lifecycle, "tracker": _Tracker(), "access_log": access_log, "idle_timeout": idle_timeout,
    })
    host = spec["host"]
    servers = []
    for port, handler_class in ((spec["port"], app_class), (spec["health_port"], health_class)):
        try:
            servers.append(_make_server(host, port, handler_class))
        except OSError as exc:
            _report("setup error", "cannot listen on %s:%s: %s" % (host, port, exc.strerror or exc))
            return _exit_now(EXIT_SETUP)
    app_server, health_server = servers
    stop = threading.Event()

    def on_signal(signum, frame):
        if stop.is_set():
            # A second Ctrl+C / SIGTERM means "now", not "gracefully".
            _exit_now(EXIT_HANDLER)
        stop.set()
        if not lifecycle.ready:
            raise _Stop()

    url = "http://%s:%d" % (_format_host(host), app_server.server_port)
    health_url = "http://%s:%d" % (_format_host(host), health_server.server_port)
    # Until ready, a signal aborts whatever the main thread is doing (typically a slow
    # import or init) via _Stop, caught below.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        for server in servers:
            threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.25},
                name="http-%d" % server.server_port, daemon=True,
            ).start()
        sys.stdout.write("pythonruntime: serving on %s health %s\n" % (url, health_url))
        sys.stdout.flush()
        if spec.get("output_dir"):
            try:
                os.makedirs(spec["output_dir"], exist_ok=True)
                _atomic_write_json(os.path.join(spec["output_dir"], "serve.json"),
                                   {"url": url, "health_url": health_url, "pid": os.getpid()})
            except OSError as exc:
                _report("setup error", "cannot write serve.json in %s: %s" % (spec["output_dir"], exc))
                return _exit_now(EXIT_SETUP)
        try:
            target = resolve_target(spec)
            check_serve_handler(target, context)
            run_init(target, context, spec["init_parameters"], spec.get("init_function"))
        except SetupError as exc:
            _report("setup error", str(exc))
            return _exit_now(EXIT_SETUP)
        app_class.target = target
        lifecycle.ready = True
        log.info("ready: handler %s", target.label)
    except _Stop:
        return _exit_now(EXIT_OK)

    while not stop.wait(1.0):
        pass

    log.info("stopping: finishing in-flight requests (up to %gs)", grace)
    lifecycle.draining = True
    app_tracker.close_idle()
    app_server.shutdown()
    app_server.server_close()
    if not app_tracker.wait_idle(grace):
        log.warning("stopping with %d request(s) still running after %gs", app_tracker.active, grace)
    return _exit_now(EXIT_OK)


def _exit_now(code):
    import logging

    _flush_std()
    logging.shutdown()
    # Skip interpreter teardown: non-daemon threads started by user code must not keep a
    # stopped service alive until the kubelet's SIGKILL; the OS closes the sockets.
    os._exit(code)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

def _configure_streams():
    # Line buffering: handler output reaches `kubectl logs` / the executor line by line
    # even when stdout is a pipe, without a syscall per partial write.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True)
        except (AttributeError, ValueError):
            pass


# The stderr the runner started with: the logger writes there even when user code has
# replaced sys.stderr by the time it first logs.
_log_stream = [None]


def _logger():
    """The "pythonruntime" logger (Context.logger), set up on first use."""
    global log
    if log is None:
        import logging

        logger = logging.getLogger("pythonruntime")
        handler = logging.StreamHandler(_log_stream[0] or sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        # Our records go to stderr exactly once, whatever the user does with the root logger.
        logger.propagate = False
        log = logger
    return log


def main(argv=None):
    _configure_streams()
    _log_stream[0] = sys.stderr
    try:
        mode, spec = parse_invocation(sys.argv[1:] if argv is None else argv)
    except InvocationError as exc:
        _report("invalid invocation", str(exc))
        write_termination_log("ERROR", {}, [], {"category": "invocation", "type": "InvocationError", "message": str(exc)})
        return EXIT_INVOCATION
    try:
        if mode == "job":
            return run_job(spec)
        return run_serve(spec)
    except InvocationError as exc:
        _report("invalid invocation", str(exc))
        write_termination_log("ERROR", {}, [], {"category": "invocation", "type": "InvocationError", "message": str(exc)})
        return EXIT_INVOCATION
    except KeyboardInterrupt:
        _report("interrupted", "KeyboardInterrupt")
        return 130
    finally:
        _flush_std()


if __name__ == "__main__":
    sys.exit(main())
