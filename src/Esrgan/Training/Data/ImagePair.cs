namespace Esrgan.Training.Data;

/// <summary>An HR image file and, when the dataset has an LR folder, its LR counterpart (else LR is made by bicubic).</summary>
internal sealed record ImagePair(string GtPath, string? LqPath);
