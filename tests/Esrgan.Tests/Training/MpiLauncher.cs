using System.Diagnostics;
using System.Globalization;

namespace Esrgan.Tests.Training;

/// <summary>Starts the CLI (from the test's output folder) as N ranks under Open MPI's mpirun, one compute thread each.</summary>
internal static class MpiLauncher
{
    public static Process Start(int ranks, string workingDirectory, params string[] cliArguments)
    {
        if (!File.Exists("/usr/bin/mpirun"))
            throw new InvalidOperationException("mpirun is not installed; tools/setup.sh installs Open MPI (openmpi-bin libopenmpi-dev)");
        var info = new ProcessStartInfo("mpirun")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "-np", ranks.ToString(CultureInfo.InvariantCulture),
                     "-x", "OMP_NUM_THREADS=1", "-x", "OMP_WAIT_POLICY=PASSIVE", "dotnet", Path.Combine(AppContext.BaseDirectory, "esrgan-cli.dll") })
            info.ArgumentList.Add(a);
        foreach (string a in cliArguments) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        return process;
    }

    /// <summary>Runs to the end; returns the exit code and what the ranks wrote to stderr.</summary>
    public static (int Code, string Errors) Run(int ranks, string workingDirectory, params string[] cliArguments)
    {
        using var process = Start(ranks, workingDirectory, cliArguments);
        string errors = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mpirun did not finish in 3 minutes: {errors}");
        }
        return (process.ExitCode, errors);
    }

    /// <summary>The process id of rank <paramref name="rank"/> among the descendants of mpirun.</summary>
    public static int RankProcess(Process mpirun, int rank)
    {
        var pending = new Queue<int>([mpirun.Id]);
        while (pending.Count > 0)
        {
            int pid = pending.Dequeue();
            foreach (string task in SafeDirectories($"/proc/{pid}/task"))
                foreach (string child in SafeRead(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    int id = int.Parse(child, CultureInfo.InvariantCulture);
                    if (SafeRead($"/proc/{id}/environ").Split('\0').Contains($"OMPI_COMM_WORLD_RANK={rank}")) return id;
                    pending.Enqueue(id);
                }
        }
        throw new InvalidOperationException($"rank {rank} of mpirun {mpirun.Id} not found");
    }

    private static string[] SafeDirectories(string path)
    {
        try { return Directory.GetDirectories(path); }
        catch (IOException) { return []; }
    }

    private static string SafeRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
