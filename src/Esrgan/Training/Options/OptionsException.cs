namespace Esrgan.Training.Options;

/// <summary>An options file (or a --set override) that cannot be used; the message names the file and the key.</summary>
internal sealed class OptionsException(string message) : Exception(message);
