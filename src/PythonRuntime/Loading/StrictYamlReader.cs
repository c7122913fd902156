using System.Buffers;
using System.Text;
using PythonRuntime.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PythonRuntime.Loading;

/// <summary>
/// Reads one YAML document into a <see cref="DocNode"/> tree and rejects what a definition file must not
/// contain: anchors, aliases (and so alias bombs), tags, duplicate keys, non-string keys, several
/// documents, nesting deeper than the cap and files larger than the cap. Problems go to a
/// <see cref="DiagnosticBag"/>; the result is null when the file could not be read as a whole.
/// </summary>
public sealed class StrictYamlReader
{
    private readonly ReaderLimits _limits;

    public StrictYamlReader(ReaderLimits? limits = null)
    {
        _limits = limits ?? ReaderLimits.Default;
    }

    /// <summary>Reads the file at <paramref name="path"/>; <paramref name="displayPath"/> is the path used in messages.</summary>
    public async Task<DocNode?> ReadFileAsync(string path, string displayPath, DiagnosticBag diagnostics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var fileLocation = new SourceLocation(displayPath, 0, 0);
        var kind = FileKinds.Of(path);
        if (kind != FileKind.Regular)
        {
            diagnostics.Error(fileLocation, string.Empty, $"is {FileKinds.Describe(kind)}, not a regular file; a definition must be a plain YAML file.");
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = await ReadCappedAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            diagnostics.Error(fileLocation, string.Empty, $"cannot be read: {ex.Message}");
            return null;
        }
        catch (UnauthorizedAccessException ex)
        {
            diagnostics.Error(fileLocation, string.Empty, $"cannot be read: {ex.Message}");
            return null;
        }

        if (bytes.LongLength > _limits.MaxFileBytes)
        {
            diagnostics.Error(fileLocation, string.Empty, $"is larger than the {_limits.MaxFileBytes} byte limit for definition files; move large code into files next to it and point code_src at them.");
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            diagnostics.Error(fileLocation, string.Empty, "is not valid UTF-8; save it as UTF-8.");
            return null;
        }

        return Read(text, displayPath, diagnostics);
    }

    /// <summary>Reads YAML text; <paramref name="displayPath"/> is the path used in messages.</summary>
    public DocNode? Read(string text, string displayPath, DiagnosticBag diagnostics)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (FlowDepthGuard.FindTooDeep(text, _limits.MaxDepth) is { } deep)
        {
            diagnostics.Error(new SourceLocation(displayPath, deep.Line, deep.Column), string.Empty, $"nests deeper than {_limits.MaxDepth} levels, which no definition needs.");
            return null;
        }

