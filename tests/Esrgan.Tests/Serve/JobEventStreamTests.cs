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
    public async Task EveryStateIsSentAndTheStreamEndsAfterTheFinishedStatus()
    {
        var job = NewJob();
        var sent = new List<string>();
        List<string> States()
        {
            lock (sent) return sent.Select(StateOf).ToList();
        }
        async Task Until(string state)
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!States().Contains(state) && DateTime.UtcNow < deadline) await Task.Delay(10);
        }
        var stream = JobEventStream.WriteAsync(job, (text, _) =>
        {
            lock (sent) sent.Add(text);
            return Task.CompletedTask;
        }, new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
        await Until("queued");
        job.Start();
        await Until("running");
        job.Update(() => job.Items[0].State = ItemState.Failed);
        job.Finish();
        await stream;
        var states = States();
        Assert.Equal(["queued", "running", "finished with errors"], states.Distinct());
        Assert.Single(states, s => s == "finished with errors");
        Assert.Equal("finished with errors", states[^1]);
    }
}
