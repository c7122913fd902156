using System.Text;

namespace PythonRuntime.Validation;

/// <summary>
/// Rules for inline source. <c>code</c> is plain text; <c>base64</c> is strict RFC 4648 base64 (standard
/// alphabet, '=' padding, no whitespace or line breaks: <c>base64 -w0</c> output). The encoded length is
/// checked before decoding, so a huge value never allocates; the decoded bytes must be UTF-8 text without
/// NUL, as Python source is. When both are given, <c>code</c> wins and <c>base64</c> is ignored, as upstream.
/// </summary>
public static class InlineCodeRules
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks <c>code</c>.</summary>
    public static void CheckCode(string code, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(scope);
        if (code.Trim().Length == 0)
        {
            scope.Error(field, "is empty; give the function's Python source, or drop code and use code_src.");
            return;
        }

        // Counting without encoding keeps a huge string from allocating twice.
        if (code.Length > Limits.MaxInlineCodeBytes || StrictUtf8.GetByteCount(code) > Limits.MaxInlineCodeBytes)
        {
            scope.Error(field, $"is larger than {Limits.MaxInlineCodeBytes} bytes; put the code in a file and point code_src at it.");
            return;
        }

        if (code.Contains('\0', StringComparison.Ordinal))
        {
            scope.Error(field, "contains a NUL character, which Python source cannot hold.");
        }
    }

    /// <summary>Checks <c>base64</c>; returns the decoded source when it is valid.</summary>
    public static string? CheckBase64(string value, string field, ValidationScope scope)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(scope);
        if (value.Length > Limits.MaxBase64Chars)
        {
            scope.Error(field, $"is {value.Length} characters long; base64 code may decode to at most {Limits.MaxInlineCodeBytes} bytes ({Limits.MaxBase64Chars} characters). Put the code in a file and point code_src at it.");
            return null;
        }

        var problem = AlphabetProblem(value);
        if (problem is not null)
        {
            scope.Error(field, $"is not valid base64: {problem}.");
            return null;
        }

        var buffer = new byte[value.Length / 4 * 3];
        if (!Convert.TryFromBase64String(value, buffer, out var written))
        {
            scope.Error(field, "is not valid base64.");
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(buffer, 0, written);
        }
        catch (DecoderFallbackException)
        {
            scope.Error(field, "decodes to bytes that are not UTF-8 text; base64 must encode Python source.");
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            scope.Error(field, "decodes to text containing a NUL character, which Python source cannot hold.");
            return null;
        }

        if (text.Trim().Length == 0)
        {
            scope.Error(field, "decodes to empty source; give the function's Python source.");
            return null;
        }

        return text;
    }

    private static string? AlphabetProblem(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty";
        }

        // Convert.TryFromBase64String skips whitespace; strict base64 does not, so check the text first.
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/')
            {
                continue;
            }

            if (c == '=' && i >= value.Length - 2 && value[(i + 1)..].All(rest => rest == '='))
            {
                continue;
            }

            return c switch
            {
                ' ' or '\t' or '\n' or '\r' => $"it contains whitespace at position {i}; write it on one line without spaces (base64 -w0)",
                '=' => $"'=' padding appears at position {i}, before the end",
                '-' or '_' => $"'{c}' at position {i} belongs to the URL-safe alphabet; use the standard alphabet (+ and /)",
                _ => $"the character at position {i} is not in the base64 alphabet",
            };
        }

        return value.Length % 4 == 0 ? null : $"its length {value.Length} is not a multiple of 4; add the '=' padding";
    }
}
