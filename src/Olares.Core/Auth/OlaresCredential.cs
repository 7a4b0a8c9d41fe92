using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Olares.Configuration;
using Olares.Errors;
using Olares.Locking;
using Olares.Storage;

namespace Olares.Auth
{
    public sealed class CredentialOptions
    {
        /// <summary>How long a refresh waits for another process's refresh (olares-cli's 30 s); then it fails closed.</summary>
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        public TimeSpan LockPollInterval { get; set; } = FileLock.DefaultPollInterval;

        /// <summary>The clock expiry and freshness are judged by (tests move it).</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

        /// <summary>
        /// A 403 on a token granted less than this long ago is a permission denial, not a stale token: it does not
        /// rotate the grant (so a burst of forbidden calls costs at most one rotation, not one each).
        /// </summary>
        public TimeSpan FreshWindow { get; set; } = TimeSpan.FromSeconds(60);

        /// <summary>How long /api/refresh may take to answer (olares-cli's 15 s); then the attempt fails as transient.</summary>
        public TimeSpan RefreshTimeout { get; set; } = AuthClient.RefreshTimeout;

        /// <summary>The margin before expiry at which a token is refreshed before a body that cannot be resent.</summary>
        public TimeSpan PreflightSkew { get; set; } = TimeSpan.FromSeconds(60);
    }

    /// <summary>
    /// The one owner of an identity's login in this process, shared by every runspace: the token cell, the
    /// in-process gate, the cross-process refresh lock (the one olares-cli takes) and every write of the identity's
    /// token-store entry (refresh, password login, refresh-token import, the invalidation marker, logout). Its API
    /// is small: a token for this request, this token was rejected, replace the grant, remove.
    /// <para>
    /// Every write runs as one transaction: gate → re-read the store → file lock → re-read → (POST) → write → release.
    /// Writes are compare-and-set against what the transaction read, so a login or logout that another tool made
    /// meanwhile is never overwritten, and a grant is never written back after a logout. Once a refresh request has
    /// been sent, the transaction finishes and saves even if the caller has gone (the server has spent the old
    /// refresh token). A grant that cannot be saved is kept in memory together with the refresh lock, so no other
    /// process can present the spent refresh token, until it is saved, replaced by a login or removed by a logout.
    /// </para>
    /// </summary>
    public sealed partial class OlaresCredential
    {
        private static readonly ConcurrentDictionary<string, OlaresCredential> Registry = new ConcurrentDictionary<string, OlaresCredential>(StringComparer.Ordinal);

        private readonly CredentialOptions _options;
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private readonly TokenCell _cell = new TokenCell();
        private volatile RefreshEndpoint? _endpoint;

        // Guarded by _gate.
        private UnsavedGrant? _unsaved;
        private FileLock? _unsavedLock;
        private string? _deniedAfterRefresh;
        private readonly RefreshBackoff _backoff = new RefreshBackoff();

        public OlaresCredential(string home, ITokenStore store, string olaresId, CredentialOptions? options = null)
        {
            if (string.IsNullOrEmpty(home)) throw new ArgumentException("The configuration directory is required.", nameof(home));
            if (string.IsNullOrEmpty(olaresId)) throw new ArgumentException("The olaresId is required.", nameof(olaresId));
            Home = home;
            Store = store ?? throw new ArgumentNullException(nameof(store));
            OlaresId = olaresId;
            LockPath = ConfigPaths.RefreshLockPath(home, olaresId);
            _options = options ?? new CredentialOptions();
        }

        /// <summary>
        /// The identity key: the olaresId exactly as config.json spells it, which is the account of the token-store
        /// entry and the name of the refresh lock for olares-cli too.
        /// </summary>
        public string OlaresId { get; }

        public string Home { get; }

        public string LockPath { get; }

        public ITokenStore Store { get; }

        /// <summary>What the registry knows this credential by: the config dir, the token store and the identity.</summary>
        public string Key => KeyOf(Home, Store, OlaresId);

        /// <summary>The access token sent right now (null before the first use).</summary>
        public string? CurrentToken => _cell.Current;

        /// <summary>True while a refreshed grant exists only in memory (the store refused it).</summary>
        public bool HasUnsavedGrant => Volatile.Read(ref _unsaved) != null;

