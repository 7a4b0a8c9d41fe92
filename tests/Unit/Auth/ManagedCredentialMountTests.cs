using Olares.Auth;
using Olares.Platform;
using Olares.Tests.Storage;
using Xunit;

namespace Olares.Tests.Auth;

/// <summary>credential.json as app-service writes it (olares-cli's managed_credential_test.go, ported).</summary>
public sealed class ManagedCredentialMountTests : IDisposable
{
    private readonly StorageTestDirectory _dir = new StorageTestDirectory();

    public void Dispose() => _dir.Dispose();

    private string MountDir => Path.Combine(_dir.Root, "credentials");

    private ManagedCredentialMount Mount(string? json)
    {
        Directory.CreateDirectory(MountDir);
        if (json != null) File.WriteAllText(Path.Combine(MountDir, "credential.json"), json);
        var env = OlaresEnvironment.FromVariables(new Dictionary<string, string> { ["OLARES_CLI_CREDENTIALS_DIR"] = " " + MountDir + " " }, null, OsKind.Linux, Path.GetTempPath());
        return ManagedCredentialMount.From(env)!;
    }

    [Fact]
    public void A_complete_file_is_loaded_trimmed_and_its_token_never_printed()
    {
        var mount = Mount("{\"refreshToken\":\" rt-secret \",\"olaresId\":\" alice@olares.com\",\"appName\":\"lares \",\"extra\":1}");
        var grant = mount.Load(out var reason);
        Assert.NotNull(grant);
        Assert.Null(reason);
        Assert.Equal("rt-secret", grant!.RefreshToken);
        Assert.Equal("alice@olares.com", grant.OlaresId);
        Assert.Equal("lares", grant.AppName);
        Assert.Equal(Path.Combine(MountDir, "credential.json"), grant.Path);
        Assert.DoesNotContain("rt-secret", grant.ToString());
        Assert.True(mount.IsPresent);
    }

    [Fact]
    public void Keys_match_ignoring_case_as_go_does_but_snake_case_is_another_key()
    {
        Assert.NotNull(Mount("{\"RefreshToken\":\"rt\",\"OLARESID\":\"alice@olares.com\",\"appname\":\"lares\"}").Load(out _));
        Assert.Null(Mount("{\"refresh_token\":\"rt\",\"olaresId\":\"alice@olares.com\",\"appName\":\"lares\"}").Load(out var reason));
        Assert.EndsWith("is missing refreshToken", reason);
    }

    [Fact]
    public void No_variable_means_no_mount()
    {
        var env = OlaresEnvironment.FromVariables(new Dictionary<string, string> { ["OLARES_CLI_CREDENTIALS_DIR"] = "  " }, null, OsKind.Linux, Path.GetTempPath());
        Assert.Null(ManagedCredentialMount.From(env));
        Assert.Null(ManagedCredentialMount.From(OlaresEnvironment.FromVariables(new Dictionary<string, string>(), null, OsKind.Linux, Path.GetTempPath())));
    }

    [Fact]
    public void A_missing_file_is_no_grant_and_not_present()
    {
        var mount = Mount(null);
        Assert.Null(mount.Load(out var reason));
        Assert.EndsWith("does not exist", reason);
        Assert.False(mount.IsPresent);
    }

    [Theory]
    [InlineData("not json", "cannot parse")]
    [InlineData("{\"refreshToken\":\"rt-secret\" x}", "it is not valid JSON (line 1")]
    [InlineData("[1,2]", "it is not a JSON object")]
    [InlineData("{}", "is missing refreshToken, olaresId, appName")]
    [InlineData("{\"olaresId\":\"alice@olares.com\",\"appName\":\"lares\"}", "is missing refreshToken")]
    [InlineData("{\"refreshToken\":\"   \",\"olaresId\":\"alice@olares.com\",\"appName\":\"lares\"}", "is missing refreshToken")]
    [InlineData("{\"refreshToken\":\"rt\",\"appName\":\"lares\"}", "is missing olaresId")]
    [InlineData("{\"refreshToken\":\"rt\",\"olaresId\":\"alice@olares.com\"}", "is missing appName")]
    [InlineData("{\"refreshToken\":42,\"olaresId\":\"alice@olares.com\",\"appName\":\"lares\"}", "is missing refreshToken")]
    public void A_malformed_or_incomplete_file_is_no_grant_with_the_reason(string json, string expected)
    {
        var mount = Mount(json);
        Assert.Null(mount.Load(out var reason));
        Assert.Contains(expected, reason);
        Assert.DoesNotContain("rt-secret", reason);
        Assert.True(mount.IsPresent, "a present but unusable file still means: inside an app container");
    }

    [Fact]
    public void A_grant_for_another_user_is_refused_by_LoadFor()
    {
        var mount = Mount("{\"refreshToken\":\"rt\",\"olaresId\":\"bob@olares.com\",\"appName\":\"lares\"}");
        Assert.Null(mount.LoadFor("alice@olares.com", out var reason));
        Assert.Contains("bob@olares.com", reason);
        Assert.NotNull(mount.LoadFor("bob@olares.com", out _));
    }

    [Fact]
    public void The_file_is_read_afresh_each_time()
    {
        var mount = Mount("{\"refreshToken\":\"rt-1\",\"olaresId\":\"alice@olares.com\",\"appName\":\"lares\"}");
        var first = mount.Load(out _)!;
        File.WriteAllText(mount.FilePath, "{\"refreshToken\":\"rt-2\",\"olaresId\":\"alice@olares.com\",\"appName\":\"lares\"}");
        File.SetLastWriteTimeUtc(mount.FilePath, first.WrittenAt.UtcDateTime.AddMinutes(5));
        var second = mount.Load(out _)!;
        Assert.Equal("rt-2", second.RefreshToken);
        Assert.True(second.WrittenAt > first.WrittenAt);
    }
}
