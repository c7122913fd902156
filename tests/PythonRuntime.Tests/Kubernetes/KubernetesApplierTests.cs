using System.Text.Json.Nodes;
using PythonRuntime.Diagnostics;
using PythonRuntime.Kubernetes;
using PythonRuntime.Tests.Kubernetes.TestDouble;

namespace PythonRuntime.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class KubernetesApplierTests
{
    [Test]
    public async Task JobDeploymentAndServiceAreServerSideAppliedAsJsonWithTheFieldManagerAndStrictValidation()
    {
        await using var bed = KubernetesTestBed.Start();

        var job = await bed.Applier.ApplyAsync(Jobs.Hello(), CancellationToken.None);
        await bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None);
        await bed.Applier.ApplyAsync(Jobs.ApiService(), CancellationToken.None);

        var patches = bed.Api.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(job.Metadata.ResourceVersion, Is.Not.Null.And.Not.Empty);
            Assert.That(patches.Select(p => p.Path), Is.EqualTo(new[]
            {
                "/apis/batch/v1/namespaces/demo/jobs/hello-r1",
                "/apis/apps/v1/namespaces/demo/deployments/api",
                "/api/v1/namespaces/demo/services/api",
            }));
            foreach (var patch in patches)
            {
                Assert.That(patch.ContentType, Does.StartWith("application/apply-patch+yaml"), patch.ToString());
                Assert.That(patch.Query["fieldManager"], Is.EqualTo("pythonruntime"), patch.ToString());
                Assert.That(patch.Query["fieldValidation"], Is.EqualTo("Strict"), patch.ToString());
                Assert.That(patch.Query["force"], Is.Null, patch.ToString());
                Assert.That(patch.Query["dryRun"], Is.Null, patch.ToString());
                var body = JsonNode.Parse(patch.Body)!;
                Assert.That(body["apiVersion"]!.GetValue<string>(), Is.Not.Empty, "a JSON body with apiVersion");
                Assert.That(body["kind"]!.GetValue<string>(), Is.Not.Empty, "a JSON body with kind");
            }

            Assert.That(JsonNode.Parse(patches[1].Body)!["kind"]!.GetValue<string>(), Is.EqualTo("Deployment"));
            Assert.That(JsonNode.Parse(patches[2].Body)!["apiVersion"]!.GetValue<string>(), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task ForceConflictsAndDryRunAreSentOnlyWhenAsked()
    {
        await using var bed = KubernetesTestBed.Start();
        var applier = new KubernetesApplier(bed.Connection, bed.Retry, new ApplyOptions { ForceConflicts = true, DryRun = true });

        await applier.ApplyAsync(Jobs.Api(), CancellationToken.None);

        var patch = bed.Api.Requests.Single();
        Assert.That(patch.Query["force"], Is.EqualTo("true"));
        Assert.That(patch.Query["dryRun"], Is.EqualTo("All"));
        Assert.That(bed.Api.Store.Get("deployments", "demo", "api"), Is.Null, "a dry run stores nothing");
    }

    [Test]
    public async Task AnOwnershipConflictIsAClearErrorThatSuggestsForceConflictsAndIsNotRetried()
    {
        await using var bed = KubernetesTestBed.Start();
        bed.Api.Respond(r => r.Method == "PATCH", 409, "Conflict");

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.Applier.ApplyAsync(Jobs.Api(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ExitCode, Is.EqualTo(ExitCodes.Environment));
            Assert.That(error.Message, Does.Contain("'demo/api'").And.Contain("--force-conflicts").And.Contain("HTTP 409"));
            Assert.That(bed.Api.Requests, Has.Count.EqualTo(1));
            Assert.That(bed.Clock.Delays, Is.Empty);
        });
    }

    [Test]
    public async Task ANamespaceMismatchIsRejectedBeforeAnyRequest()
    {
        await using var bed = KubernetesTestBed.Start();
        var job = Jobs.Hello();
        job.Metadata.NamespaceProperty = "prod";

        var error = Assert.ThrowsAsync<PythonRuntimeException>(() => bed.Applier.ApplyAsync(job, CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("'prod'").And.Contain("'demo'"));
        Assert.That(bed.Api.Requests, Is.Empty);
    }
}
