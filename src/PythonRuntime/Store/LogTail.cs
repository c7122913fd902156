using System.Text;

namespace PythonRuntime.Store;

/// <summary>Reads the end of a log file that another process may still be appending to.</summary>
internal static class LogTail
{
    public static async Task<string> ReadAsync(string path, int maxBytes, CancellationToken cancellationToken)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException)
        {
            return string.Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return string.Empty;
        }

        await using (stream)
        {
            var length = stream.Length;
            var start = Math.Max(0, length - maxBytes);
            stream.Seek(start, SeekOrigin.Begin);
            var buffer = new byte[(int)(length - start)];
            var count = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);

            // Cutting at a byte offset can land inside a multi-byte character: drop its continuation bytes
            // (10xxxxxx) rather than show a replacement character at the start of the tail.
            var skip = 0;
            while (start > 0 && skip < count && skip < 3 && (buffer[skip] & 0xC0) == 0x80)
            {
                skip++;
            }

            return Encoding.UTF8.GetString(buffer, skip, count - skip);
        }
    }
}
