namespace TelecomContactCenter.Server.Tests.Infrastructure;

/// <summary>Removes a test host's temporary folder once the host has stopped.</summary>
internal static class HostFolder
{
    /// <summary>
    /// Deletes <paramref name="path"/> with everything in it. A file that appears while the folder is being deleted was
    /// written by something that outlived the host's stop, which is a defect of the host: the failure names what was
    /// left, so the straggler can be found instead of guessed.
    /// </summary>
    public static void Delete(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException ex) when (Directory.Exists(path))
        {
            var left = Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories)
                .Select(entry => $"{Path.GetRelativePath(path, entry)} (written {File.GetLastWriteTimeUtc(entry):HH:mm:ss.fff} UTC)");
            throw new IOException(
                $"Deleting the host folder {path} at {DateTime.UtcNow:HH:mm:ss.fff} UTC failed; left in it: {string.Join(", ", left)}", ex);
        }
    }
}
