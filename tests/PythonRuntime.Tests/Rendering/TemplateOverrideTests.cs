using NUnit.Framework;
using PythonRuntime.Diagnostics;
using PythonRuntime.Rendering.Templates;

namespace PythonRuntime.Tests.Rendering;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TemplateOverrideTests
{
    private const string ErrorFormat = @"job\.yaml\.sbn\(\d+,\d+\): error: ";

    [Test]
    public async Task An_override_replaces_only_its_own_template_and_the_others_stay_built_in()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var builtIn = await fixture.RenderOneAsync();
        var folder = Overrides(fixture, ReplaceFirst(
            TemplateCatalog.BuiltInText(TemplateNames.Job),
            "  annotations:\n",
            "  annotations:\n    \"team.example.com/owner\": \"data\"\n"));
        fixture.Options = fixture.Options with { TemplatesDirectory = folder };

        var custom = await fixture.RenderOneAsync();

        Assert.That(custom.ReadJob().Metadata.Annotations["team.example.com/owner"], Is.EqualTo("data"));
        foreach (var file in new[] { "Dockerfile", "serve.yaml", "build-job.yaml", "context.manifest" })
        {
            Assert.That(RenderFixture.Text(custom, file), Is.EqualTo(RenderFixture.Text(builtIn, file)), file);
        }
    }

    [Test]
    public async Task The_template_folder_named_in_the_project_is_used_and_the_option_wins_over_it()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        Overrides(fixture, Marked("from-project"), "project-templates");
        fixture.Project = fixture.Project with { Templates = "project-templates" };
        Assert.That((await fixture.RenderOneAsync()).ReadJob().Metadata.Annotations["marker"], Is.EqualTo("from-project"));

        fixture.Options = fixture.Options with { TemplatesDirectory = Overrides(fixture, Marked("from-option"), "option-templates") };
        Assert.That((await fixture.RenderOneAsync()).ReadJob().Metadata.Annotations["marker"], Is.EqualTo("from-option"));
    }

    [Test]
    public void A_template_that_does_not_parse_is_reported_as_file_line_column_error()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Options = fixture.Options with { TemplatesDirectory = Overrides(fixture, "apiVersion: batch/v1\nkind: {{ if }}\n") };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition));
        Assert.That(error.Message, Does.Match(ErrorFormat).And.Contain("job.yaml.sbn(2,"));
    }

    [Test]
    public void A_template_that_uses_an_unknown_variable_fails_at_that_line_instead_of_printing_nothing()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Options = fixture.Options with { TemplatesDirectory = Overrides(fixture, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ yaml meta.nmae }}\n") };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Match(ErrorFormat).And.Contain("job.yaml.sbn(4,"));
    }

    [Test]
    public void A_value_a_helper_refuses_is_reported_at_the_template_line_that_used_it()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var text = TemplateCatalog.BuiltInText(TemplateNames.Job).Replace("{{ dns_label meta.name }}", "{{ dns_label function.description }}", StringComparison.Ordinal);
        fixture.Options = fixture.Options with { TemplatesDirectory = Overrides(fixture, text) };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Match(ErrorFormat).And.Contain("'Says hello' is not a DNS-1123 label"));
    }

    [TestCase("            allowPrivilegeEscalation: false\n", "            allowPrivilegeEscalation: true\n", "allowPrivilegeEscalation")]
    [TestCase("            privileged: false\n", "            privileged: true\n", "privileged")]
    [TestCase("      automountServiceAccountToken: false\n", "", "automountServiceAccountToken")]
    [TestCase("        runAsUser: {{ pod.uid }}\n", "        runAsUser: 0\n", "runAsUser")]
    [TestCase("          image: {{ yaml container.image }}\n", "          image: \"attacker/image:1\"\n", "image")]
    [TestCase("            {{~ end ~}}\n          resources:", "            - name: \"EXTRA\"\n              value: \"1\"\n            {{~ end ~}}\n          resources:", "env")]
    public void An_override_that_weakens_the_pod_or_changes_what_it_runs_is_refused_with_its_file_and_line(string find, string replace, string key)
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var builtIn = TemplateCatalog.BuiltInText(TemplateNames.Job);
        Assert.That(builtIn, Does.Contain(find), "the test edits a line of the built-in template");
        var edited = ReplaceFirst(builtIn, find, replace);
        var folder = Overrides(fixture, edited);
        fixture.Options = fixture.Options with { TemplatesDirectory = folder };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.InvalidDefinition), "an override is the user's, not a bug of PythonRuntime");
        Assert.That(error.Message, Does.Contain(Path.Combine(folder, "job.yaml.sbn") + "(").And.Contain(key));
    }

    [Test]
    public void An_override_folder_with_an_unknown_template_name_is_refused()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        var folder = Overrides(fixture, TemplateCatalog.BuiltInText(TemplateNames.Job));
        File.WriteAllText(Path.Combine(folder, "job.yml.sbn"), "typo");
        fixture.Options = fixture.Options with { TemplatesDirectory = folder };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("'job.yml.sbn' is not a template"));
    }

    [Test]
    public void A_missing_override_folder_is_refused()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Options = fixture.Options with { TemplatesDirectory = Path.Combine(fixture.Root, "nowhere") };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Contain("nowhere").And.Contain("does not exist"));
    }

    [Test]
    public void An_override_cannot_loop_forever()
    {
        using var fixture = new RenderFixture();
        fixture.AddHello();
        fixture.Options = fixture.Options with { TemplatesDirectory = Overrides(fixture, "{{ for i in 1..100000000 }}x{{ end }}") };

        var error = Assert.ThrowsAsync<PythonRuntimeException>(fixture.RenderAsync);

        Assert.That(error!.Message, Does.Match(ErrorFormat));
    }

    [Test]
    public void A_built_in_template_that_stopped_matching_its_model_is_reported_as_a_bug()
    {
        var problems = new PythonRuntime.Rendering.RenderProblems();
        var scope = new PythonRuntime.Rendering.FunctionProblems(problems, 0, "function.yaml");
        var check = new PythonRuntime.Rendering.Verification.ManifestCheck(TemplateCatalog.BuiltIn(TemplateNames.Job), scope, "hello");

        check.Mismatch("image", "has image 'x', expected 'y'");

        var error = Assert.Throws<PythonRuntimeException>(problems.ThrowIfAny);
        Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(error.Message, Does.Contain("bug").And.Match(@"templates/job\.yaml\.sbn\(\d+,1\): error: function 'hello'"));
    }

    private static string Marked(string marker) =>
        ReplaceFirst(TemplateCatalog.BuiltInText(TemplateNames.Job), "  annotations:\n", $"  annotations:\n    \"marker\": \"{marker}\"\n");

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }

    private static string Overrides(RenderFixture fixture, string jobTemplate, string folderName = "templates")
    {
        var folder = Path.Combine(fixture.Root, folderName);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, TemplateNames.Job), jobTemplate);
        return folder;
    }
}
