using System.Globalization;

namespace Esrgan.Training.Distributed;

/// <summary>
/// Whether this process is one of several ranks started by a launcher: Open MPI's mpirun (OMPI_COMM_WORLD_SIZE),
/// a PMI launcher such as MPICH's or srun --mpi=pmi2 (PMI_SIZE), or srun with PMIx (SLURM_STEP_NUM_TASKS, set only
/// inside a job step, not in the batch script itself). One rank or no launcher: the single-process communicator,
/// and libmpi is never loaded.
/// </summary>
public static class LaunchEnvironment
{
    private static readonly string[] SizeVariables = ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "SLURM_STEP_NUM_TASKS"];

    /// <summary>The number of ranks the launcher started, 1 when none did.</summary>
    public static int WorldSize(Func<string, string?> variable)
    {
        foreach (string name in SizeVariables)
            if (variable(name) is { Length: > 0 } value)
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int size) && size >= 1
                    ? size
                    : throw new InvalidOperationException($"environment variable {name}='{value}' is not a number of ranks");
        return 1;
    }

    public static ICollectiveCommunicator CreateCommunicator() =>
        WorldSize(Environment.GetEnvironmentVariable) > 1 ? new MpiCommunicator() : SingleProcessCommunicator.Instance;
}
