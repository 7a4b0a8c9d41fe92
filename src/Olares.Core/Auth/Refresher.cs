using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using Olares.Configuration;
using Olares.Errors;
using Olares.Locking;
using Olares.Storage;

namespace Olares.Auth
{
    public sealed class RefresherOptions
    {
        public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

        public TimeSpan LockPollInterval { get; set; } = FileLock.DefaultPollInterval;

        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Rotates the access token of one identity, at most once per stale token across runspaces and processes
    /// (protocol §4): in-process gate → re-read the store → cross-process file lock (shared with olares-cli) →
    /// re-read → POST /api/refresh with the stored tokens → persist → release. A caller whose token was already
    /// replaced by someone else adopts the stored token without any network call.
    /// </summary>
    public sealed class Refresher
    {
        // Keyed by lock path, so two Refresher instances for one identity in one process still share a gate.
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        // Tokens obtained but not yet persisted (the store refused the write), keyed by lock path like the gates;
        // retried before any new POST.
        private static readonly ConcurrentDictionary<string, StoredToken> Unpersisted = new ConcurrentDictionary<string, StoredToken>(StringComparer.Ordinal);

        private readonly ITokenStore _store;
        private readonly string _home;
        private readonly bool _insecure;
        private readonly RefresherOptions _options;

        public Refresher(ITokenStore store, string home, bool insecureSkipVerify, RefresherOptions? options = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            _home = home ?? throw new ArgumentNullException(nameof(home));
            _insecure = insecureSkipVerify;
            _options = options ?? new RefresherOptions();
        }

        public string LockPath(string olaresId) => ConfigPaths.RefreshLockPath(_home, olaresId);

        /// <summary>
        /// Returns an access token newer than <paramref name="observedAccessToken"/>. Cancelling
        /// <paramref name="cancellationToken"/> stops the wait at the gates promptly; once the refresh request has
        /// been sent, it completes and persists in the background even if the caller has gone, because the server
        /// has already spent the old refresh token.
        /// </summary>
        public Task<string> RefreshAsync(string olaresId, Uri authUrl, string? observedAccessToken, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(olaresId)) throw new ArgumentException("olaresId is required", nameof(olaresId));
            if (authUrl == null) throw new ArgumentNullException(nameof(authUrl));
            var transaction = Task.Run(() => TransactionAsync(olaresId, authUrl, observedAccessToken ?? string.Empty, cancellationToken), CancellationToken.None);
            return WaitAsync(transaction, cancellationToken);
        }

        private async Task<string> TransactionAsync(string olaresId, Uri authUrl, string observed, CancellationToken ct)
        {
            var lockPath = LockPath(olaresId);
            var gate = Gates.GetOrAdd(lockPath, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var adopted = TryAdopt(olaresId, lockPath, observed);
                if (adopted != null) return adopted;

                var started = DateTimeOffset.UtcNow;
                var held = await FileLock.AcquireAsync(lockPath, _options.LockTimeout, _options.LockPollInterval, ct).ConfigureAwait(false);
                if (held == null) throw new OlaresRefreshLockTimeoutException(olaresId, lockPath, DateTimeOffset.UtcNow - started);
                using (held)
                {
                    adopted = TryAdopt(olaresId, lockPath, observed);
                    if (adopted != null) return adopted;

                    // A grant that could not be saved is the live one: its refresh token is the only unspent one.
                    var entry = (Unpersisted.TryGetValue(lockPath, out var pending) ? pending : null)
                        ?? _store.Get(olaresId) ?? throw new OlaresNotLoggedInException(olaresId);
                    if (string.IsNullOrEmpty(entry.RefreshToken)) throw new OlaresNotLoggedInException(olaresId, "no refresh token is stored");

                    // The point of no return: after this the request may reach the server and spend the refresh token.
                    ct.ThrowIfCancellationRequested();
                    OlaresLog.Verbose("Refreshing the access token of " + olaresId + ".");
                    return await PostAndPersistAsync(olaresId, lockPath, authUrl, entry).ConfigureAwait(false);
                }
            }
            finally
            {
                gate.Release();
            }
        }

