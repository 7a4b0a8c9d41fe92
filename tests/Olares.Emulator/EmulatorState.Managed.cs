namespace Olares.Emulator;

/// <summary>
/// Platform-issued ("managed") grants: what app-service derives from lldap for an app with
/// permission.loginOlaresCLI and mounts as credential.json. The refresh token never rotates and is never spent;
/// each refresh hands out a new access token and, like a rotating server, a new refresh token in the answer, which
/// this emulator does not accept anywhere (a client must keep using the mounted one).
/// </summary>
public sealed partial class EmulatorState
{
    private readonly Dictionary<string, Grant> _managedGrants = new(StringComparer.Ordinal);
    private int _managedRefreshes;

    /// <summary>Successful refreshes with a managed refresh token.</summary>
    public int ManagedRefreshes { get { lock (_gate) return _managedRefreshes; } }

    /// <summary>
    /// Issues a managed grant for <paramref name="user"/> and returns its refresh token (what credential.json holds).
    /// With <paramref name="firstFactorOnly"/>, refreshes answer fa2:true with a first-factor-only access token (a
    /// platform fault the client must refuse).
    /// </summary>
    public string IssueManagedGrant(string user, bool firstFactorOnly = false)
    {
        if (string.IsNullOrEmpty(user)) throw new ArgumentException("user is empty", nameof(user));
        lock (_gate)
        {
            var grant = new Grant(NewId("m"), user, RandomHex(16), firstFactorOnly);
            _grants[grant.Id] = grant;
            var rt = "mrt." + Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            _managedGrants[rt] = grant;
            return rt;
        }
    }

    /// <summary>Revokes one managed grant (what uninstalling the app does); its access tokens die too. False when unknown.</summary>
    public bool RevokeManagedGrant(string refreshToken)
    {
        lock (_gate)
        {
            if (!_managedGrants.TryGetValue(refreshToken, out var grant) || grant.Revoked) return false;
            grant.Revoked = true;
            return true;
        }
    }

    internal bool IsManagedRefreshToken(string? refreshToken)
    {
        if (string.IsNullOrEmpty(refreshToken)) return false;
        lock (_gate) return _managedGrants.ContainsKey(refreshToken);
    }

    /// <summary>A refresh with a managed token: a new access token, the grant unchanged. Null with a reason when revoked.</summary>
    internal IssuedTokens? RefreshManaged(string refreshToken, out string failure, out bool fa2)
    {
        lock (_gate)
        {
            fa2 = false;
            if (!_managedGrants.TryGetValue(refreshToken, out var grant))
            {
                failure = "refresh token is unknown";
                return null;
            }

            if (grant.Revoked)
            {
                failure = "refresh token has been revoked";
                return null;
            }

            failure = "";
            fa2 = grant.FirstFactorOnly;
            _managedRefreshes++;
            var decoy = "rt.returned." + Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            return new IssuedTokens(IssueAccessTokenLocked(grant), decoy, grant.SessionId, grant.Id);
        }
    }
}
