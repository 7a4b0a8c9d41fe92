using System.Text;
using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>Local names from a listing: escapes, Windows devices (checked on any OS through the Windows rules), volume comparisons.</summary>
public sealed class LocalNameRulesTests
{
    [Theory]
    [InlineData("CON")]
    [InlineData("con")]
    [InlineData("nul.txt")]
    [InlineData("COM1.tar.gz")]
    [InlineData("LPT9")]
    [InlineData("COM0")]
    [InlineData("COM\u00B9")]
    [InlineData("lpt\u00B3.log")]
    [InlineData("AUX .txt")]
    [InlineData("PRN")]
    [InlineData("CONIN$")]
    public void Windows_RefusesDeviceNames_WithAndWithoutExtensions(string name)
    {
        var problem = LocalNameRules.Windows.Problem(name);
        Assert.NotNull(problem);
        Assert.Contains("device", problem);
        Assert.Throws<OlaresUnsafeRemoteNameException>(() => LocalNameRules.Windows.SafeChild(Path.GetTempPath(), name, "drive/Home"));
    }

    [Theory]
    [InlineData("CONSOLE")]
    [InlineData("COM10")]
    [InlineData("LPT")]
    [InlineData("my.con")]
    [InlineData("nul-terminated.txt")]
    [InlineData("COM1x.txt")]
    public void Windows_AcceptsNamesThatOnlyLookLikeDevices(string name) => Assert.Null(LocalNameRules.Windows.Problem(name));

    [Theory]
    [InlineData("a:b")]
    [InlineData("what?")]
    [InlineData("trailing.")]
    [InlineData("trailing ")]
    public void Windows_RefusesWhatWindowsCannotName(string name) => Assert.NotNull(LocalNameRules.Windows.Problem(name));

    [Fact]
    public void NotWindows_DeviceNamesAreOrdinaryNames()
    {
        var posix = new LocalNameRules(false, false, false);
        Assert.Null(posix.Problem("CON"));
        Assert.Null(posix.Problem("nul.txt"));
        Assert.NotNull(posix.Problem("a\\b"));
    }

    [Fact]
    public void Keys_FollowTheVolumesComparison()
    {
        var nfc = "caf\u00E9";
        var nfd = "cafe\u0301";
        Assert.NotEqual(nfc, nfd);
        var sensitive = new LocalNameRules(false, false, false);
        Assert.NotEqual(sensitive.Key("/x/README", "/x"), sensitive.Key("/x/readme", "/x"));
        Assert.NotEqual(sensitive.Key("/x/" + nfc, "/x"), sensitive.Key("/x/" + nfd, "/x"));
        var insensitive = new LocalNameRules(false, true, true);
        Assert.Equal(insensitive.Key("/x/README", "/x"), insensitive.Key("/x/readme", "/x"));
        Assert.Equal(insensitive.Key("/x/" + nfc, "/x"), insensitive.Key("/x/" + nfd, "/x"));
        Assert.Equal(LocalNameRules.LooseKey(nfd), LocalNameRules.LooseKey(nfc.ToUpperInvariant()));
    }

    [Fact]
    public void Probe_TellsHowThisVolumeComparesNames()
    {
        var dir = Directory.CreateTempSubdirectory("olares-probe-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "lower"), "x");
            var expectedCaseInsensitive = File.Exists(Path.Combine(dir, "LOWER"));
            var probed = new LocalNameRules(false, null, false);
            Assert.Equal(expectedCaseInsensitive, probed.Key(Path.Combine(dir, "A"), dir) == probed.Key(Path.Combine(dir, "a"), dir));
            Assert.Single(Directory.GetFiles(dir));   // the probe left nothing behind
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
