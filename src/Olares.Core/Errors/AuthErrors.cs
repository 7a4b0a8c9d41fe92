using System;
using System.Globalization;

namespace Olares.Errors
{
    /// <summary>No profile is configured (or the current one points nowhere).</summary>
    public sealed class OlaresNoProfileException : OlaresException
    {
        public OlaresNoProfileException()
            : base("OlaresNoProfile", OlaresErrorKind.InvalidOperation,
                "No Olares profile is configured. Log in first with Connect-Olares -OlaresId <you@domain>.")
        {
            RecommendedAction = "Connect-Olares -OlaresId <you@domain>";
        }

        /// <summary>
        /// Inside an app container whose platform-issued credential is mounted but unusable: a login would not help
        /// (the next command would take the account over again), so the remedy is the application.
        /// </summary>
        /// <param name="mountProblem">Why the mounted credential could not be loaded (no secrets: a path and a reason).</param>
        public OlaresNoProfileException(string mountProblem)
            : base("OlaresNoProfile", OlaresErrorKind.InvalidOperation,
                "No Olares profile is configured: the platform-issued credential for this application is mounted but could not be loaded (" +
                mountProblem + "); reinstall or repair the application that requested it.")
        {
            IsManaged = true;
            RecommendedAction = ManagedRemedy.Action(null);
        }

        /// <summary>True when the error is about a platform-issued credential (its remedy is the application, not a login).</summary>
        public bool IsManaged { get; }
    }