        /// <summary>The process-wide credential of an identity in this config dir and token store.</summary>
        public static OlaresCredential For(string home, ITokenStore store, string olaresId) =>
            Registry.GetOrAdd(KeyOf(home, store, olaresId), _ => new OlaresCredential(home, store, olaresId));

        /// <summary>Where refreshes go: the profile's auth service (the latest resolved profile wins).</summary>
        public void UseAuthEndpoint(Uri authUrl, bool insecureSkipVerify) =>
            _endpoint = new RefreshEndpoint(authUrl ?? throw new ArgumentNullException(nameof(authUrl)), insecureSkipVerify);

        /// <summary>
        /// The check at the start of a command, with no network call (protocol §3.6): a grant is stored and not
        /// invalidated. Brings the cell up to date with the store (unless it already holds something newer) and
        /// returns the token to send. A stale token is fine: the pipeline refreshes it. Null only for a
        /// platform-issued credential that has not been exchanged yet (the first request exchanges it).
        /// </summary>
        public string? RequireLogin()
        {
            var managed = _managed;
            if (managed != null) return RequireManagedLogin(managed);
            TrySaveUnsavedWithoutWaiting();
            var unsaved = Volatile.Read(ref _unsaved);
            if (unsaved != null)
            {
                OlaresLog.Warning("The refreshed login of " + OlaresId + " is still not saved (the token store refuses writes); it is kept in memory and other processes cannot refresh it until it is saved.");
                return _cell.Current ?? unsaved.Grant.AccessToken;
            }

            var stored = Store.Get(OlaresId);
            if (stored == null || string.IsNullOrEmpty(stored.AccessToken)) throw new OlaresNotLoggedInException(OlaresId);
            if (stored.InvalidatedAt > 0) throw new OlaresTokenInvalidatedException(OlaresId, DateTimeOffset.FromUnixTimeMilliseconds(stored.InvalidatedAt));
            return _cell.Offer(stored.AccessToken, stored.GrantedAt)!;
        }

        /// <summary>
        /// A token for one request. A body that cannot be resent must not meet an expired token, so for it a token
        /// that expires within the preflight margin is refreshed first.
        /// </summary>
        public async Task<string?> GetTokenAsync(bool bodyCanBeResent, CancellationToken cancellationToken)
        {
            var token = _cell.Current ?? RequireLogin();
            if (token == null) return await RefreshAsync(null, cancellationToken).ConfigureAwait(false);
            if (bodyCanBeResent) return token;
            if (!IsNearExpiry(token, _options.Clock())) return token;
            OlaresLog.Debug("The access token is about to expire and the request body cannot be resent: refreshing first.");
            try
            {
                return await RefreshAsync(token, cancellationToken).ConfigureAwait(false);
            }
            catch (OlaresRefreshFailedException e) when (!Jwt.IsStale(token, _options.Clock(), TimeSpan.Zero, GrantedAtOf(token)))
            {
                // The auth service is failing but the token has not expired yet: the request can still go with it.
                OlaresLog.Verbose("Refreshing ahead of expiry failed (" + e.Message + "); the current access token is still valid, so the request goes with it.");
                return token;
            }
        }

        /// <summary>
        /// The server answered 401/403/459 to <paramref name="rejectedToken"/>. Returns the token to retry with, or
        /// null when a retry cannot help: a 403 on a token that is neither near its expiry nor older than the fresh
        /// window, or already refreshed once because of a 403, is a permission denial, not a stale login.
        /// </summary>
        public async Task<string?> OnRejectedAsync(string rejectedToken, int status, CancellationToken cancellationToken)
        {
            var current = _cell.Current;
            if (!string.IsNullOrEmpty(current) && !string.Equals(current, rejectedToken, StringComparison.Ordinal)) return current;
            if (status == 403 && !MayBeStale(rejectedToken))
            {
                OlaresLog.Debug("HTTP 403 on an access token granted moments ago: a permission denial, not a stale login; not refreshing.");
                return null;
            }

            var fresh = await RefreshAsync(rejectedToken, cancellationToken).ConfigureAwait(false);
            if (status == 403) Volatile.Write(ref _deniedAfterRefresh, fresh);
            return fresh;
        }

