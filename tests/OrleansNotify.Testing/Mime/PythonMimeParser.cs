using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OrleansNotify.Testing.Mime;

/// <summary>
/// Reads MIME back with Python's <c>email</c> package, a parser independent of MimeKit, by running
/// <c>mime_describe.py</c> (kept next to this file) with <c>python3</c>. A missing python3 fails the test.
/// </summary>
public static class PythonMimeParser
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<ParsedEmail> ParseFileAsync(string emlPath, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath());
        start.ArgumentList.Add(emlPath);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mime_describe.py failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        }

        return JsonSerializer.Deserialize<ParsedEmail>(output)
            ?? throw new InvalidOperationException("mime_describe.py printed null.");
    }

    /// <summary>Writes the bytes to a temporary file, parses it, removes the file.</summary>
    public static async Task<ParsedEmail> ParseAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var path = Path.Combine(Path.GetTempPath(), $"mime-{Guid.NewGuid():N}.eml");
        try
        {
            var file = File.Create(path);
            await using (file.ConfigureAwait(false))
            {
                await write(file, cancellationToken).ConfigureAwait(false);
            }

            return await ParseFileAsync(path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string ScriptPath([CallerFilePath] string source = "")
    {
        // The script sits next to this source file; the compiler recorded where that is.
        var script = Path.Combine(Path.GetDirectoryName(source) ?? ".", "mime_describe.py");
        return File.Exists(script)
            ? script
            : throw new FileNotFoundException($"mime_describe.py not found next to {source}.", script);
    }
}
