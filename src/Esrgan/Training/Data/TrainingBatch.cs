using Esrgan.Engine;

namespace Esrgan.Training.Data;

/// <summary>The LR and HR patches of one iteration, NCHW in [0, 1].</summary>
internal sealed record TrainingBatch(long Iteration, HostTensor Lq, HostTensor Gt);
