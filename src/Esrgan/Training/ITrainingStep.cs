using Esrgan.Training.Data;

namespace Esrgan.Training;

/// <summary>One iteration's optimisation of the networks on a batch, returning the loss terms it computed.</summary>
internal interface ITrainingStep
{
    LossTerms Run(TrainingBatch batch, long iteration);
}