        /// <summary>
        /// Returns an access token newer than <paramref name="observedAccessToken"/>: the stored one when someone
        /// else already rotated it, else a new one from POST /api/refresh. Cancelling stops the wait at the gates
        /// promptly; once the request has been sent the refresh completes and is saved in the background.
        /// </summary>
        public Task<string> RefreshAsync(string? observedAccessToken, CancellationToken cancellationToken)
        {
            var managed = _managed;
            if (managed != null) return ManagedRefreshAsync(managed, observedAccessToken, cancellationToken);
            var observed = observedAccessToken ?? string.Empty;
            return Transaction(async ct =>
            {
                var adopted = TryAdopt(observed);
                if (adopted != null) return adopted;
                var wait = _backoff.Remaining(_options.Clock());
                if (wait > TimeSpan.Zero)
                {
                    throw new OlaresRefreshFailedException(OlaresId, string.Format(CultureInfo.InvariantCulture,
                        "the auth service failed the last {0} refreshes, so the next try waits {1:0.#} s more (no request was sent)", _backoff.Failures, wait.TotalSeconds));
                }

                return await WithLockAsync(async () =>
                {
                    adopted = TryAdopt(observed);
                    if (adopted != null) return adopted;
                    var unsaved = _unsaved;
                    var entry = unsaved?.Grant ?? Store.Get(OlaresId) ?? throw new OlaresNotLoggedInException(OlaresId);
                    if (string.IsNullOrEmpty(entry.RefreshToken)) throw new OlaresNotLoggedInException(OlaresId, "no refresh token is stored");
                    var before = unsaved != null ? unsaved.StoreBefore : StoreSnapshot.Of(entry);
                    var endpoint = RequireEndpoint();

                    // The point of no return: after this the request may reach the server and spend the refresh token.
                    ct.ThrowIfCancellationRequested();
                    OlaresLog.Verbose("Refreshing the access token of " + OlaresId + ".");
                    TokenGrant grant;
                    try
                    {
                        grant = await AuthClient.RefreshAsync(endpoint.AuthUrl, entry.RefreshToken!, entry.AccessToken, endpoint.Insecure, CancellationToken.None, _options.RefreshTimeout).ConfigureAwait(false);
                    }
                    catch (RefreshRejectedException rejected)
                    {
                        _backoff.Reset();
                        return Rejected(before, rejected);
                    }
                    catch (RefreshTransientException transient)
                    {
                        _backoff.Failed(_options.Clock());
                        throw new OlaresRefreshFailedException(OlaresId, transient.Message, transient.StatusCode, transient, transient.OutcomeUnknown);
                    }

                    _backoff.Reset();
                    var fresh = NewEntry(grant.AccessToken, grant.RefreshToken ?? entry.RefreshToken, grant.SessionId ?? entry.SessionId);
                    return await SaveAsync(fresh, before).ConfigureAwait(false);
                }, ct).ConfigureAwait(false);
            }, cancellationToken);
        }

        /// <summary>
        /// Replaces the grant with one from a password login (the login requests themselves need no lock: they spend
        /// nothing). Overwrites whatever is stored, forgets any unsaved grant and makes the new token current.
        /// </summary>
        /// <param name="afterSave">Runs once the grant is saved, still inside the transaction and even if the caller
        /// has stopped waiting (the login writes its profile there, so a saved token never lacks its profile).</param>
        public Task<StoredToken> StoreLoginAsync(TokenGrant grant, CancellationToken cancellationToken, Action<StoredToken>? afterSave = null)
        {
            if (grant == null) throw new ArgumentNullException(nameof(grant));
            RefuseIfManaged("log in as");
            return Transaction(ct => WithLockAsync(() =>
            {
                var entry = NewEntry(grant.AccessToken, grant.RefreshToken, grant.SessionId);
                ct.ThrowIfCancellationRequested();
                Store.Set(entry);
                ForgetUnsaved();
                _cell.Replace(entry.AccessToken, entry.GrantedAt);
                Volatile.Write(ref _deniedAfterRefresh, null);
                afterSave?.Invoke(entry);
                return Task.FromResult(entry);
            }, ct), cancellationToken);
        }

