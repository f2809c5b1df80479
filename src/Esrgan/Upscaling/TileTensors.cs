using Esrgan.Engine;
using Esrgan.Imaging;

namespace Esrgan.Upscaling;

/// <summary>
/// The one conversion of a tile into the network and the one out of it. A crop is written from the input rows straight
/// into the network's plain NCHW input, padded to its size multiple as <see cref="PlanarImage"/> pads; the result is
/// read straight into the output band, clamped to [0, 1]. Between 1 and 3 channels grey is repeated and RGB becomes
/// ITU-R BT.601 luma, as OpenCV's RGB2GRAY (what Real-ESRGAN uses for grey and alpha).
/// </summary>
internal static unsafe class TileTensors
{
    /// <summary>The crop's <paramref name="channels"/> (1 or 3) as a network input of <paramref name="netChannels"/>, after Dihedral transform <paramref name="transform"/>.</summary>
    public static Tensor Input(PixelWindow crop, int channels, int height, int width, int netChannels, int multiple, int transform = 0)
    {
        var (th, tw) = Dihedral.Size(transform, height, width);
        int ph = PlanarImage.Padded(th, multiple), pw = PlanarImage.Padded(tw, multiple);
        var tensor = Tensor.Empty(1, netChannels, ph, pw, TensorLayout.Plain);
        float* dst = tensor.Data;
        long plane = (long)ph * pw;
        float[] p = crop.Pixels;
        for (int y = 0; y < ph; y++)
            for (int x = 0; x < pw; x++)
            {
                var (sy, sx) = Dihedral.Source(transform, Math.Min(y, th - 1), Math.Min(x, tw - 1), th, tw);
                long src = crop.Index(sy, sx), at = (long)y * pw + x;
                float s0 = p[src], s1 = channels == 3 ? p[src + 1] : 0, s2 = channels == 3 ? p[src + 2] : 0;
                for (int c = 0; c < netChannels; c++) dst[c * plane + at] = Convert(s0, s1, s2, channels, netChannels, c);
            }
        return tensor;
    }

    /// <summary>
    /// Writes the height x width region of <paramref name="result"/> at (y0, x0), converted to <paramref name="channels"/>
    /// and clamped, into <paramref name="into"/>.
    /// </summary>
    public static void Output(Tensor result, int y0, int x0, int height, int width, PixelWindow into, int channels)
    {
        int n = result.C;
        float* p = result.Data;
        var layout = result.Layout;
        Span<long> row = stackalloc long[n];
        for (int y = 0; y < height; y++)
        {
            for (int c = 0; c < n; c++) row[c] = layout.Offset(c, y0 + y, x0, 0, n, result.H, result.W);
            for (int x = 0; x < width; x++)
            {
                long at = (long)x * layout.Block, dst = into.Index(y, x);
                float s0 = p[row[0] + at], s1 = n == 3 ? p[row[1] + at] : 0, s2 = n == 3 ? p[row[2] + at] : 0;
                for (int c = 0; c < channels; c++) into.Pixels[dst + c] = Math.Clamp(Convert(s0, s1, s2, n, channels, c), 0f, 1f);
            }
        }
    }

    /// <summary>
    /// Adds to <paramref name="sum"/> (plain) the network's <paramref name="result"/> for Dihedral transform
    /// <paramref name="transform"/>, turned back; the first of them is stored rather than added.
    /// </summary>
    public static void AddRestored(Tensor sum, Tensor result, int transform, bool first)
    {
        var (th, tw) = Dihedral.Size(transform, sum.H, sum.W);
        float* s = sum.Data, r = result.Data;
        var layout = result.Layout;
        for (int c = 0; c < sum.C; c++)
            for (int y = 0; y < sum.H; y++)
                for (int x = 0; x < sum.W; x++)
                {
                    var (ty, tx) = Dihedral.Target(transform, y, x, th, tw);
                    float v = r[layout.Offset(c, ty, tx, 0, result.C, result.H, result.W)];
                    long at = ((long)c * sum.H + y) * sum.W + x;
                    s[at] = first ? v : s[at] + v;
                }
    }

    /// <summary>Image interpolation in place over the top-left height x width region: into = (1 - alpha) * into + alpha * other.</summary>
    public static void Blend(Tensor into, Tensor other, float alpha, int height, int width)
    {
        float* a = into.Data, b = other.Data;
        for (int c = 0; c < into.C; c++)
            for (int y = 0; y < height; y++)
                for (int x = 0; x < width; x++)
                {
                    long i = into.Layout.Offset(c, y, x, 0, into.C, into.H, into.W);
                    a[i] = (1 - alpha) * a[i] + alpha * b[other.Layout.Offset(c, y, x, 0, other.C, other.H, other.W)];
                }
    }

    /// <summary>Sample <paramref name="channel"/> of a pixel (s0, s1, s2; only s0 when grey) converted from <paramref name="from"/> to <paramref name="to"/> channels.</summary>
    private static float Convert(float s0, float s1, float s2, int from, int to, int channel) =>
        from == to ? (channel == 0 ? s0 : channel == 1 ? s1 : s2)
        : from == 1 ? s0
        : 0.299f * s0 + 0.587f * s1 + 0.114f * s2;
}
