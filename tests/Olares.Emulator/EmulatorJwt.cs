using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Olares.Emulator;

/// <summary>Claims the emulator puts into (and reads back from) an access token.</summary>
internal sealed record AccessTokenClaims(string Username, string GrantId, string Jti, long IssuedAt, long ExpiresAt, bool FirstFactorOnly);

/// <summary>HS256 signing and verification of access tokens, with a random key per server instance.</summary>
internal sealed class EmulatorJwt
{
    internal const string UsernameClaim = "username";
    internal const string GrantIdClaim = "gid";
    internal const string FirstFactorOnlyClaim = "ffo";

    private readonly SymmetricSecurityKey _key;
    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TokenValidationParameters _validation;

    public EmulatorJwt()
    {
        _key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "olares-emulator" };
        _credentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256);
        _validation = new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
            ValidateIssuer = false,
            ValidateAudience = false,
            // Lifetime is checked by the caller with zero skew (expired <=> now >= exp).
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
        };
    }

    public string Create(AccessTokenClaims c)
    {
        var claims = new Dictionary<string, object>
        {
            [UsernameClaim] = c.Username,
            [GrantIdClaim] = c.GrantId,
            [JwtRegisteredClaimNames.Jti] = c.Jti,
            [JwtRegisteredClaimNames.Iat] = c.IssuedAt,
            [JwtRegisteredClaimNames.Exp] = c.ExpiresAt,
            ["iss"] = "olares-emulator",
        };
        if (c.FirstFactorOnly) claims[FirstFactorOnlyClaim] = true;
        return _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = _credentials });
    }

    /// <summary>Checks the signature and reads the claims; null when the token is malformed or forged.</summary>
    public async Task<AccessTokenClaims?> ReadVerifiedAsync(string token)
    {
        if (string.IsNullOrWhiteSpace(token)) return null;
        TokenValidationResult result;
        try { result = await _handler.ValidateTokenAsync(token, _validation).ConfigureAwait(false); }
        catch (Exception) { return null; }
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return null;
        if (!jwt.TryGetPayloadValue<string>(UsernameClaim, out var user) || string.IsNullOrEmpty(user)) return null;
        if (!jwt.TryGetPayloadValue<string>(GrantIdClaim, out var gid) || string.IsNullOrEmpty(gid)) return null;
        if (!jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Exp, out var exp)) return null;
        jwt.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iat);
        jwt.TryGetPayloadValue<bool>(FirstFactorOnlyClaim, out var ffo);
        return new AccessTokenClaims(user, gid, jwt.Id ?? "", iat, exp, ffo);
    }
}