        /// <summary>
        /// Imports a grant by its refresh token: the POST runs under the refresh lock (so no refresher of this
        /// identity, here or in olares-cli, presents the same token meanwhile), and the rotated grant is saved before
        /// anything else can fail; cancelling after the request was sent does not lose it. A grant the store refuses
        /// is kept in memory (with the lock), as for a refresh.
        /// </summary>
        /// <exception cref="RefreshRejectedException">The server rejected the refresh token.</exception>
        /// <exception cref="RefreshTransientException">The server could not be asked (nothing was spent, or it is unknown).</exception>
        /// <param name="afterSave">As for <see cref="StoreLoginAsync"/>.</param>
        public Task<StoredToken> ImportAsync(string refreshToken, CancellationToken cancellationToken, Action<StoredToken>? afterSave = null)
        {
            if (string.IsNullOrWhiteSpace(refreshToken)) throw new ArgumentException("The refresh token is empty.", nameof(refreshToken));
            RefuseIfManaged("import credentials for");
            return Transaction(ct => WithLockAsync(async () =>
            {
                var endpoint = RequireEndpoint();
                ct.ThrowIfCancellationRequested();
                var grant = await AuthClient.RefreshAsync(endpoint.AuthUrl, refreshToken.Trim(), null, endpoint.Insecure, CancellationToken.None, _options.RefreshTimeout).ConfigureAwait(false);
                var entry = NewEntry(grant.AccessToken, grant.RefreshToken ?? refreshToken.Trim(), grant.SessionId);
                ForgetUnsaved();
                Volatile.Write(ref _deniedAfterRefresh, null);
                if (!TryWrite(entry))
                {
                    KeepUnsaved(entry, SafeSnapshot());
                    OlaresLog.Warning("The imported login of " + OlaresId + " could not be saved; it is kept in memory (other processes cannot refresh this login until it is saved) and saving will be retried.");
                }

                _cell.Replace(entry.AccessToken, entry.GrantedAt);
                afterSave?.Invoke(entry);
                return entry;
            }, ct), cancellationToken);
        }

        /// <summary>
        /// Logout: waits for any refresh of this identity in flight (in any process that takes the refresh lock), then
        /// deletes the stored entry and forgets the token and any unsaved grant. Returns false when nothing was stored.
        /// </summary>
        public Task<bool> RemoveAsync(CancellationToken cancellationToken)
        {
            RefuseIfManaged("remove");
            return Transaction(ct => WithLockAsync(() =>
            {
                ct.ThrowIfCancellationRequested();
                var removed = Store.Delete(OlaresId);
                removed |= ForgetUnsaved();
                _cell.Clear();
                Volatile.Write(ref _deniedAfterRefresh, null);
                return Task.FromResult(removed);
            }, ct), cancellationToken);
        }

        internal static string KeyOf(string home, ITokenStore store, string olaresId) =>
            Path.GetFullPath(home) + "\n" + store.Location + "\n" + olaresId;

        /// <summary>Forgets the process-wide credentials of a config dir (tests; a home that is deleted).</summary>
        internal static void ForgetAll(string home)
        {
            var prefix = Path.GetFullPath(home) + "\n";
            foreach (var key in Registry.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) Registry.TryRemove(key, out _);
            }
        }

        private bool MayBeStale(string token)
        {
            var now = _options.Clock();
            if (IsNearExpiry(token, now)) return true;
            if (string.Equals(Volatile.Read(ref _deniedAfterRefresh), token, StringComparison.Ordinal)) return false;
            var grantedAt = GrantedAtOf(token);
            return grantedAt == null || now - grantedAt.Value >= _options.FreshWindow;
        }

        /// <summary>Near or past expiry, counted from when this machine received the token where that is known (clock skew).</summary>
        private bool IsNearExpiry(string token, DateTimeOffset now) => Jwt.IsStale(token, now, _options.PreflightSkew, GrantedAtOf(token));

        /// <summary>When the token was received (the store's grantedAt, stamped on this machine's clock); null when unknown.</summary>
        private DateTimeOffset? GrantedAtOf(string token)
        {
            var grantedAt = string.Equals(_cell.Current, token, StringComparison.Ordinal) ? _cell.GrantedAt : 0;
            return grantedAt > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(grantedAt) : (DateTimeOffset?)null;
        }

