using Olares.Errors;
using Olares.Files;
using Olares.Http;
using Xunit;

namespace Olares.Tests.Http;

/// <summary>The one retry classifier: classes, the three modes' data, and the pauses.</summary>
public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(401, RetryClass.Auth)]
    [InlineData(403, RetryClass.Auth)]
    [InlineData(459, RetryClass.Auth)]
    [InlineData(404, RetryClass.Permanent)]
    [InlineData(400, RetryClass.Permanent)]
    [InlineData(408, RetryClass.Transient)]
    [InlineData(429, RetryClass.Transient)]
    [InlineData(500, RetryClass.Transient)]
    [InlineData(503, RetryClass.Transient)]
    public void Download_Statuses(int status, RetryClass expected) => Assert.Equal(expected, RetryPolicy.Download().Classify(status));

    [Theory]
    [InlineData(500, RetryClass.Permanent)]   // the web app's list: 500 and 501 are final for a chunk
    [InlineData(501, RetryClass.Permanent)]
    [InlineData(502, RetryClass.Transient)]
    [InlineData(413, RetryClass.Transient)]   // not in the list
    [InlineData(409, RetryClass.Permanent)]
    [InlineData(459, RetryClass.Auth)]
    public void ChunkUpload_Statuses(int status, RetryClass expected) => Assert.Equal(expected, RetryPolicy.ChunkUpload().Classify(status));

    [Fact]
    public void Exceptions_AreClassifiedByWhatTheyMean()
    {
        var p = RetryPolicy.Download();
        Assert.Equal(RetryClass.Auth, p.Classify(new OlaresTokenInvalidatedException("a@b.c", DateTimeOffset.UtcNow)));
        Assert.Equal(RetryClass.Auth, p.Classify(new OlaresPermissionDeniedException("a@b.c", "x", 403)));
        Assert.Equal(RetryClass.Transient, p.Classify(new OlaresConnectionException("x", new IOException("reset"))));
        Assert.Equal(RetryClass.Transient, p.Classify(new OlaresTransferStalledException("p", "x", TimeSpan.FromSeconds(1))));
        Assert.Equal(RetryClass.Transient, p.Classify(new OlaresHttpException("x", 502, "")));
        Assert.Equal(RetryClass.Permanent, p.Classify(new OlaresHttpException("x", 422, "")));
        Assert.Equal(RetryClass.Permanent, p.Classify(new OlaresNotFoundException("x", null)));
        Assert.Equal(RetryClass.Permanent, p.Classify(new OlaresProtocolException("x", 200, "html")));
        Assert.Equal(RetryClass.Permanent, p.Classify(new InvalidOperationException()));
        Assert.True(RetryPolicy.IsLoginFailure(new OlaresRefreshLockTimeoutException("a@b.c", "/l", TimeSpan.FromSeconds(30))));
        Assert.True(RetryPolicy.IsLoginFailure(new OlaresRefreshFailedException("a@b.c", "502")));
        Assert.False(RetryPolicy.IsLoginFailure(new OlaresHttpException("x", 502, "")));
    }

    [Fact]
    public void Modes_AreData()
    {
        var exp = RetryPolicy.Download();
        Assert.Equal(new[] { 250, 500, 1000, 2000, 4000, 4000 }, Enumerable.Range(1, 6).Select(r => (int)exp.DelayBefore(r).TotalMilliseconds));
        var fixedMode = RetryPolicy.ChunkUpload();
        Assert.All(Enumerable.Range(1, 4), r => Assert.Equal(TimeSpan.FromSeconds(5), fixedMode.DelayBefore(r)));
        Assert.True(exp.Allows(RetryClass.Transient, 3));
        Assert.False(exp.Allows(RetryClass.Transient, 4));
        Assert.False(exp.Allows(RetryClass.Permanent, 1));
        Assert.False(exp.Allows(RetryClass.Auth, 1));
        var poll = RetryPolicy.Poll(TimeSpan.FromSeconds(2), 5);
        Assert.True(poll.Allows(RetryClass.Permanent, 5));
        Assert.False(poll.Allows(RetryClass.Permanent, 6));
        Assert.False(poll.Allows(RetryClass.Auth, 1));
    }

    [Fact]
    public void AuthStatuses_LiveInOnePlace()
    {
        Assert.Equal(new[] { 401, 403, 459 }, AuthStatus.Codes.OrderBy(c => c));
        Assert.All(AuthStatus.Codes, c => Assert.True(AuthStatus.IsAuthFailure(c)));
        Assert.False(AuthStatus.IsAuthFailure(404));
    }
}