    /// <summary>A profile name or olaresId that matches no configured profile.</summary>
    public sealed class OlaresProfileNotFoundException : OlaresException
    {
        public OlaresProfileNotFoundException(string name)
            : base("OlaresProfileNotFound", OlaresErrorKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "Profile \"{0}\" not found. Get-OlaresProfile lists the configured profiles.", name))
        {
            Target = name;
            RecommendedAction = "Get-OlaresProfile";
        }
    }

    /// <summary>
    /// The profile this PowerShell session works with is no longer configured (another session or olares-cli removed
    /// it). The session does not silently switch to another account.
    /// </summary>
    public sealed class OlaresSessionProfileRemovedException : OlaresException
    {
        public OlaresSessionProfileRemovedException(string olaresId)
            : base("OlaresSessionProfileRemoved", OlaresErrorKind.NotFound,
                string.Format(CultureInfo.InvariantCulture,
                    "The profile {0}, current in this session, is no longer configured (another session or olares-cli removed it). " +
                    "Choose a profile with Use-OlaresProfile, or log in again with {1}.", olaresId, ConnectCommand(olaresId)))
        {
            Target = olaresId;
            RecommendedAction = "Use-OlaresProfile <name> (Get-OlaresProfile lists them), or " + ConnectCommand(olaresId);
        }
    }

    /// <summary>The profile exists but no token is stored for it (or the token has no refresh token).</summary>
    public sealed class OlaresNotLoggedInException : OlaresException
    {
        public OlaresNotLoggedInException(string olaresId, string? detail = null)
            : base("OlaresNotLoggedIn", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture, "No access token is stored for {0}{1}. Log in with: {2}",
                    olaresId, string.IsNullOrEmpty(detail) ? string.Empty : " (" + detail + ")", ConnectCommand(olaresId)))
        {
            OlaresId = olaresId;
            Target = olaresId;
            RecommendedAction = ConnectCommand(olaresId);
        }

        /// <summary>A platform-issued identity without a usable credential (no mount, or one for another user).</summary>
        public OlaresNotLoggedInException(string olaresId, string? detail, string? managedAppName)
            : base("OlaresNotLoggedIn", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture, "No access token for {0}{1}: {2}.",
                    olaresId, string.IsNullOrEmpty(detail) ? string.Empty : " (" + detail + ")", ManagedRemedy.Tail(managedAppName)))
        {
            OlaresId = olaresId;
            Target = olaresId;
            IsManaged = true;
            AppName = managedAppName;
            RecommendedAction = ManagedRemedy.Action(managedAppName);
        }

        public string OlaresId { get; }

        /// <summary>True for a platform-issued identity (see <see cref="AppName"/>): a login is refused for it.</summary>
        public bool IsManaged { get; }

        /// <summary>The application the platform issued the credential to, when known.</summary>
        public string? AppName { get; }
    }

    /// <summary>
    /// The server rejected the refresh token (401/403/459 from /api/refresh): the grant is dead and a marker is
    /// persisted, so later commands fail fast without touching the network until the user logs in again.
    /// </summary>
    public sealed class OlaresTokenInvalidatedException : OlaresException
    {
        public OlaresTokenInvalidatedException(string olaresId, DateTimeOffset invalidatedAt, Exception? inner = null)
            : base("OlaresTokenInvalidated", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "The login for {0} became invalid at {1:yyyy-MM-ddTHH:mm:ssK}; the server no longer accepts its refresh token. Log in again with: {2}",
                    olaresId, invalidatedAt.ToUniversalTime(), ConnectCommand(olaresId)), inner)
        {
            OlaresId = olaresId;
            InvalidatedAt = invalidatedAt;
            Target = olaresId;
            RecommendedAction = ConnectCommand(olaresId);
        }

        /// <summary>
        /// The server rejected a platform-issued refresh token. A login cannot replace it; a credential re-issued
        /// into the mount later is tried again by itself.
        /// </summary>
        public OlaresTokenInvalidatedException(string olaresId, DateTimeOffset invalidatedAt, string? managedAppName, Exception? inner)
            : base("OlaresTokenInvalidated", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "The platform-issued credential for {0} was rejected at {1:yyyy-MM-ddTHH:mm:ssK}: {2}. A re-issued credential is picked up without any login.",
                    olaresId, invalidatedAt.ToUniversalTime(), ManagedRemedy.Tail(managedAppName)), inner)
        {
            OlaresId = olaresId;
            InvalidatedAt = invalidatedAt;
            Target = olaresId;
            IsManaged = true;
            AppName = managedAppName;
            RecommendedAction = ManagedRemedy.Action(managedAppName);
        }

        public string OlaresId { get; }

        public DateTimeOffset InvalidatedAt { get; }

        /// <summary>True for a platform-issued identity (see <see cref="AppName"/>).</summary>
        public bool IsManaged { get; }

        public string? AppName { get; }
    }

    /// <summary>A refresh attempt failed for a reason that may go away (5xx, network, malformed answer). Nothing was marked.</summary>
    public sealed class OlaresRefreshFailedException : OlaresException
    {
        public OlaresRefreshFailedException(string olaresId, string reason, int? statusCode = null, Exception? inner = null, bool outcomeUnknown = false)
            : base("OlaresRefreshFailed", OlaresErrorKind.Connection,
                string.Format(CultureInfo.InvariantCulture,
                    outcomeUnknown
                        ? "Could not refresh the access token for {0}: {1}. The server may have rotated the login without answering; run the command again, and if it then fails with OlaresTokenInvalidated, log in again."
                        : "Could not refresh the access token for {0}: {1}. The login is still valid; run the command again.", olaresId, reason), inner)
        {
            OlaresId = olaresId;
            StatusCode = statusCode;
            Target = olaresId;
            RecommendedAction = "Run the same command again; if it keeps failing, check that the Olares server is reachable.";
        }

        public string OlaresId { get; }

        public int? StatusCode { get; }

        public override bool IsRetryable => true;
    }

    /// <summary>
    /// The refresh lock file cannot be opened or locked (a symlink planted at its path, a directory the user cannot
    /// write, a file system without working locks). Fails closed: no refresh was attempted.
    /// </summary>
    public sealed class OlaresRefreshLockFailedException : OlaresException
    {
        public OlaresRefreshLockFailedException(string olaresId, string lockPath, Exception inner)
            : base("OlaresRefreshLockFailed", OlaresErrorKind.WriteError,
                string.Format(CultureInfo.InvariantCulture,
                    "Cannot take the refresh lock of {0} ({1}): {2}. No refresh was attempted.", olaresId, lockPath, inner.Message), inner)
        {
            OlaresId = olaresId;
            LockPath = lockPath;
            Target = lockPath;
            RecommendedAction = "Check " + lockPath + ": it must be a regular file (not a symlink) that you own, in a directory you can write, on a file system with working file locks.";
        }

        public string OlaresId { get; }

        public string LockPath { get; }
    }

    /// <summary>Another process held the refresh lock for too long. Fails closed: no refresh was attempted.</summary>
    public sealed class OlaresRefreshLockTimeoutException : OlaresException
    {
        public OlaresRefreshLockTimeoutException(string olaresId, string lockPath, TimeSpan waited)
            : base("OlaresRefreshLockTimeout", OlaresErrorKind.ResourceBusy,
                string.Format(CultureInfo.InvariantCulture,
                    "Timed out after {0:0.#} s waiting for the refresh lock of {1} ({2}); another process (Olares module or olares-cli) is holding it.",
                    waited.TotalSeconds, olaresId, lockPath))
        {
            OlaresId = olaresId;
            LockPath = lockPath;
            Target = lockPath;
            RecommendedAction = "Run the command again. If it keeps timing out, find the process that holds " + lockPath + " and stop it.";
        }

        public string OlaresId { get; }

        public string LockPath { get; }

        public override bool IsRetryable => true;
    }

    /// <summary>The server still answered 403 after a successful refresh: the identity lacks permission.</summary>
    public sealed class OlaresPermissionDeniedException : OlaresException
    {
        public OlaresPermissionDeniedException(string olaresId, string what, int statusCode, bool managed = false)
            : base("OlaresPermissionDenied", OlaresErrorKind.PermissionDenied,
                string.Format(CultureInfo.InvariantCulture,
                    "The server refused {0} (HTTP {1}): {2} does not have permission for this resource or action.", what, statusCode, olaresId))
        {
            OlaresId = olaresId;
            StatusCode = statusCode;
            Target = what;
            RecommendedAction = managed
                ? "Check the identity and role with Get-OlaresUser; the platform-issued credential acts as " + olaresId + ", so ask that user (the owner of the application) for the permission."
                : "Check the identity with Get-OlaresUser, or log in as another user with Connect-Olares -OlaresId <you@domain>.";
        }

        public string OlaresId { get; }

        public int StatusCode { get; }
    }

    /// <summary>
    /// The server rejected the access token (401/403/459) of a request whose body cannot be sent twice (a stream), after
    /// that body had gone. The login was refreshed at once, so the same command works when run again; the request is
    /// not resent, because the stream is spent.
    /// </summary>
    public sealed class OlaresRequestNotResentException : OlaresException
    {
        public OlaresRequestNotResentException(string olaresId, string what, int statusCode)
            : base("OlaresRequestNotResent", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "The server rejected the access token of {0} for {1} (HTTP {2}) while its body, which cannot be sent twice, was being sent. The login has been refreshed; run the command again.",
                    olaresId, what, statusCode))
        {
            OlaresId = olaresId;
            StatusCode = statusCode;
            Target = olaresId;
            RecommendedAction = "Run the same command again: the login is refreshed and nothing else needs to change.";
        }

        public string OlaresId { get; }

        public int StatusCode { get; }

        public override bool IsRetryable => true;
    }

    /// <summary>The server still rejected the token after a refresh (401/459): treat as "log in again".</summary>
    public sealed class OlaresAuthenticationRejectedException : OlaresException
    {
        public OlaresAuthenticationRejectedException(string olaresId, string what, int statusCode)
            : base("OlaresAuthenticationRejected", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "The server rejected the access token for {0} (HTTP {1}) even after refreshing it. Log in again with: {2}",
                    what, statusCode, ConnectCommand(olaresId)))
        {
            OlaresId = olaresId;
            StatusCode = statusCode;
            Target = olaresId;
            RecommendedAction = ConnectCommand(olaresId);
        }

        /// <summary>The same for a platform-issued identity: the remedy is the application, not a login.</summary>
        public OlaresAuthenticationRejectedException(string olaresId, string what, int statusCode, string? managedAppName)
            : base("OlaresAuthenticationRejected", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "The server rejected the access token of {0} for {1} (HTTP {2}) even after refreshing it: {3}.",
                    olaresId, what, statusCode, ManagedRemedy.Tail(managedAppName)))
        {
            OlaresId = olaresId;
            StatusCode = statusCode;
            Target = olaresId;
            RecommendedAction = ManagedRemedy.Action(managedAppName);
        }

        public string OlaresId { get; }

        public int StatusCode { get; }
    }

    /// <summary>A login attempt failed: wrong password, bad TOTP code, or a refused grant import.</summary>
    public sealed class OlaresLoginFailedException : OlaresException
    {
        public OlaresLoginFailedException(string olaresId, string reason, int? statusCode = null)
            : base("OlaresLoginFailed", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture, "Login for {0} failed: {1}", olaresId, reason))
        {
            OlaresId = olaresId;
            StatusCode = statusCode;
            Target = olaresId;
            RecommendedAction = "Check the password (and TOTP code), then run: " + ConnectCommand(olaresId);
        }

        public string OlaresId { get; }

        public int? StatusCode { get; }
    }

    /// <summary>The account needs a second factor and none could be asked for (non-interactive host).</summary>
    public sealed class OlaresTwoFactorRequiredException : OlaresException
    {
        public OlaresTwoFactorRequiredException(string olaresId)
            : base("OlaresTwoFactorRequired", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "Two-factor authentication is required for {0}, and this host cannot prompt for the code. Pass it with -Totp.", olaresId))
        {
            OlaresId = olaresId;
            Target = olaresId;
            RecommendedAction = ConnectCommand(olaresId) + " -Totp <6-digit code>";
        }

        public string OlaresId { get; }
    }

    /// <summary>A live login already exists and -Force was not given.</summary>
    public sealed class OlaresAlreadyLoggedInException : OlaresException
    {
        public OlaresAlreadyLoggedInException(string olaresId, DateTimeOffset? expiresAt)
            : base("OlaresAlreadyLoggedIn", OlaresErrorKind.ResourceExists,
                expiresAt.HasValue
                    ? string.Format(CultureInfo.InvariantCulture,
                        "Already logged in as {0} (access token expires {1:yyyy-MM-ddTHH:mm:ssK}). Add -Force to log in again.", olaresId, expiresAt.Value.ToUniversalTime())
                    : string.Format(CultureInfo.InvariantCulture,
                        "A token is already stored for {0} and its expiry cannot be determined. Add -Force to log in again.", olaresId))
        {
            OlaresId = olaresId;
            Target = olaresId;
            RecommendedAction = ConnectCommand(olaresId) + " -Force";
        }

        public string OlaresId { get; }
    }

    /// <summary>
    /// A login, an import or a logout of an identity whose credential the platform issued to an application:
    /// a login would write a second grant the next command discards, a logout would be undone by the next command.
    /// </summary>
    public sealed class OlaresManagedProfileException : OlaresException
    {
        public OlaresManagedProfileException(string olaresId, string? appName, string verb)
            : base("OlaresManagedProfile", OlaresErrorKind.InvalidOperation,
                string.Format(CultureInfo.InvariantCulture,
                    "Cannot {0} {1}: its credential is issued by the platform for {2} and is not stored locally; uninstall that application to revoke it.",
                    verb, olaresId, ManagedRemedy.Application(appName)))
        {
            OlaresId = olaresId;
            AppName = appName;
            Verb = verb;
            Target = olaresId;
            RecommendedAction = "Nothing is needed to use " + olaresId + ": commands run as it without a login. To revoke the credential, uninstall " +
                ManagedRemedy.Application(appName) + " in Olares (as its owner, outside this application).";
        }

        public string OlaresId { get; }

        public string? AppName { get; }

        /// <summary>What was refused ("log in as", "import credentials for", "remove").</summary>
        public string Verb { get; }
    }

    /// <summary>
    /// The platform-issued refresh token refreshed into a first-factor token, which no service accepts. Nothing was
    /// stored: a healthy-looking login that fails everywhere would be worse.
    /// </summary>
    public sealed class OlaresManagedFirstFactorException : OlaresException
    {
        public OlaresManagedFirstFactorException(string olaresId, string? appName)
            : base("OlaresManagedFirstFactor", OlaresErrorKind.Authentication,
                string.Format(CultureInfo.InvariantCulture,
                    "The platform-issued credential for {0} refreshed into a first-factor token, which cannot be used: {1}.",
                    olaresId, ManagedRemedy.Tail(appName)))
        {
            OlaresId = olaresId;
            AppName = appName;
            Target = olaresId;
            RecommendedAction = ManagedRemedy.Action(appName);
        }

        public string OlaresId { get; }

        public string? AppName { get; }
    }

    /// <summary>The wording of a platform-issued credential's remedy (olares-cli's managed texts, as a PowerShell user reads them).</summary>
    internal static class ManagedRemedy
    {
        public static string Application(string? appName) =>
            string.IsNullOrEmpty(appName) ? "an installed application" : "application \"" + appName + "\"";

        public static string Tail(string? appName) =>
            string.IsNullOrEmpty(appName)
                ? "this credential is issued by the platform; reinstall or repair the application that requested it to have it re-issued"
                : "this credential is issued by the platform for application \"" + appName + "\"; reinstall or repair that application to have it re-issued";

        public static string Action(string? appName) =>
            string.IsNullOrEmpty(appName)
                ? "Reinstall or repair the application that requested this platform-issued credential; no login is needed or possible for it."
                : "Reinstall or repair application \"" + appName + "\", which requested this platform-issued credential; no login is needed or possible for it.";
    }
}