        /// <summary>
        /// The double-check: returns the token to use when someone else already rotated the grant (or the grant
        /// that is only in memory is still unspent), null when a refresh is needed. Fails fast, with no network,
        /// when nothing is stored or the grant was invalidated.
        /// </summary>
        private string? TryAdopt(string observed)
        {
            var unsaved = _unsaved;
            if (unsaved != null)
            {
                TrySaveUnsaved();
                unsaved = _unsaved;
                if (unsaved != null)
                {
                    return string.Equals(unsaved.Grant.AccessToken, observed, StringComparison.Ordinal) ? null : _cell.Offer(unsaved.Grant.AccessToken, unsaved.Grant.GrantedAt);
                }
            }

            var stored = Store.Get(OlaresId) ?? throw new OlaresNotLoggedInException(OlaresId);
            if (stored.InvalidatedAt > 0)
            {
                throw new OlaresTokenInvalidatedException(OlaresId, DateTimeOffset.FromUnixTimeMilliseconds(stored.InvalidatedAt));
            }

            if (!string.IsNullOrEmpty(stored.AccessToken) && !string.Equals(stored.AccessToken, observed, StringComparison.Ordinal))
            {
                OlaresLog.Debug("The stored access token of " + OlaresId + " was already rotated; using it.");
                _cell.Offer(stored.AccessToken, stored.GrantedAt);
                return stored.AccessToken;
            }

            return null;
        }

        /// <summary>/api/refresh rejected the refresh token: invalidate the login, unless another one landed meanwhile.</summary>
        private string Rejected(StoreSnapshot before, RefreshRejectedException rejected)
        {
            ForgetUnsaved();
            StoredToken? now;
            try
            {
                now = Store.Get(OlaresId);
            }
            catch (OlaresTokenStoreException)
            {
                now = null;
            }

            if (now != null && now.InvalidatedAt == 0 && !before.Matches(now) && !string.IsNullOrEmpty(now.AccessToken))
            {
                // Compare-and-clear: a login landed meanwhile; it is not that grant that died.
                _cell.Offer(now.AccessToken, now.GrantedAt);
                return now.AccessToken;
            }

            if (now == null) throw new OlaresNotLoggedInException(OlaresId, "the server rejected the refresh token and no login is stored");
            var at = _options.Clock();
            if (before.Exists)
            {
                try
                {
                    if (!Store.MarkInvalidated(OlaresId, at.ToUnixTimeMilliseconds(), before.RefreshToken ?? string.Empty))
                    {
                        var landed = Store.Get(OlaresId);
                        if (landed != null && landed.InvalidatedAt == 0 && !string.IsNullOrEmpty(landed.AccessToken))
                        {
                            _cell.Offer(landed.AccessToken, landed.GrantedAt);
                            return landed.AccessToken;
                        }
                    }
                }
                catch (Exception e) when (IsStoreFailure(e))
                {
                    OlaresLog.Warning("Could not record that the login of " + OlaresId + " is invalid (" + e.Message + "); the next command will try the refresh again.");
                }
            }

            throw new OlaresTokenInvalidatedException(OlaresId, at, rejected);
        }

        /// <summary>
        /// Saves a refreshed grant, compare-and-set against the refresh token the store held when the transaction
        /// began: a login that landed meanwhile wins (ours is dropped), a logout wins (nothing is written back), and
        /// a store that refuses the write leaves the grant in memory with the lock held.
        /// </summary>
        private async Task<string> SaveAsync(StoredToken fresh, StoreSnapshot before)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                StoredToken? now;
                try
                {
                    now = Store.Get(OlaresId);
                }
                catch (Exception e) when (IsStoreFailure(e))
                {
                    OlaresLog.Debug("Reading the token store failed: " + e.Message);
                    await Task.Delay(50 * (attempt + 1)).ConfigureAwait(false);
                    continue;
                }

                if (now == null && before.Exists)
                {
                    ForgetUnsaved();
                    throw new OlaresNotLoggedInException(OlaresId, "the login was removed while its token was being refreshed");
                }

                if (now != null && !before.Matches(now))
                {
                    ForgetUnsaved();
                    OlaresLog.Debug("A new login of " + OlaresId + " landed during the refresh; using it.");
                    if (now.InvalidatedAt > 0) throw new OlaresTokenInvalidatedException(OlaresId, DateTimeOffset.FromUnixTimeMilliseconds(now.InvalidatedAt));
                    _cell.Offer(now.AccessToken, now.GrantedAt);
                    return now.AccessToken;
                }

