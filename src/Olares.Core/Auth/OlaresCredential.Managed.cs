using System;
using System.ComponentModel;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Olares.Configuration;
using Olares.Errors;
using Olares.Platform;
using Olares.Storage;

namespace Olares.Auth
{
    /// <summary>Where a platform-issued identity's refresh token comes from: the container's credential mount.</summary>
    public sealed class ManagedSource
    {
        public ManagedSource(ManagedCredentialMount? mount, string? appName)
        {
            Mount = mount;
            AppName = string.IsNullOrEmpty(appName) ? null : appName;
        }

        /// <summary>The mount, or null when this process has none (OLARES_CLI_CREDENTIALS_DIR unset).</summary>
        public ManagedCredentialMount? Mount { get; }

        /// <summary>The application the grant was issued to, as the profile records it.</summary>
        public string? AppName { get; }

        /// <summary>The mounted grant of <paramref name="olaresId"/>, read afresh; null with the reason when there is none.</summary>
        public ManagedGrant? GrantFor(string olaresId, out string? reason)
        {
            if (Mount == null)
            {
                reason = "the platform-issued credential is not mounted here (" + ManagedCredentialMount.Variable + " is not set)";
                return null;
            }

            return Mount.LoadFor(olaresId, out reason);
        }
    }

    /// <summary>
    /// The platform-issued ("managed") side of the credential (olares-cli 1.12.7's RefreshWith and ManagedProvider):
    /// the refresh token is read from the mount before every exchange and never stored; only the access token is
    /// cached, in an entry marked managed. The same gate and the same refresh lock as a user's login serialise it,
    /// here and against olares-cli. Where olares-cli stops, this goes on: a rejected credential that the platform
    /// re-issues into the mount later is tried again by itself (olares-cli needs a new pod), an unreadable store
    /// entry is ignored rather than fatal, and every error names the application instead of a login.
    /// </summary>
    public sealed partial class OlaresCredential
    {
        private volatile ManagedSource? _managed;

        /// <summary>True while this identity is served from a platform-issued credential.</summary>
        public bool IsManaged => _managed != null;

        /// <summary>The application a platform-issued credential belongs to (null when unknown or not managed).</summary>
        public string? ManagedAppName => _managed?.AppName;

        /// <summary>
        /// Serves this identity from a platform-issued credential (the profile is managed) or, with null, from the
        /// stored refresh token. Like the auth endpoint, the latest resolved profile decides.
        /// </summary>
        public void UseManagedSource(ManagedSource? source) => _managed = source;

        /// <summary>
        /// Takeover by a platform-issued credential: deletes a stored entry that is not managed (the user's own
        /// login, refresh token included) under the gate and the refresh lock, so no refresh in flight anywhere
        /// writes it back. A managed entry is kept. Returns true when something was deleted.
        /// </summary>
        public Task<bool> ReleaseUserLoginAsync(CancellationToken cancellationToken) =>
            Transaction(ct => WithLockAsync(() =>
            {
                ct.ThrowIfCancellationRequested();
                ForgetUnsaved();
                Volatile.Write(ref _deniedAfterRefresh, null);
                var stored = ManagedRead();
                if (stored == null || stored.Managed) return Task.FromResult(false);
                var removed = Store.Delete(OlaresId);
                _cell.Clear();
                return Task.FromResult(removed);
            }, ct), cancellationToken);

        private string? RequireManagedLogin(ManagedSource source)
        {
            var stored = ManagedRead();
            if (stored != null && stored.Managed)
            {
                if (stored.InvalidatedAt > 0)
                {
                    if (!ReissuedSince(source, stored.InvalidatedAt)) throw ManagedInvalidated(source, stored.InvalidatedAt, null);
                    return null;
                }

                if (!string.IsNullOrEmpty(stored.AccessToken)) return _cell.Offer(stored.AccessToken, stored.GrantedAt);
            }

            // A token the store refused to keep is still good for this process.
            var cached = _cell.Current;
            if (!string.IsNullOrEmpty(cached)) return cached;
            RequireGrant(source);
            return null;
        }

