using PythonRuntime.Loading;
using PythonRuntime.Tests.Validation.Support;
using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

/// <summary>Links are resolved one component at a time; only links that stay inside the folder are followed.</summary>
[TestFixture]
public sealed class ContainedPathTests
{
    [Test]
    public void A_plain_file_resolves_to_itself()
    {
        using var dir = new TempFolder();
        dir.Write("fn/src/main.py", "x");
        var result = ContainedPath.Resolve(dir["fn"], "src/main.py");
        Assert.That(result.Problem, Is.Null);
        Assert.That(result.Kind, Is.EqualTo(FileKind.Regular));
        Assert.That(result.FullPath, Is.EqualTo(dir["fn/src/main.py"]));
    }

    [Test]
    public void A_chain_of_links_inside_the_folder_is_followed()
    {
        using var dir = new TempFolder();
        dir.Write("fn/real/impl.py", "x");
        dir.Link("fn/a", "b");
        dir.Link("fn/b", "real");
        dir.Link("fn/main.py", dir["fn/a/impl.py"]);
        var result = ContainedPath.Resolve(dir["fn"], "main.py");
        Assert.That(result.Problem, Is.Null);
        Assert.That(result.Kind, Is.EqualTo(FileKind.Regular));
        Assert.That(result.FullPath, Is.EqualTo(dir["fn/real/impl.py"]));
    }

    [Test]
    public void Dot_dot_in_a_link_target_is_resolved_physically()
    {
        // 'sub' points deep inside another folder; 'sub/../x' is then outside, although the text 'fn/x' is inside.
        using var dir = new TempFolder();
        dir.Write("outside/deep/x.py", "x");
        dir.Write("outside/x.py", "secret");
        dir.Write("fn/x.py", "x");
        dir.Link("fn/sub", dir["outside/deep"]);
        dir.Link("fn/main.py", "sub/../x.py");
        Assert.That(ContainedPath.Resolve(dir["fn"], "main.py").Problem, Does.Contain("points outside"));
    }

    [Test]
    public void A_link_loop_is_reported()
    {
        using var dir = new TempFolder();
        dir.Link("fn/a", "b");
        dir.Link("fn/b", "a");
        Assert.That(ContainedPath.Resolve(dir["fn"], "a").Problem, Does.Contain("more than 40 symbolic links"));
    }

    [Test]
    public void A_file_used_as_a_folder_is_reported()
    {
        using var dir = new TempFolder();
        dir.Write("fn/main.py", "x");
        Assert.That(ContainedPath.Resolve(dir["fn"], "main.py/x").Problem, Does.Contain("as a folder"));
    }

    [Test]
    public void A_missing_part_is_missing_without_a_problem()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["fn"]);
        var result = ContainedPath.Resolve(dir["fn"], "app/handler.py");
        Assert.That(result.Problem, Is.Null);
        Assert.That(result.Kind, Is.EqualTo(FileKind.Missing));
    }

    [Test]
    public void Devices_are_not_code()
    {
        using var dir = new TempFolder();
        Directory.CreateDirectory(dir["fn"]);
        dir.Link("fn/zero.py", "/dev/zero");
        Assert.That(ContainedPath.Resolve(dir["fn"], "zero.py").Problem, Does.Contain("points outside"));
    }
}