                if (TryWrite(fresh))
                {
                    ForgetUnsaved();
                    _cell.Offer(fresh.AccessToken, fresh.GrantedAt);
                    return fresh.AccessToken;
                }

                await Task.Delay(50 * (attempt + 1)).ConfigureAwait(false);
            }

            // Losing the new refresh token would lose the login: keep it, with the lock, and save it later.
            KeepUnsaved(fresh, before);
            _cell.Offer(fresh.AccessToken, fresh.GrantedAt);
            OlaresLog.Warning("The refreshed token of " + OlaresId + " could not be saved; it is kept in memory (other processes cannot refresh this login until it is saved) and saving will be retried.");
            return fresh.AccessToken;
        }

        /// <summary>Under the gate, with the lock held: retries saving a grant that is only in memory.</summary>
        private void TrySaveUnsaved()
        {
            var unsaved = _unsaved;
            if (unsaved == null) return;
            StoredToken? now;
            try
            {
                now = Store.Get(OlaresId);
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                return;
            }

            if (!unsaved.StoreBefore.Matches(now))
            {
                // A logout or another login happened (olares-cli writes those without the lock): they win.
                ForgetUnsaved();
                return;
            }

            if (TryWrite(unsaved.Grant))
            {
                ForgetUnsaved();
                OlaresLog.Verbose("The refreshed login of " + OlaresId + " is saved now.");
            }
        }

        private void TrySaveUnsavedWithoutWaiting()
        {
            if (Volatile.Read(ref _unsaved) == null || !_gate.Wait(0)) return;
            try
            {
                TrySaveUnsaved();
                ReleaseLockIfNothingUnsaved();
            }
            finally
            {
                _gate.Release();
            }
        }

        private void KeepUnsaved(StoredToken grant, StoreSnapshot storeBefore)
        {
            _unsaved = new UnsavedGrant(grant, storeBefore);
        }

        /// <summary>Drops a grant that is only in memory (and lets go of the lock it kept). True when there was one.</summary>
        private bool ForgetUnsaved()
        {
            var had = _unsaved != null;
            _unsaved = null;
            return had;
        }

        private bool TryWrite(StoredToken entry)
        {
            try
            {
                Store.Set(entry);
                return true;
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                OlaresLog.Debug("Saving the token failed: " + e.Message);
                return false;
            }
        }

        private StoreSnapshot SafeSnapshot()
        {
            try
            {
                return StoreSnapshot.Of(Store.Get(OlaresId));
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                return StoreSnapshot.Of(null);
            }
        }

        /// <summary>Under the gate, after a transaction: lets go of the refresh lock once no grant needs it any more.</summary>
        private void ReleaseLockIfNothingUnsaved()
        {
            if (_unsaved != null || _unsavedLock == null) return;
            _unsavedLock.Dispose();
            _unsavedLock = null;
        }

        private StoredToken NewEntry(string accessToken, string? refreshToken, string? sessionId) => new StoredToken
        {
            OlaresId = OlaresId,
            AccessToken = accessToken,
            RefreshToken = refreshToken,
            SessionId = sessionId,
            // This machine's clock (the option's): the token's expiry is counted from it (Jwt.IsStale).
            GrantedAt = _options.Clock().ToUnixTimeMilliseconds(),
        };

        private RefreshEndpoint RequireEndpoint() =>
            _endpoint ?? throw new InvalidOperationException("No auth endpoint is known for " + OlaresId + ": resolve its profile first.");

        /// <summary>
        /// Runs <paramref name="body"/> under the in-process gate on a worker thread; the caller's wait ends promptly
        /// on cancellation, while the body, once past its point of no return, runs to the end.
        /// </summary>
        private Task<T> Transaction<T>(Func<CancellationToken, Task<T>> body, CancellationToken cancellationToken)
        {
            var transaction = Task.Run(async () =>
            {
                await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return await body(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    ReleaseLockIfNothingUnsaved();
                    _gate.Release();
                }
            }, CancellationToken.None);
            return WaitAsync(transaction, cancellationToken);
        }

        /// <summary>
        /// Under the gate: holds the refresh lock around <paramref name="body"/> (the lock kept for an unsaved grant
        /// is reused), failing closed with a typed, retryable error when another holder keeps it too long.
        /// </summary>
        private async Task<T> WithLockAsync<T>(Func<Task<T>> body, CancellationToken ct)
        {
            var held = _unsavedLock ?? await AcquireRefreshLockAsync(ct).ConfigureAwait(false);

            try
            {
                return await body().ConfigureAwait(false);
            }
            finally
            {
                if (_unsaved != null)
                {
                    _unsavedLock = held;
                }
                else
                {
                    _unsavedLock = null;
                    held.Dispose();
                }
            }
        }

        /// <summary>
        /// The refresh lock, failing closed: a timeout is OlaresRefreshLockTimeout, a lock file that cannot be opened is
        /// OlaresRefreshLockFailed (for a platform-issued credential, a per-user fallback lock is tried first).
        /// </summary>
        private async Task<FileLock> AcquireRefreshLockAsync(CancellationToken ct)
        {
            var started = DateTimeOffset.UtcNow;
            FileLock? held;
            try
            {
                held = await FileLock.AcquireAsync(LockPath, _options.LockTimeout, _options.LockPollInterval, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (_managed != null && IsLockFileFailure(e))
            {
                // A sandbox that refuses the config dir: the mount holds the credential, so the lock is not worth
                // failing over (olares-cli does the same); a lock under the per-user temp dir still serialises ours.
                var fallback = ManagedFallbackLockPath();
                OlaresLog.Debug("Cannot use the refresh lock " + LockPath + " (" + e.Message + "); using " + fallback + " instead.");
                return await FileLock.AcquireAsync(fallback, _options.LockTimeout, _options.LockPollInterval, ct).ConfigureAwait(false)
                    ?? throw new OlaresRefreshLockTimeoutException(OlaresId, fallback, DateTimeOffset.UtcNow - started);
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresRefreshLockFailedException(OlaresId, LockPath, e);
            }

            return held ?? throw new OlaresRefreshLockTimeoutException(OlaresId, LockPath, DateTimeOffset.UtcNow - started);
        }

        private static bool SameToken(string? a, string? b) => string.Equals(a ?? string.Empty, b ?? string.Empty, StringComparison.Ordinal);

        private static bool IsStoreFailure(Exception e) => e is OlaresException || e is IOException || e is UnauthorizedAccessException;

        private static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken ct)
        {
            if (!ct.CanBeCanceled || task.IsCompleted) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (ct.Register(() => cancelled.TrySetResult(true)))
            {
                var first = await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false);
                if (first != task)
                {
                    // The transaction goes on by itself; observe its outcome so it is never an unobserved exception.
                    _ = task.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    throw new OperationCanceledException(ct);
                }
            }

            return await task.ConfigureAwait(false);
        }

        private sealed class RefreshEndpoint
        {
            public RefreshEndpoint(Uri authUrl, bool insecure)
            {
                AuthUrl = authUrl;
                Insecure = insecure;
            }

            public Uri AuthUrl { get; }

            public bool Insecure { get; }
        }

        /// <summary>A grant only in memory, and what the store held when the chain of grants that led to it began.</summary>
        private sealed class UnsavedGrant
        {
            public UnsavedGrant(StoredToken grant, StoreSnapshot storeBefore)
            {
                Grant = grant;
                StoreBefore = storeBefore;
            }

            public StoredToken Grant { get; }

            public StoreSnapshot StoreBefore { get; }
        }

        /// <summary>What a compare-and-set compares: whether an entry was stored, and its refresh token.</summary>
        private sealed class StoreSnapshot
        {
            private StoreSnapshot(bool exists, string? refreshToken)
            {
                Exists = exists;
                RefreshToken = refreshToken;
            }

            public bool Exists { get; }

            public string? RefreshToken { get; }

            public static StoreSnapshot Of(StoredToken? entry) => new StoreSnapshot(entry != null, entry?.RefreshToken);

            /// <summary>True when the store still holds what was read then (nothing was written meanwhile by a login or logout).</summary>
            public bool Matches(StoredToken? now) => Exists ? now != null && SameToken(now.RefreshToken, RefreshToken) : now == null;
        }
    }
}