        var session = new Session(new Parser(new StringReader(text)), displayPath, diagnostics, _limits);
        try
        {
            return session.ReadStream();
        }
        catch (YamlException ex)
        {
            diagnostics.Error(session.Locate(ex.Start), string.Empty, $"invalid YAML: {CleanMessage(ex.Message)}");
            return null;
        }
        catch (LimitExceededException)
        {
            return null;
        }
    }

    private async Task<byte[]> ReadCappedAsync(string path, CancellationToken cancellationToken)
    {
        // Read at most one byte past the cap: the length on disk can lie (devices, files that grow).
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var cap = (int)Math.Min(_limits.MaxFileBytes + 1, int.MaxValue);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                // Sized from the length on disk so a typical small file costs one right-sized array.
                using var collected = new MemoryStream((int)Math.Clamp(stream.Length + 1, 1, cap));
                while (collected.Length < cap)
                {
                    var read = await stream.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, cap - collected.Length)), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    collected.Write(buffer, 0, read);
                }

                return collected.ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes messages with the position, which the diagnostic already carries.
        var text = message;
        var close = text.IndexOf("): ", StringComparison.Ordinal);
        if (text.StartsWith("(Line:", StringComparison.Ordinal) && close > 0)
        {
            text = text[(close + 3)..];
        }

        text = text.Trim();
        return text.EndsWith('.') ? text : text + ".";
    }

    private sealed class Session(IParser parser, string displayPath, DiagnosticBag diagnostics, ReaderLimits limits)
    {
        private int _nodes;
        private bool _depthReported;

        public SourceLocation Locate(Mark mark) => new(displayPath, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

        public DocNode? ReadStream()
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Error(new SourceLocation(displayPath, 1, 1), string.Empty, "is empty; a definition is a YAML mapping.");
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(depth: 1, path: string.Empty);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Error(Locate(second.Start), string.Empty, "holds more than one YAML document; keep one definition per file.");
                return null;
            }

            return root;
        }

        private DocNode? ReadNode(int depth, string path)
        {
            var current = parser.Current ?? throw new YamlException("Unexpected end of the file.");
            if (current is AnchorAlias alias)
            {
                parser.MoveNext();
                diagnostics.Error(Locate(alias.Start), string.Empty, $"uses the alias '*{alias.Value}'; anchors and aliases are not allowed in definition files, write the value out.");
                return null;
            }

            var node = (NodeEvent)current;
            var rejected = RejectAnchorAndTag(node);
            if (++_nodes > limits.MaxNodes)
            {
                // Stop at once: parsing the rest of a huge document costs time and cannot make it valid.
                diagnostics.Error(Locate(node.Start), string.Empty, $"holds more than {limits.MaxNodes} values; definition files are small, split the data out.");
                throw new LimitExceededException();
            }

            if (node is Scalar scalar)
            {
                parser.MoveNext();
                return rejected ? null : new DocScalar(Locate(scalar.Start), scalar.Value, scalar.Style == ScalarStyle.Plain);
            }

            if (depth > limits.MaxDepth)
            {
                if (!_depthReported)
                {
                    _depthReported = true;
                    diagnostics.Error(Locate(node.Start), string.Empty, $"nests deeper than {limits.MaxDepth} levels, which no definition needs.");
                }

                SkipNode();
                return null;
            }

            return node switch
            {
                MappingStart mapping => ReadMapping(mapping, depth, path, rejected),
                SequenceStart sequence => ReadSequence(sequence, depth, path, rejected),
                _ => throw new YamlException(node.Start, node.End, $"Unexpected {node.GetType().Name}."),
            };
        }

        private DocNode? ReadMapping(MappingStart start, int depth, string path, bool rejected)
        {
            parser.MoveNext();
            var entries = new List<KeyValuePair<DocScalar, DocNode>>();
            var seen = new Dictionary<string, DocScalar>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(depth + 1, path);
                var keyPath = key is DocScalar named ? (path.Length == 0 ? named.Value : $"{path}.{named.Value}") : path;
                var value = ReadNode(depth + 1, keyPath);
                if (key is not DocScalar keyScalar || keyScalar.Kind == ScalarKind.Null)
                {
                    if (key is not null)
                    {
                        diagnostics.Error(key.Location, string.Empty, $"has a key that is {key.Describe()}; keys must be plain names.");
                    }

                    continue;
                }

                if (seen.TryGetValue(keyScalar.Value, out var first))
                {
                    diagnostics.Error(keyScalar.Location, keyPath, $"is given twice (first at line {first.Location.Line}); keep one.");
                    continue;
                }

                seen.Add(keyScalar.Value, keyScalar);
                if (value is not null)
                {
                    entries.Add(new KeyValuePair<DocScalar, DocNode>(keyScalar, value));
                }

            }

            return rejected ? null : new DocMapping(Locate(start.Start), entries);
        }

        private DocNode? ReadSequence(SequenceStart start, int depth, string path, bool rejected)
        {
            parser.MoveNext();
            var items = new List<DocNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                var item = ReadNode(depth + 1, $"{path}[{items.Count}]");
                if (item is not null)
                {
                    items.Add(item);
                }
            }

            return rejected ? null : new DocSequence(Locate(start.Start), items);
        }

        private bool RejectAnchorAndTag(NodeEvent node)
        {
            if (!node.Anchor.IsEmpty)
            {
                diagnostics.Error(Locate(node.Start), string.Empty, $"defines the anchor '&{node.Anchor.Value}'; anchors and aliases are not allowed in definition files, write the value out.");
                return true;
            }

            if (!node.Tag.IsEmpty && !IsImplicitStandardTag(node))
            {
                diagnostics.Error(Locate(node.Start), string.Empty, $"uses the tag '{node.Tag.Value}'; tags are not allowed in definition files.");
                return true;
            }

            return false;
        }

        private static bool IsImplicitStandardTag(NodeEvent node) =>
            node is Scalar { IsPlainImplicit: true } or Scalar { IsQuotedImplicit: true } && node.Tag.Value == "!";

        private void SkipNode()
        {
            // Walk past the subtree without building it; the parser itself is not recursive.
            var open = 0;
            do
            {
                switch (parser.Current)
                {
                    case MappingStart or SequenceStart:
                        open++;
                        break;
                    case MappingEnd or SequenceEnd:
                        open--;
                        break;
                }

                parser.MoveNext();
            }
            while (open > 0);
        }
    }

    /// <summary>Ends reading once a limit is exceeded; the limit was already reported.</summary>
    private sealed class LimitExceededException : Exception
    {
    }
}
