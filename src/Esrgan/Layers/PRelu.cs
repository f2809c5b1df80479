using Esrgan.Engine;

namespace Esrgan.Layers;

/// <summary>PReLU with one learnable slope per channel or one shared slope (key "weight", initial 0.25 as PyTorch).</summary>
internal sealed class PRelu : Module
{
    private readonly SavedTensor _input;

    public PRelu(int numParameters = 1, float init = 0.25f)
    {
        Weight = RegisterParameter("weight", numParameters);
        Array.Fill(Weight.Values, init);
        Weight.MarkChanged();
        _input = KeepsTensor("its input");
    }

    public ParameterData Weight { get; }

    protected override Tensor OnForward(Tensor input)
    {
        var output = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        Backend.Current.PRelu(input, Weight.Values, output);
        _input.Keep(input);
        return output;
    }

    protected override Tensor OnBackward(Tensor gradOutput)
    {
        var input = _input.Value;
        var gradInput = Tensor.Empty(input.N, input.C, input.H, input.W, input.Layout);
        Span<float> slopeGrad = Weight.RequiresGrad ? Weight.Grad : new float[Weight.Values.Length];
        Backend.Current.PReluBackward(input, Weight.Values, gradOutput, gradInput, slopeGrad);
        return gradInput;
    }
}