        /// <summary>
        /// The double-check: the stored token differs from the one the caller saw ⇒ someone else rotated it; use it.
        /// Also fails fast (no network) when nothing is stored or the grant was invalidated.
        /// </summary>
        private string? TryAdopt(string olaresId, string lockPath, string observed)
        {
            if (Unpersisted.TryGetValue(lockPath, out var pending))
            {
                if (TryPersist(pending)) Unpersisted.TryRemove(lockPath, out _);
                else if (!string.Equals(pending.AccessToken, observed, StringComparison.Ordinal)) return pending.AccessToken;
            }

            var stored = _store.Get(olaresId) ?? throw new OlaresNotLoggedInException(olaresId);
            if (stored.InvalidatedAt > 0)
            {
                throw new OlaresTokenInvalidatedException(olaresId, DateTimeOffset.FromUnixTimeMilliseconds(stored.InvalidatedAt));
            }

            if (!string.IsNullOrEmpty(stored.AccessToken) && !string.Equals(stored.AccessToken, observed, StringComparison.Ordinal))
            {
                OlaresLog.Debug("The stored access token of " + olaresId + " was already rotated; using it.");
                return stored.AccessToken;
            }

            return null;
        }

        private async Task<string> PostAndPersistAsync(string olaresId, string lockPath, Uri authUrl, StoredToken entry)
        {
            TokenGrant grant;
            try
            {
                grant = await AuthClient.RefreshAsync(authUrl, entry.RefreshToken!, entry.AccessToken, _insecure, CancellationToken.None).ConfigureAwait(false);
            }
            catch (RefreshRejectedException rejected)
            {
                // Compare-and-clear: if a new login landed meanwhile, it is not this grant that died.
                var now = _store.Get(olaresId);
                if (now != null && now.InvalidatedAt == 0 && !string.Equals(now.RefreshToken, entry.RefreshToken, StringComparison.Ordinal) && !string.IsNullOrEmpty(now.AccessToken))
                {
                    return now.AccessToken!;
                }

                var at = _options.Clock();
                try
                {
                    _store.MarkInvalidated(olaresId, at.ToUnixTimeMilliseconds());
                }
                catch (Exception e) when (e is OlaresException || e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    OlaresLog.Warning("Could not record that the login of " + olaresId + " is invalid (" + e.Message + "); the next command will try the refresh again.");
                }

                throw new OlaresTokenInvalidatedException(olaresId, at, rejected);
            }
            catch (RefreshTransientException transient)
            {
                throw new OlaresRefreshFailedException(olaresId, transient.Message, transient.StatusCode, transient);
            }

            var fresh = new StoredToken
            {
                OlaresId = olaresId,
                AccessToken = grant.AccessToken,
                RefreshToken = grant.RefreshToken ?? entry.RefreshToken,
                SessionId = grant.SessionId ?? entry.SessionId,
                GrantedAt = _options.Clock().ToUnixTimeMilliseconds(),
            };
            if (TryPersist(fresh))
            {
                Unpersisted.TryRemove(lockPath, out _);
            }
            else
            {
                // Losing the new refresh token would lose the login: keep it in memory and retry before any new POST.
                Unpersisted[lockPath] = fresh;
                OlaresLog.Warning("The refreshed token of " + olaresId + " could not be saved; it is kept in memory and saving will be retried.");
            }

            return fresh.AccessToken!;
        }

        private bool TryPersist(StoredToken token)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                try
                {
                    _store.Set(token);
                    return true;
                }
                catch (Exception e) when (e is OlaresException || e is System.IO.IOException || e is UnauthorizedAccessException)
                {
                    OlaresLog.Debug("Saving the token failed: " + e.Message);
                    Thread.Sleep(50 * (attempt + 1));
                }
            }

            return false;
        }

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
    }
}
