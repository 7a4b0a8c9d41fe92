using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>The one policy for existing targets, without a server: what each kind of item in the way means, with and without -Force.</summary>
public sealed class ExistingTargetsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "olares-targets-" + Guid.NewGuid().ToString("N"));

    public ExistingTargetsTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly RemotePath Target = RemotePath.Parse("drive/Home/dst/a.txt");

    private static RemoteItem Item(bool isDirectory) => new(Target, isDirectory, 3, null, 0, false, null);

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void AFreeRemoteName_IsCreated(bool sourceIsDirectory, bool force) =>
        Assert.Equal(TargetAction.Create, ExistingTargets.Remote(Target, null, sourceIsDirectory, force));

    [Fact]
    public void ARemoteFile_IsRefusedNamingForce_AndReplacedWithIt()
    {
        var e = Assert.Throws<OlaresRemoteItemExistsException>(() => ExistingTargets.Remote(Target, Item(false), false, false));
        Assert.Equal("OlaresRemoteItemExists", e.ErrorId);
        Assert.Equal(OlaresErrorKind.ResourceExists, e.Kind);
        Assert.Equal("drive/Home/dst/a.txt", e.Target);
        Assert.False(e.IsDirectory);
        Assert.Contains("-Force", e.Message);
        Assert.Contains("-Force", e.RecommendedAction);
        Assert.Equal(TargetAction.Replace, ExistingTargets.Remote(Target, Item(false), false, true));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARemoteFolder_IsNeverReplacedNorMerged_AndAFolderNeverReplacesAFile(bool force)
    {
        foreach (var sourceIsDirectory in new[] { false, true })
        {
            var e = Assert.Throws<OlaresRemoteItemExistsException>(() => ExistingTargets.Remote(Target, Item(true), sourceIsDirectory, force));
            Assert.True(e.IsDirectory);
            Assert.Contains("never replaced or merged", e.Message);
            Assert.DoesNotContain("-Force", e.RecommendedAction);
        }

        var type = Assert.Throws<OlaresItemTypeException>(() => ExistingTargets.Remote(Target, Item(false), true, force));
        Assert.Equal("OlaresNotADirectory", type.ErrorId);
    }

    [Fact]
    public void ALocalFile_IsRefusedUnlessReplacedOrContinued_ALocalFolderAlways()
    {
        var file = Path.Combine(_dir, "f.bin");
        Assert.Equal(TargetAction.Create, ExistingTargets.Local(file, DownloadMode.New));
        File.WriteAllText(file, "x");
        var e = Assert.Throws<OlaresLocalFileExistsException>(() => ExistingTargets.Local(file, DownloadMode.New));
        Assert.False(e.IsDirectory);
        Assert.Contains("-Force", e.RecommendedAction);
        Assert.Equal(TargetAction.Replace, ExistingTargets.Local(file, DownloadMode.Overwrite));
        Assert.Equal(TargetAction.Replace, ExistingTargets.Local(file, DownloadMode.Resume));

        var folder = Path.Combine(_dir, "d.bin");
        Directory.CreateDirectory(folder);
        foreach (var mode in new[] { DownloadMode.New, DownloadMode.Overwrite, DownloadMode.Resume })
        {
            var f = Assert.Throws<OlaresLocalFileExistsException>(() => ExistingTargets.Local(folder, mode));
            Assert.True(f.IsDirectory);
            Assert.DoesNotContain("-Force", f.RecommendedAction);
        }
    }
}
