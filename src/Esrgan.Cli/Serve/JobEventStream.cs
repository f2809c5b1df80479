using System.Text.Json;

namespace Esrgan.Cli.Serve;

/// <summary>
/// A job's server-sent events: a status event whenever its version moves, a keep-alive comment every 15 s of quiet,
/// and the end of the stream after the status of a finished job.
/// </summary>
internal static class JobEventStream
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes the events through <paramref name="send"/> (which writes and flushes) until the job is over.</summary>
    public static async Task WriteAsync(Job job, Func<string, CancellationToken, Task> send, CancellationToken cancel)
    {
        int seen = -1;
        while (!cancel.IsCancellationRequested)
        {
            // The end is decided from the status that was sent, not from the job afterwards: a job finishing while a
            // "running" status is being written must still get its final status out.
            var (status, version, over) = job.Read();
            if (version != seen)
            {
                seen = version;
                await send($"event: status\ndata: {JsonSerializer.Serialize(status, Json)}\n\n", cancel);
                if (over) return;
                await Task.Delay(150, cancel);
                continue;
            }
            await job.ChangedSince(seen, TimeSpan.FromSeconds(15), cancel);
            if (job.Version == seen) await send(": keep-alive\n\n", cancel);
        }
    }
}
