using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class InstructionTests
{
    [TestCase("apt-get update && apt-get install -y --no-install-recommends git")]
    [TestCase("env FOO=1 make")]
    [TestCase("RUN_TESTS=1 ./check.sh")]
    [TestCase("echo 'a \\ b'")]
    [TestCase("printf 'x\\n' > /etc/motd")]
    public void Shell_commands_are_accepted(string line) => Assert.That(TaskValidator.InstructionProblem(line), Is.Null);

    [TestCase("", "is empty")]
    [TestCase("  \t ", "is empty")]
    [TestCase("apt-get update\nUSER root", "line feed")]
    [TestCase("apt-get update\r", "carriage return")]
    [TestCase("echo \0", "NUL")]
    [TestCase("apt-get install -y git \\", "backslash")]
    [TestCase("apt-get install -y git \\   ", "backslash")]
    [TestCase("cat <<EOF > /x", "heredoc")]
    [TestCase("RUN apt-get update", "Dockerfile keyword 'RUN'")]
    [TestCase("USER root", "Dockerfile keyword 'USER'")]
    [TestCase("FROM scratch", "Dockerfile keyword 'FROM'")]
    public void Lines_that_would_change_the_Dockerfile_are_refused(string line, string fragment) =>
        Assert.That(TaskValidator.InstructionProblem(line), Does.Contain(fragment));
}
