using Esrgan.Training.Options;

namespace Esrgan.Training.Schedules;

/// <summary>
/// The learning rate of each iteration as a pure function of the iteration, equal to what BasicSR's schedulers give
/// (their step() runs once per iteration after the first, so iteration i sees last_epoch = i - 1), with BasicSR's
/// linear warm-up over the first warmup_iter iterations. Being stateless, it resumes by construction.
/// </summary>
internal sealed class LearningRateSchedule(double initial, SchedulerOptions options, int warmupIterations)
{
    public double At(long iteration)
    {
        long epoch = iteration - 1;
        if (warmupIterations > 0 && iteration < warmupIterations) return initial * iteration / warmupIterations;
        return options.Kind switch
        {
            SchedulerKind.MultiStep => initial * Math.Pow(options.Gamma, options.Milestones.Count(m => m <= epoch)),
            _ => Cosine(epoch),
        };
    }

    /// <summary>BasicSR's CosineAnnealingRestartLR: a cosine from weight * initial to eta_min over each period.</summary>
    private double Cosine(long epoch)
    {
        double start = 0;
        for (int i = 0; i < options.Periods.Count; i++)
        {
            double end = start + options.Periods[i];
            if (epoch <= end || i == options.Periods.Count - 1)
            {
                double progress = Math.Min((epoch - start) / options.Periods[i], 1);
                return options.EtaMin + options.RestartWeights[i] * 0.5 * (initial - options.EtaMin) * (1 + Math.Cos(Math.PI * progress));
            }
            start = end;
        }
        return options.EtaMin;
    }
}
