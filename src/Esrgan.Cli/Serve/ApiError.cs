namespace Esrgan.Cli.Serve;

/// <summary>A request the server refuses: the HTTP status and a message that names the field or file and the problem.</summary>
internal sealed class ApiError(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