        private Task<string> ManagedRefreshAsync(ManagedSource source, string? observedAccessToken, CancellationToken cancellationToken)
        {
            var observed = observedAccessToken ?? string.Empty;
            return Transaction(async ct =>
            {
                var adopted = TryAdoptManaged(source, observed);
                if (adopted != null) return adopted;
                RequireGrant(source);
                return await WithLockAsync(async () =>
                {
                    adopted = TryAdoptManaged(source, observed);
                    if (adopted != null) return adopted;

                    // Read under the lock: a credential re-issued while we waited is the one to send.
                    var grant = RequireGrant(source);
                    var stored = ManagedRead();
                    var endpoint = RequireEndpoint();
                    ct.ThrowIfCancellationRequested();
                    OlaresLog.Verbose("Exchanging the platform-issued credential of " + OlaresId + " (" + Describe(source) + ") for an access token.");
                    TokenGrant issued;
                    try
                    {
                        // Only our own managed token goes along: a user's token of a taken-over login says nothing about this grant.
                        var current = stored != null && stored.Managed && !string.IsNullOrEmpty(stored.AccessToken) ? stored.AccessToken : null;
                        issued = await AuthClient.RefreshAsync(endpoint.AuthUrl, grant.RefreshToken, current, endpoint.Insecure, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (RefreshRejectedException rejected)
                    {
                        throw ManagedRejected(source, rejected);
                    }
                    catch (RefreshTransientException transient)
                    {
                        throw new OlaresRefreshFailedException(OlaresId, transient.Message, transient.StatusCode, transient);
                    }

                    // The platform promises second-factor grants; a first-factor token reaches no service, and storing
                    // it would make a login that looks healthy and fails everywhere.
                    if (issued.SecondFactorRequired) throw new OlaresManagedFirstFactorException(OlaresId, source.AppName);

                    // Whatever refresh token the server returned is dropped: the mount is the grant's only home, and a
                    // second copy on disk would outlive the grant it came from.
                    var entry = new StoredToken
                    {
                        OlaresId = OlaresId,
                        AccessToken = issued.AccessToken,
                        SessionId = issued.SessionId ?? (stored != null && stored.Managed ? stored.SessionId : null),
                        GrantedAt = _options.Clock().ToUnixTimeMilliseconds(),
                        Managed = true,
                    };
                    if (!TryWrite(entry))
                    {
                        // Nothing is lost (the refresh token did not rotate): this process keeps the token, others exchange their own.
                        OlaresLog.Warning("The access token of " + OlaresId + " could not be cached in the token store; this process keeps it in memory.");
                    }

                    Volatile.Write(ref _deniedAfterRefresh, null);
                    return _cell.Offer(entry.AccessToken, entry.GrantedAt)!;
                }, ct).ConfigureAwait(false);
            }, cancellationToken);
        }

        /// <summary>
        /// The double-check of the managed path: a token someone else (a runspace, a process, olares-cli) obtained
        /// meanwhile is used as it is; a rejected credential fails fast unless the mount was re-issued since.
        /// </summary>
        private string? TryAdoptManaged(ManagedSource source, string observed)
        {
            var stored = ManagedRead();
            if (stored == null || !stored.Managed) return null;
            if (stored.InvalidatedAt > 0)
            {
                if (!ReissuedSince(source, stored.InvalidatedAt)) throw ManagedInvalidated(source, stored.InvalidatedAt, null);
                OlaresLog.Verbose("The platform-issued credential of " + OlaresId + " was re-issued after it was rejected; trying the new one.");
                return null;
            }

            if (string.IsNullOrEmpty(stored.AccessToken) || string.Equals(stored.AccessToken, observed, StringComparison.Ordinal)) return null;
            var current = _cell.Offer(stored.AccessToken, stored.GrantedAt);
            // The cell may hold a newer token than the store (a save was refused); if that is the rejected one, exchange.
            if (string.Equals(current, observed, StringComparison.Ordinal)) return null;
            OlaresLog.Debug("The access token of " + OlaresId + " was already renewed; using it.");
            return current;
        }

        /// <summary>
        /// The server rejected the mounted refresh token: record it (a managed shell replaces a user's entry, so a
        /// fresh container shows the state too) and fail typed. Recording is best effort: the next command simply
        /// tries again.
        /// </summary>
        private OlaresTokenInvalidatedException ManagedRejected(ManagedSource source, RefreshRejectedException rejected)
        {
            var at = _options.Clock();
            try
            {
                var current = ManagedRead();
                if (current == null || !current.Managed) Store.Set(new StoredToken { OlaresId = OlaresId, Managed = true });
                Store.MarkInvalidated(OlaresId, at.ToUnixTimeMilliseconds());
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                OlaresLog.Warning("Could not record that the platform-issued credential of " + OlaresId + " was rejected (" + e.Message + "); the next command will try it again.");
            }

            _cell.Clear();
            return ManagedInvalidated(source, at.ToUnixTimeMilliseconds(), rejected);
        }

        private ManagedGrant RequireGrant(ManagedSource source) =>
            source.GrantFor(OlaresId, out var reason) ?? throw new OlaresNotLoggedInException(OlaresId, reason, source.AppName);

        /// <summary>A credential written into the mount after the server rejected the previous one deserves a try.</summary>
        private bool ReissuedSince(ManagedSource source, long invalidatedAtMs)
        {
            var grant = source.GrantFor(OlaresId, out _);
            return grant != null && grant.WrittenAt.ToUnixTimeMilliseconds() > invalidatedAtMs;
        }

        private OlaresTokenInvalidatedException ManagedInvalidated(ManagedSource source, long atMs, Exception? inner) =>
            new OlaresTokenInvalidatedException(OlaresId, DateTimeOffset.FromUnixTimeMilliseconds(atMs), source.AppName, inner);

        /// <summary>The stored entry; an unreadable one counts as none, since the mount, not the store, holds the credential.</summary>
        private StoredToken? ManagedRead()
        {
            try
            {
                return Store.Get(OlaresId);
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                OlaresLog.Debug("Ignoring the unreadable token entry of " + OlaresId + " (" + e.Message + "); the platform-issued credential replaces it.");
                return null;
            }
        }

        private void RefuseIfManaged(string verb)
        {
            var managed = _managed;
            if (managed != null) throw new OlaresManagedProfileException(OlaresId, managed.AppName, verb);
        }

        private string ManagedFallbackLockPath() =>
            Path.Combine(CacheDirectory.Fallback(Path.GetTempPath(), OlaresEnvironment.ProcessUserId()), ConfigPaths.LocksDirectoryName,
                ConfigPaths.SanitizeLockName(OlaresId) + ".refresh.lock");

        private static bool IsLockFileFailure(Exception e) => e is IOException || e is UnauthorizedAccessException || e is Win32Exception;

        private static string Describe(ManagedSource source) =>
            source.AppName == null ? "issued to an application" : "issued to application " + source.AppName;
    }
}
