using System.Text.Json;
using Esrgan.Cli.Serve;
using Esrgan;
using Xunit;

namespace Esrgan.Tests.Serve;

public class JobEventStreamTests
{
    private static Job NewJob() => new("job", Path.GetTempPath(),
        new JobOptions(new ModelEntry("m", "m", "test", null), null, 0, false, AlphaMode.Model),
        [new JobItem(0, "a.png", false, "a.png", 100)]);

    private static string StateOf(string statusEvent) =>
        JsonDocument.Parse(statusEvent.Split("data: ")[1]).RootElement.GetProperty("state").GetString()!;

    [Fact]
    public async Task AJobThatFinishesWhileItsRunningStatusIsSentEndsTheStreamWithItsFinalStatus()
    {
        // The job finishes while the stream is writing a "running" status: the race that once ended a stream there.
        var job = NewJob();
        job.Start();
        var sent = new List<string>();
        await JobEventStream.WriteAsync(job, (text, _) =>
        {
            sent.Add(text);
            if (sent.Count == 1) job.Finish();
            return Task.CompletedTask;
        }, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(["running", "done"], sent.Select(StateOf));
    }

    [Fact]
    public async Task EveryChangeBeforeTheEndIsSentAndTheStreamEndsAfterTheFinishedStatus()
    {
        var job = NewJob();
        var sent = new List<string>();
        var stream = JobEventStream.WriteAsync(job, (text, _) =>
        {
            lock (sent) sent.Add(text);
            return Task.CompletedTask;
        }, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        job.Start();
        await Task.Delay(400);
        job.Update(() => job.Items[0].State = ItemState.Failed);
        await Task.Delay(400);
        job.Finish();
        await stream;
        var states = sent.Select(StateOf).ToList();
        Assert.Equal("finished with errors", states[^1]);
        Assert.Contains("running", states);
        Assert.Single(states, s => s == "finished with errors");
    }
}
