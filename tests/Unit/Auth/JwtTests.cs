using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.Tokens;
using Olares.Auth;
using Xunit;

namespace Olares.Tests.Auth;

public class JwtTests
{
    private static string Unsigned(string payloadJson) =>
        "eyJhbGciOiJIUzI1NiJ9." + Convert.ToBase64String(Encoding.UTF8.GetBytes(payloadJson)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sig";

    [Fact]
    public void Reads_exp_of_a_token_signed_by_a_standard_library()
    {
        var exp = DateTimeOffset.UtcNow.AddMinutes(7);
        var handler = new JwtSecurityTokenHandler();
        var token = handler.WriteToken(new JwtSecurityToken(
            claims: new[] { new Claim("username", "alice") },
            expires: exp.UtcDateTime,
            signingCredentials: new SigningCredentials(new SymmetricSecurityKey(new byte[32]), SecurityAlgorithms.HmacSha256)));
        Assert.Equal(JwtExpiryState.HasExpiry, Jwt.TryGetExpiry(token, out var read));
        Assert.Equal(handler.ReadJwtToken(token).ValidTo, read.UtcDateTime);
    }

    [Fact]
    public void A_token_without_exp_or_with_exp_zero_has_unknown_expiry()
    {
        Assert.Equal(JwtExpiryState.NoExpiry, Jwt.TryGetExpiry(Unsigned("{\"sub\":\"a\"}"), out _));
        Assert.Equal(JwtExpiryState.NoExpiry, Jwt.TryGetExpiry(Unsigned("{\"exp\":0}"), out _));
        Assert.False(Jwt.IsStale(Unsigned("{\"exp\":0}"), DateTimeOffset.UtcNow, TimeSpan.Zero, null));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AT-1")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("h.!!!.s")]
    [InlineData("h.bm90IGpzb24.s")]
    public void Non_jwts_are_recognised(string token) => Assert.Equal(JwtExpiryState.NotAJwt, Jwt.TryGetExpiry(token, out _));

    [Fact]
    public void Payload_with_padding_is_accepted_too()
    {
        var padded = "h." + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"exp\":1700000000}")) + ".s";
        Assert.Equal(JwtExpiryState.HasExpiry, Jwt.TryGetExpiry(padded, out var exp));
        Assert.Equal(1700000000, exp.ToUnixTimeSeconds());
    }

    [Fact]
    public void Expired_with_skew_follows_now_plus_skew_at_or_after_exp()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_000_000);
        var token = Unsigned("{\"exp\":1000060}");
        // Without a receipt time (or iat): olares-cli's rule, exp against the local clock.
        Assert.True(Jwt.IsStale(token, now, TimeSpan.FromSeconds(60), null));
        Assert.False(Jwt.IsStale(token, now, TimeSpan.FromSeconds(59), null));
        Assert.False(Jwt.IsStale(token, now, TimeSpan.Zero, null));
    }

    [Fact]
    public void Preflight_skew_is_60_s_but_at_most_half_the_lifetime()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Jwt.PreflightSkew(Unsigned("{\"iat\":1000,\"exp\":4600}"), TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(1), Jwt.PreflightSkew(Unsigned("{\"iat\":1000,\"exp\":1002}"), TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(60), Jwt.PreflightSkew(Unsigned("{\"exp\":1002}"), TimeSpan.FromSeconds(60)));
        Assert.Equal(TimeSpan.FromSeconds(60), Jwt.PreflightSkew("AT", TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Staleness_counts_the_lifetime_from_receipt_when_both_are_known()
    {
        // Issued at 1000 for 600 s by a server whose clock is 10 minutes behind ours: received at our 1600.
        var token = Unsigned("{\"iat\":1000,\"exp\":1600}");
        var received = DateTimeOffset.FromUnixTimeSeconds(1600);
        var margin = TimeSpan.FromSeconds(60);
        Assert.False(Jwt.IsStale(token, DateTimeOffset.FromUnixTimeSeconds(2139), margin, received));
        Assert.True(Jwt.IsStale(token, DateTimeOffset.FromUnixTimeSeconds(2140), margin, received));
        // Unknown receipt, or no iat: exp against the local clock, as olares-cli.
        Assert.True(Jwt.IsStale(token, DateTimeOffset.FromUnixTimeSeconds(1600), margin, null));
        Assert.True(Jwt.IsStale(Unsigned("{\"exp\":1600}"), DateTimeOffset.FromUnixTimeSeconds(1540), margin, received));
        Assert.False(Jwt.IsStale("AT", DateTimeOffset.MaxValue.AddDays(-1), margin, received));
    }
}
