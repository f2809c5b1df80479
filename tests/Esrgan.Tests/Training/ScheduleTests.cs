using Esrgan.Training.Options;
using Esrgan.Training.Schedules;
using Xunit;

namespace Esrgan.Tests.Training;

public class ScheduleTests
{
    [Fact]
    public void MultiStepHalvesAfterEachMilestoneAsBasicSr()
    {
        var s = new LearningRateSchedule(1e-4, new SchedulerOptions(SchedulerKind.MultiStep, [3, 5], 0.5, [], [], 0), -1);
        // Iteration i runs with last_epoch = i - 1: the rate drops on the iteration after the milestone.
        Assert.Equal([1e-4, 1e-4, 1e-4, 5e-5, 5e-5, 2.5e-5], Enumerable.Range(1, 6).Select(i => s.At(i)).ToArray());
    }

    [Fact]
    public void CosineRestartsFollowBasicSrFormula()
    {
        var s = new LearningRateSchedule(2e-4, new SchedulerOptions(SchedulerKind.CosineAnnealingRestart, [], 1, [4, 4], [1, 0.5], 1e-7), -1);
        double Expected(double t, double period, double weight) => 1e-7 + weight * 0.5 * (2e-4 - 1e-7) * (1 + Math.Cos(Math.PI * t / period));
        Assert.Equal(2e-4, s.At(1), 12);
        Assert.Equal(Expected(2, 4, 1), s.At(3), 12);
        Assert.Equal(Expected(4, 4, 1), s.At(5), 12);
        Assert.Equal(Expected(1, 4, 0.5), s.At(6), 12);
    }

    [Fact]
    public void WarmupIsLinear()
    {
        var s = new LearningRateSchedule(1e-3, new SchedulerOptions(SchedulerKind.MultiStep, [], 0.5, [], [], 0), 10);
        Assert.Equal(1e-4, s.At(1), 12);
        Assert.Equal(5e-4, s.At(5), 12);
        Assert.Equal(1e-3, s.At(10), 12);
    }
}
