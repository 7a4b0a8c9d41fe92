using Olares.Errors;
using Olares.Identity;
using Xunit;

namespace Olares.Tests.Identity;

public class OlaresIdTests
{
    [Theory]
    [InlineData("alice@olares.com", "alice", "olares.com")]
    [InlineData("  alice@olares.com ", "alice", "olares.com")]
    [InlineData("alice", "alice", "olares.com")]
    [InlineData("bob-2@my.example.org", "bob-2", "my.example.org")]
    public void Parses_local_and_domain_like_olares_cli(string text, string local, string domain)
    {
        var id = OlaresId.Parse(text);
        Assert.Equal(local, id.Local);
        Assert.Equal(domain, id.Domain);
        Assert.Equal(local + "." + domain, id.TerminusName);
        Assert.Equal(local + "@" + domain, id.Value);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("a@b@c", "more than one '@'")]
    [InlineData("@olares.com", "empty")]
    [InlineData("alice@", "empty")]
    [InlineData("al ice@olares.com", "may only hold")]
    [InlineData("alice@olares..com", "not a host name")]
    [InlineData("../x@olares.com", "may only hold")]
    [InlineData("alice@olares.com/evil", "not a host name")]
    public void Refuses_malformed_ids_with_a_typed_error(string text, string reason)
    {
        var e = Assert.Throws<OlaresArgumentException>(() => OlaresId.Parse(text));
        Assert.Equal("OlaresInvalidId", e.ErrorId);
        Assert.Contains(reason, e.Message);
        Assert.Equal(text, e.Target);
    }

    [Fact]
    public void Ids_compare_by_value()
    {
        Assert.Equal(OlaresId.Parse("alice"), OlaresId.Parse("alice@olares.com"));
        Assert.NotEqual(OlaresId.Parse("alice@a.com"), OlaresId.Parse("alice@b.com"));
    }
}
