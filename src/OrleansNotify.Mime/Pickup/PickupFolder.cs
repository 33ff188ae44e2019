using MimeKit;

namespace OrleansNotify.Mime.Pickup;

/// <summary>
/// The folder a pickup portal writes to. Each email is written to a hidden temporary file in the same
/// folder and renamed into place, so a watcher of <c>*.eml</c> never reads half a message; a retry of
/// the same message replaces its earlier files instead of adding new ones.
/// </summary>
internal static class PickupFolder
{
    /// <summary>CRLF line ends, as RFC 5322 and other pickup directories (IIS, Exchange) expect.</summary>
    private static readonly FormatOptions Format = CreateFormat();

    /// <summary>Creates the folder if needed; returns why it is unusable, or null.</summary>
    public static string? Ensure(string? folder)
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            return "The pickup notifier has no folder configured (notifier.folder).";
        }

        try
        {
            Directory.CreateDirectory(folder);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"The pickup folder cannot be created: {ex.Message}";
        }
    }

    public static string FileName(string messageId, int index) => $"{messageId}-{index}.eml";

    public static async Task WriteAtomicAsync(string folder, string fileName, MimeMessage message, CancellationToken cancellationToken)
    {
        var final = Path.Combine(folder, fileName);
        var temp = Path.Combine(folder, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920);
            await using (stream.ConfigureAwait(false))
            {
                await message.WriteToAsync(Format, stream, cancellationToken).ConfigureAwait(false);
            }

            File.Move(temp, final, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes and removes a probe file: the folder accepts new files.</summary>
    public static void Probe(string folder)
    {
        var probe = Path.Combine(folder, $".verify-{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(probe, [1]);
        File.Delete(probe);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a stray hidden .tmp file is harmless to watchers of *.eml.
        }
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
