using System.Globalization;

namespace PythonRuntime.Bench.Validation;

/// <summary>Writes a repository with a project file and many realistic, valid function definitions.</summary>
internal static class GeneratedRepository
{
    private const string Project = """
        name: bench
        registry: 127.0.0.1:5000
        namespace: default
        base_images:
          PYTHON3_11: python:3.11-slim
        defaults:
          resources:
            cpu: {requests: 100m, limits: "1"}
            mem: {requests: 128Mi, limits: 512Mi}
        profiles:
          small:
            resources:
              cpu: {requests: 50m, limits: 250m}
              mem: {requests: 64Mi, limits: 128Mi}

        """;

    private const string Function = """
        # yaml-language-server: $schema=../../schemas/function.schema.json
        name: __NAME__
        kind: python
        python_version: PYTHON3_11
        description: Generated function number __INDEX__ for the validation benchmark.
        labels: [bench, group-__GROUP__]
        code_src: main.py
        handler: main:handler
        init_function: init
        base_image: python:3.11-slim
        requirements:
          - requests==2.32.3
          - pandas>=2,<3; python_version >= "3.10"
        outputs: [total, report]
        tasks:
          build:
            instructions: ["python3 -c 'import json'"]
          job:
            profile: small
            resources:
              cpu: 200m
              mem: {requests: 64Mi, limits: 128Mi}
            envs:
              - {name: LOG_LEVEL, value: info}
              - {name: BATCH, value: "__INDEX__"}
            secrets: [bench-token]
            node_selector: {kubernetes.io/os: linux}
            tolerations:
              - {key: dedicated, operator: Equal, value: batch, effect: NoSchedule}
            affinity:
              nodeAffinity:
                preferredDuringSchedulingIgnoredDuringExecution:
                  - weight: 10
                    preference:
                      matchExpressions:
                        - {key: kubernetes.io/arch, operator: In, values: [amd64]}
            volumes:
              - {name: scratch, volume_type: empty_dir, mount_path: /scratch, spec: {size_limit: 64Mi}}
          serve:
            replicas: 2
            service_type: ClusterIP
        run:
          parameters: {size: __INDEX__, label: bench}
          init_parameters: {verbose: false}

        """;

    public static void Write(string root, int count)
    {
        File.WriteAllText(Path.Combine(root, "project.yaml"), Project);
        for (var i = 0; i < count; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"fn-{i:D4}");
            var folder = Path.Combine(root, "functions", name);
            Directory.CreateDirectory(folder);
            var yaml = Function
                .Replace("__NAME__", name, StringComparison.Ordinal)
                .Replace("__INDEX__", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("__GROUP__", (i % 10).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(folder, "function.yaml"), yaml);
            File.WriteAllText(Path.Combine(folder, "main.py"), "def init(context, verbose=False):\n    pass\n\n\ndef handler(size, label):\n    return size, {'label': label}\n");
        }
    }
}
