using PythonRuntime.Validation;

namespace PythonRuntime.Tests.Validation;

[TestFixture]
public sealed class SecretHeuristicsTests
{
    [TestCase("PASSWORD")]
    [TestCase("DB_PASSWORD")]
    [TestCase("db-passwd")]
    [TestCase("SMTP_PASS")]
    [TestCase("HF_TOKEN")]
    [TestCase("GITHUB_TOKEN")]
    [TestCase("CLIENT_SECRET")]
    [TestCase("AWS_SECRET_ACCESS_KEY")]
    [TestCase("OPENAI_API_KEY")]
    [TestCase("apikey")]
    [TestCase("Api-Key")]
    [TestCase("SSH_PRIVATE_KEY")]
    [TestCase("BEARER")]
    [TestCase("GOOGLE_APPLICATION_CREDENTIALS")]
    [TestCase("AZURE_STORAGE_KEY")]
    public void Secret_names_are_recognised(string name) => Assert.That(SecretHeuristics.IsSecretName(name), Is.True);

    [TestCase("TOKENIZERS_PARALLELISM")]
    [TestCase("MAX_TOKENS")]
    [TestCase("BYPASS_CACHE")]
    [TestCase("PASSAGE_COUNT")]
    [TestCase("LOG_LEVEL")]
    [TestCase("KEYBOARD")]
    [TestCase("PWD")]
    [TestCase("SECRETARY_NAME")]
    public void Ordinary_names_are_not(string name) => Assert.That(SecretHeuristics.IsSecretName(name), Is.False);

    [TestCase("-----BEGIN RSA PRIVATE KEY-----\nMIIE", "a private key")]
    [TestCase("x -----BEGIN OPENSSH PRIVATE KEY----- y", "a private key")]
    [TestCase("-----BEGIN PRIVATE KEY-----", "a private key")]
    [TestCase("AKIAIOSFODNN7EXAMPLE", "an access token")]
    [TestCase("ghp_0123456789abcdefghijklmnopqrstuvwxyz", "an access token")]
    [TestCase("glpat-abcdefghij0123456789", "an access token")]
    [TestCase("xoxb-1234567890-abcdef", "an access token")]
    public void Secret_shapes_are_recognised(string value, string shape) => Assert.That(SecretHeuristics.SecretShape(value), Is.EqualTo(shape));

    [TestCase("-----BEGIN CERTIFICATE-----")]
    [TestCase("info")]
    [TestCase("ghp_short")]
    public void Ordinary_values_are_not(string value) => Assert.That(SecretHeuristics.SecretShape(value), Is.Null);
}
