using System.CommandLine;
using System.Globalization;
using Esrgan.Cli.Progress;
using Esrgan.Training;
using Esrgan.Training.Checkpoints;
using Esrgan.Training.Distributed;
using Esrgan.Training.Options;

namespace Esrgan.Cli.Commands;

/// <summary>
/// esrgan train OPTIONS.yml [--set key.path=value ...] [--resume]. Ctrl+C finishes the current iteration, saves a
/// checkpoint and exits with 130; a second Ctrl+C ends the process at once (the last checkpoint stays intact).
/// Started by mpirun or srun it is one rank of a data-parallel run; an error on any rank ends all of them.
/// </summary>
internal static class TrainCommand
{
    public const int InterruptedExitCode = 130, DivergedExitCode = 3;

    public static Command Create()
    {
        var file = new Argument<string>("options") { Description = "Options file in BasicSR's YAML shape (see options/)" };
        var set = new Option<string[]>("--set") { Description = "Override an option: --set train.total_iter=1000 (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var resume = new Option<bool>("--resume") { Description = "Continue the run from its newest checkpoint in experiments/NAME/training_state" };
        var command = new Command("train", "Train a generator (PSNR stage, SRGAN or ESRGAN) from an options file");
        command.Arguments.Add(file);
        command.Options.Add(set);
        command.Options.Add(resume);
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(set) ?? [], parse.GetValue(resume), ["esrgan", .. parse.Tokens.Select(t => t.Value)]));
        return command;
    }

    /// <summary>Runs the trainer under the progress display: iterations, loss terms, validation results and notices.</summary>
    private static void Train(ProgressView view, TrainingOptions options, bool resume, ICollectiveCommunicator ranks, CancellationToken cancel)
    {
        view.Run(options.Name, "it", 0, options.Train.TotalIter, () =>
        {
            var trainer = new Trainer(options, new Progress(view), ranks);
            trainer.Notice += view.Message;
            trainer.Validated += r => view.Message($"validation at {r.Iteration} of {r.Weights}: "
                + string.Join(", ", r.Metrics.Select(kv => $"{kv.Key} {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}"))
                + $" (best {r.BestMetric} {r.BestValue.ToString("0.0000", CultureInfo.InvariantCulture)} at {r.BestIteration})");
            trainer.Run(resume, cancel);
        });
    }

    /// <summary>Shows each iteration's count and loss terms (synchronously: the display throttles its own redraws).</summary>
    private sealed class Progress(ProgressView view) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Iteration == value.FirstIteration) view.Resume(value.FirstIteration - 1);
            view.Report(value.Iteration, string.Join(" ", value.Terms.Select(kv => $"{kv.Key} {kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}")));
        }
    }

    private static int Run(string file, string[] overrides, bool resume, string[] commandLine)
    {
        using var cancel = new CancellationTokenSource();
        var view = ProgressView.StandardError();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
            view.Message("stopping: finishing this iteration and saving a checkpoint (Ctrl+C again to quit at once)");
        };
        Console.CancelKeyPress += onCancel;
        ICollectiveCommunicator ranks = SingleProcessCommunicator.Instance;
        try
        {
            ranks = LaunchEnvironment.CreateCommunicator();
            var options = OptionsReader.Load(file, overrides) with { CommandLine = commandLine };
            Train(view, options, resume, ranks, cancel.Token);
            ranks.Dispose();
            return 0;
        }
        catch (TrainingInterruptedException e)
        {
            view.Message(e.Message);
            ranks.Dispose();
            return InterruptedExitCode;
        }
        catch (ExperimentExistsException e)
        {
            view.Message($"error: {e.Message}: add --resume to continue that run, or choose another name (--set name=...)");
            return 1;
        }
        catch (TrainingDivergedException e)
        {
            view.Message($"error: {e.Message}");
            ranks.Abort(DivergedExitCode);
            return DivergedExitCode;
        }
        catch (Exception e) when (e is OptionsException or InvalidDataException or IOException or ArgumentException or InvalidOperationException
            or UnauthorizedAccessException or DllNotFoundException)
        {
            view.Message($"error: {e.Message}");
            ranks.Abort(1);
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
