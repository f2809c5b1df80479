using System.Runtime.ExceptionServices;

namespace Esrgan.Engine.Cpu;

/// <summary>
/// The parallel loops of the CPU kernels: the calling thread and <see cref="Environment.ProcessorCount"/> - 1
/// long-lived workers take a range's indices in turn. Parallel.For allocated about a kilobyte of scheduling objects
/// per loop, several megabytes per training step of thousands of small loops; this allocates nothing but the body.
/// A loop started inside another runs on its thread alone, and one started while another thread's loop holds the team
/// falls back to Parallel.For, so concurrent callers still run in parallel.
/// </summary>
internal static class WorkerTeam
{
    private static readonly int Workers = Math.Max(0, Environment.ProcessorCount - 1);
    private static readonly SemaphoreSlim Start = new(0);
    private static readonly ManualResetEventSlim Finished = new(false);
    private static int _busy, _running;
    private static long _next, _end;
    private static Action<long>? _body;
    private static Exception? _failure;
    [ThreadStatic] private static bool _insideLoop;

    static WorkerTeam()
    {
        for (int i = 0; i < Workers; i++) new Thread(Work) { IsBackground = true, Name = $"kernel worker {i + 1}" }.Start();
    }

    /// <summary>Runs <paramref name="body"/> for every index in [0, <paramref name="count"/>), in parallel.</summary>
    public static void For(long count, Action<long> body)
    {
        if (count <= 0) return;
        if (_insideLoop || count == 1 || Workers == 0)
        {
            for (long i = 0; i < count; i++) body(i);
            return;
        }
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            Parallel.For(0, count, body);
            return;
        }
        try
        {
            _body = body;
            _failure = null;
            _end = count;
            Volatile.Write(ref _next, 0);
            int helpers = (int)Math.Min(Workers, count - 1);
            _running = helpers;
            Finished.Reset();
            Start.Release(helpers);
            try
            {
                RunShare(body);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
                Interlocked.Exchange(ref _next, count);
            }
            Finished.Wait();
            if (_failure != null) ExceptionDispatchInfo.Throw(_failure);
        }
        finally
        {
            _body = null;
            Volatile.Write(ref _busy, 0);
        }
    }

    private static void RunShare(Action<long> body)
    {
        _insideLoop = true;
        try
        {
            long i;
            while ((i = Interlocked.Increment(ref _next) - 1) < _end) body(i);
        }
        finally
        {
            _insideLoop = false;
        }
    }

    private static void Work()
    {
        while (true)
        {
            Start.Wait();
            try
            {
                RunShare(_body!);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
                Interlocked.Exchange(ref _next, _end);
            }
            finally
            {
                if (Interlocked.Decrement(ref _running) == 0) Finished.Set();
            }
        }
    }
}
