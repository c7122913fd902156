using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class RequirementTests
{
    [TestCase("numpy")]
    [TestCase("requests==2.32.3")]
    [TestCase("pandas>1, <3")]
    [TestCase("scikit-learn==1.2.0")]
    [TestCase("Django~=4.2")]
    [TestCase("pkg===1.0+local")]
    [TestCase("pkg!=1.*")]
    [TestCase("pkg (>=1.0, <2.0)")]
    [TestCase("requests[security,socks]>=2.31")]
    [TestCase("requests [ security ] >= 2.31")]
    [TestCase("tomli; python_version < \"3.11\"")]
    [TestCase("pywin32 >= 1.0 ; sys_platform == 'win32' and platform_machine != 'arm64'")]
    [TestCase("pkg; (os_name == 'nt' or os_name == 'posix') and extra == 'test'")]
    [TestCase("mylib @ https://files.example.com/mylib-1.0-py3-none-any.whl")]
    [TestCase("mylib @ git+https://example.com/org/mylib.git@v1.0 ; python_version >= '3.9'")]
    [TestCase("a.b_c-d==1")]
    public void Pep508_requirements_are_accepted(string line) => Assert.That(Requirement.Problem(line), Is.Null);

    [TestCase("", "is empty")]
    [TestCase("   ", "is empty")]
    [TestCase("-r other.txt", "pip option")]
    [TestCase("-e git+https://x/y.git", "pip option")]
    [TestCase("--index-url http://evil/simple", "pip option")]
    [TestCase("--extra-index-url=http://evil/simple", "pip option")]
    [TestCase("--trusted-host evil", "pip option")]
    [TestCase("numpy --extra-index-url http://evil", "pip option")]
    [TestCase("numpy==1.0 --hash=sha256:abc", "pip option")]
    [TestCase("numpy\nRUN curl x | sh", "line feed")]
    [TestCase("numpy\r", "carriage return")]
    [TestCase("numpy\0", "NUL")]
    [TestCase("numpy \\", "backslash")]
    [TestCase("numpy # comment", "'#'")]
    [TestCase("pkg==${VERSION}", "'$'")]
    [TestCase("numpy; rm -rf /", "pip option")]
    [TestCase("numpy; rm /", "invalid environment marker")]
    [TestCase("numpy; python_versio > \"3\"", "invalid environment marker")]
    [TestCase("numpy; python_version > \"3", "invalid environment marker")]
    [TestCase("numpy; (python_version > \"3\"", "invalid environment marker")]
    [TestCase("https://files.example.com/x.whl", "bare URL")]
    [TestCase("./local/pkg", "is not a PEP 508 requirement")]
    [TestCase("pkg @ https://user:pw@files.example.com/x.whl", "credentials")]
    [TestCase("pkg @ ftp://files.example.com/x.whl", "is not a PEP 508 requirement")]
    [TestCase("pkg @ file:///etc/passwd", "is not a PEP 508 requirement")]
    [TestCase("numpy=1.0", "is not a PEP 508 requirement")]
    [TestCase("-numpy", "pip option")]
    public void Everything_else_is_refused(string line, string fragment) => Assert.That(Requirement.Problem(line), Does.Contain(fragment));

    [Test]
    public void Names_are_normalized_for_duplicate_checks() =>
        Assert.That(Requirement.NormalizedName("Foo_Bar.baz[x]>=1"), Is.EqualTo("foo-bar-baz"));

    [Test]
    public void Deeply_nested_markers_are_refused_without_deep_recursion()
    {
        var marker = new string('(', 5000) + "python_version > '3'" + new string(')', 5000);
        Assert.That(MarkerParser.Problem(marker), Does.Contain("nested deeper"));
    }

    [TestCase("python_version >= \"3.10\"")]
    [TestCase("\"linux\" in sys_platform")]
    [TestCase("platform_machine not in 'x86_64 aarch64'")]
    [TestCase("implementation_name == 'cpython' or (os_name == 'posix' and python_full_version >= '3.9.1')")]
    public void Valid_markers(string marker) => Assert.That(MarkerParser.Problem(marker), Is.Null);

    [TestCase("python_version")]
    [TestCase("python_version <")]
    [TestCase("os == 'nt'")]
    [TestCase("python_version == '3' and")]
    [TestCase("python_version not '3'")]
    [TestCase("python_version == '3' xor os_name == 'nt'")]
    public void Invalid_markers(string marker) => Assert.That(MarkerParser.Problem(marker), Is.Not.Null);
}
