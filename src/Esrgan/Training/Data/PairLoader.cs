using Esrgan.Imaging;
using Esrgan.Imaging.Resize;

namespace Esrgan.Training.Data;

/// <summary>
/// Decodes an HR/LR pair: HR cropped to a multiple of the scale, LR read from its file or made from HR with
/// MATLAB's bicubic and rounded to 8 bits, as BasicSR's prepared LR folders are.
/// </summary>
internal static class PairLoader
{
    public static (RgbImage Gt, RgbImage Lq) Load(ImagePair pair, int scale)
    {
        var gt = ImageCodec.Read(pair.GtPath);
        if (pair.LqPath == null)
        {
            int w = gt.Width / scale * scale, h = gt.Height / scale * scale;
            if (w == 0 || h == 0) throw new InvalidDataException($"{pair.GtPath}: {gt.Width}x{gt.Height} is smaller than the scale {scale}");
            var hr = RgbImage.From(gt, w, h);
            var lr = MatlabImresize.Resize(hr.ToFloats(), h, w, 3, 1.0 / scale);
            return (hr, RgbImage.FromFloats(lr, w / scale, h / scale));
        }
        var lq = ImageCodec.Read(pair.LqPath);
        if (lq.Width * scale > gt.Width || lq.Height * scale > gt.Height)
            throw new InvalidDataException($"{pair.LqPath}: LR {lq.Width}x{lq.Height} times {scale} exceeds HR {gt.Width}x{gt.Height} of {pair.GtPath}");
        return (RgbImage.From(gt, lq.Width * scale, lq.Height * scale), RgbImage.From(lq, lq.Width, lq.Height));
    }
}
