using Esrgan.Formats;
using Esrgan.Formats.Pickle;
using Xunit;

namespace Esrgan.Tests.Formats;

public class MaliciousPickleTests
{
    private const string Marker = "esrgan_pwned_marker";

    [Theory]
    [InlineData("evil_posix_system.pth", "posix.system")]
    [InlineData("evil_os_system.pth", "os.system")]
    [InlineData("evil_eval.pth", "builtins.eval")]
    [InlineData("evil_exec.pth", "builtins.exec")]
    [InlineData("evil_popen.pth", "subprocess.Popen")]
    [InlineData("evil_getattr.pth", "builtins.getattr")]
    [InlineData("evil_unknown_class.pth", "__main__.Evil")]
    [InlineData("evil_load_from_bytes.pth", "torch.storage._load_from_bytes")]
    public void ForbiddenGlobalsAreRefusedByName(string file, string global)
    {
        File.Delete(Marker);
        var e = Assert.Throws<PickleSecurityException>(() => ModelFile.Load(FormatFixtures.Path(file)));
        Assert.Contains($"'{global}'", e.Message);
        Assert.Contains(file, e.Message);
        Assert.False(File.Exists(Marker));
    }

    [Theory]
    [InlineData("evil_deep_nesting.pth", "nests deeper than")]
    [InlineData("evil_huge_bytes.pth", "claims a 1152921504606846976-byte object")]
    [InlineData("evil_huge_tensor.pth", "a tensor of shape [1000000000] claims 1,000,000,000 elements (limit 268,435,456)")]
    public void ResourceClaimsAreBounded(string file, string message)
    {
        var e = Assert.Throws<CheckpointFileException>(() => ModelFile.Load(FormatFixtures.Path(file)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void SelfReferencingContainersAreRefused()
    {
        // EMPTY_LIST, BINPUT 0, BINGET 0, APPEND, STOP: a list that contains itself.
        byte[] pickle = [0x80, 0x02, (byte)']', (byte)'q', 0, (byte)'h', 0, (byte)'a', (byte)'.'];
        object? root = new Unpickler(new PickleInput(pickle, "self.pkl"), _ => throw new InvalidOperationException()).Load();
        var e = Assert.Throws<CheckpointFileException>(() =>
            new Esrgan.Formats.Torch.TensorMaterializer("self.pkl", _ => []).Resolve(root));
        Assert.Contains("nests deeper", e.Message);
    }
}
