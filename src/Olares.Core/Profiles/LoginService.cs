using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Olares.Auth;
using Olares.Configuration;
using Olares.Desktop;
using Olares.Errors;
using Olares.Http;
using Olares.Identity;
using Olares.Storage;

namespace Olares.Profiles
{
    /// <summary>What Connect-Olares asks for.</summary>
    public sealed class LoginRequest
    {
        public LoginRequest(OlaresId id)
        {
            Id = id;
        }

        public OlaresId Id { get; }

        public string? Name { get; set; }

        public SecureString? Password { get; set; }

        public string? Totp { get; set; }

        /// <summary>Asks the user for a TOTP code when the server wants one and none was given; null in non-interactive hosts.</summary>
        public Func<string?>? PromptTotp { get; set; }

        /// <summary>Import an existing grant instead of logging in with a password.</summary>
        public SecureString? RefreshToken { get; set; }

        public string? AuthUrl { get; set; }

        public string? ServiceUrlTemplate { get; set; }

        public string? LocalUrlPrefix { get; set; }

        public bool InsecureSkipVerify { get; set; }

        public bool NoSwitch { get; set; }

        public bool Force { get; set; }
    }

    public sealed class LoginResult
    {
        public LoginResult(ProfileConfig profile, UserInfo? user, string tokenBackend, bool isCurrent, string? previousProfile)
        {
            Profile = profile;
            User = user;
            TokenBackend = tokenBackend;
            IsCurrent = isCurrent;
            PreviousProfile = previousProfile;
        }

        public ProfileConfig Profile { get; }

        /// <summary>Who the server says the new token belongs to; null when that check failed (a warning was logged).</summary>
        public UserInfo? User { get; }

        public string TokenBackend { get; }

        /// <summary>True when the profile is this session's current one now.</summary>
        public bool IsCurrent { get; }

        public string? PreviousProfile { get; }
    }

    /// <summary>
    /// Password login (with TOTP) and grant import, as olares-cli's profile login/import (protocol §2.2): refuse to
    /// overwrite a live login without Force, authenticate, save the grant through the identity's credential (under
    /// the refresh lock) together with the profile, then check the new token with one real call, best effort. For
    /// an import, everything after the refresh request was sent completes even if the caller stops waiting: the
    /// imported refresh token is spent by then, and the rotated grant must not be lost.
    /// </summary>
    public sealed class LoginService
    {
        private readonly OlaresContext _context;
        private readonly Func<DateTimeOffset> _clock;

        public LoginService(OlaresContext context, Func<DateTimeOffset>? clock = null)
        {
            _context = context;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>The identity key a login of <paramref name="id"/> uses: an existing profile's spelling of it, else the canonical form.</summary>
        public string KeyFor(OlaresId id)
        {
            var config = _context.LoadConfig();
            return (config.FindByOlaresId(id.Value) ?? FindEquivalent(config, id))?.OlaresId ?? id.Value;
        }

        /// <summary>
        /// Refuses a login or import of an identity whose credential the platform issued to an application (by the
        /// profile, so also when the mount is gone): the next command would discard the grant it writes. Checked
        /// before anything is asked or written.
        /// </summary>
        /// <exception cref="OlaresManagedProfileException">The identity is platform-issued.</exception>
        public void EnsureNotManaged(OlaresId id, bool import)
        {
            var config = _context.LoadConfig();
            ManagedProfiles.Refuse(config.FindByOlaresId(id.Value) ?? FindEquivalent(config, id), import ? "import credentials for" : "log in as");
        }

        /// <summary>
        /// Throws <see cref="OlaresManagedProfileException"/> for a platform-issued identity, then
        /// <see cref="OlaresAlreadyLoggedInException"/> when a live, non-invalidated token is stored.
        /// </summary>
        public void EnsureWritable(OlaresId id)
        {
            EnsureNotManaged(id, import: false);
            var key = KeyFor(id);
            StoredToken? existing;
            try
            {
                existing = _context.Tokens.Get(key);
            }
            catch (OlaresTokenStoreException)
            {
                // An unreadable entry is overwritten by a new login, as olares-cli does.
                return;
            }

            if (existing == null || existing.InvalidatedAt > 0 || string.IsNullOrEmpty(existing.AccessToken)) return;
            switch (Jwt.TryGetExpiry(existing.AccessToken, out var exp))
            {
                case JwtExpiryState.HasExpiry when exp > _clock():
                    throw new OlaresAlreadyLoggedInException(key, exp);
                case JwtExpiryState.NoExpiry:
                    throw new OlaresAlreadyLoggedInException(key, null);
            }
        }

        public async Task<LoginResult> LoginAsync(LoginRequest request, CancellationToken ct)
        {
            var id = request.Id;
            EnsureNotManaged(id, import: request.RefreshToken != null);
            if (!request.Force) EnsureWritable(id);

            // The profile as it will be saved: existing overrides stay unless new values are given.
            var existingConfig = _context.LoadConfig();
            var existing = existingConfig.FindByOlaresId(id.Value) ?? FindEquivalent(existingConfig, id);
            var key = existing?.OlaresId ?? id.Value;
            var profile = new ProfileConfig
            {
                OlaresId = key,
                Name = string.IsNullOrWhiteSpace(request.Name) ? existing?.Name : request.Name!.Trim(),
                AuthUrlOverride = string.IsNullOrWhiteSpace(request.AuthUrl) ? existing?.AuthUrlOverride : request.AuthUrl!.Trim(),
                LocalUrlPrefix = string.IsNullOrEmpty(request.LocalUrlPrefix) ? existing?.LocalUrlPrefix : request.LocalUrlPrefix,
                InsecureSkipVerify = request.InsecureSkipVerify || (existing?.InsecureSkipVerify ?? false),
            };
            var settings = _context.Settings.Get(key) ?? new ModuleProfileSettings();
            if (!string.IsNullOrWhiteSpace(request.ServiceUrlTemplate))
            {
                ServiceEndpoints.ValidateTemplate(request.ServiceUrlTemplate!.Trim());
                settings.ServiceUrlTemplate = request.ServiceUrlTemplate!.Trim();
            }

            var endpoints = ServiceEndpoints.Resolve(id, profile, settings);
            var insecure = profile.InsecureSkipVerify;
            var credential = OlaresCredential.For(_context.Home, _context.Tokens, key);
            credential.UseAuthEndpoint(endpoints.Auth, insecure);

            SavedProfile saved;
            StoredToken entry;
            if (request.RefreshToken != null)
            {
                var rt = SecureText.Reveal(request.RefreshToken);
                if (string.IsNullOrWhiteSpace(rt)) throw new OlaresArgumentException("OlaresEmptyRefreshToken", "The refresh token is empty.", key);
                SavedProfile? written = null;
                try
                {
                    entry = await credential.ImportAsync(rt, ct, _ => written = SaveProfile(profile, settings, request.NoSwitch)).ConfigureAwait(false);
                }
                catch (RefreshRejectedException e)
                {
                    throw new OlaresLoginFailedException(key, "the server rejected the refresh token (HTTP " + e.StatusCode + ")", e.StatusCode);
                }
                catch (RefreshTransientException e)
                {
                    if (e.InnerException is System.Net.Http.HttpRequestException http) throw new OlaresConnectionException(endpoints.Auth.GetLeftPart(UriPartial.Authority), http);
                    throw new OlaresLoginFailedException(key, e.Message, e.StatusCode);
                }

                saved = written!;
            }
            else
            {
                var grant = await PasswordLoginAsync(request, endpoints, insecure, ct).ConfigureAwait(false);
                SavedProfile? written = null;
                entry = await credential.StoreLoginAsync(grant, ct, _ => written = SaveProfile(profile, settings, request.NoSwitch)).ConfigureAwait(false);
                saved = written!;
            }

            // Who the server says the new token belongs to: best effort, as olares-cli's eager whoami. The login
            // is saved already; a failure here is a warning, not a lost login.
            UserInfo? user = null;
            try
            {
                user = await DesktopClient.GetUserInfoWithTokenAsync(endpoints.Desktop, entry.AccessToken, insecure, ct).ConfigureAwait(false);
                _context.UpdateProfile(key, p =>
                {
                    p.OwnerRole = user.OwnerRole;
                    p.WhoamiRefreshedAt = _clock().ToUnixTimeSeconds();
                }, ct);
                saved.Profile.OwnerRole = user.OwnerRole;
            }
            catch (OlaresException e)
            {
                OlaresLog.Warning("Logged in, but asking the server who the new login belongs to failed (" + e.Message + "); Get-OlaresUser tries again.");
            }

            return new LoginResult(saved.Profile, user, _context.Tokens.Backend, saved.IsCurrent, saved.Previous);
        }

        /// <summary>
        /// Writes the profile (and this module's settings) once its token is saved; makes it current in config.json
        /// and for this session unless NoSwitch (a first profile becomes current either way, as olares-cli does).
        /// </summary>
        private SavedProfile SaveProfile(ProfileConfig profile, ModuleProfileSettings settings, bool noSwitch)
        {
            _context.Settings.Set(profile.OlaresId, settings.IsEmpty ? null : settings);
            string? previous = null;
            var stored = _context.Config.Update(config =>
            {
                var before = config.Current()?.DisplayName;
                var p = config.Upsert(profile, !noSwitch);
                var nowCurrent = config.Current();
                if (nowCurrent != null && ReferenceEquals(nowCurrent, p) && before != null && before != p.DisplayName) previous = before;
                return p;
            }, CancellationToken.None);
            var pinned = SessionProfiles.Get(_context.Home);
            if (!noSwitch || pinned == null)
            {
                if (!noSwitch) SessionProfiles.Set(_context.Home, profile.OlaresId);
                pinned = SessionProfiles.Get(_context.Home);
            }

            var isCurrent = pinned != null
                ? string.Equals(pinned, profile.OlaresId, StringComparison.Ordinal)
                : string.Equals(_context.Config.Load().Current()?.OlaresId, profile.OlaresId, StringComparison.Ordinal);
            return new SavedProfile(stored, isCurrent, noSwitch ? null : previous);
        }

        /// <summary>A profile olares-cli saved with another spelling of the same identity (e.g. a bare "alice").</summary>
        private static ProfileConfig? FindEquivalent(CliConfig config, OlaresId id)
        {
            foreach (var p in config.Profiles)
            {
                if (Olares.Identity.OlaresId.TryParse(p.OlaresId, out var parsed, out _) && id.Equals(parsed)) return p;
            }

            return null;
        }

        private async Task<TokenGrant> PasswordLoginAsync(LoginRequest request, ServiceEndpoints endpoints, bool insecure, CancellationToken ct)
        {
            var id = request.Id;
            if (PasswordHash.IsEmpty(request.Password)) throw new OlaresArgumentException("OlaresEmptyPassword", "The password is empty.", id.Value);
            var hash = PasswordHash.Compute(request.Password!);
            // olares-cli sends the unprefixed desktop URL as the target, so Authelia evaluates the 2FA policy.
            var target = "https://desktop." + id.TerminusName;
            var first = await AuthClient.FirstFactorAsync(endpoints.Auth, id.Value, id.Local, hash, target, insecure, ct).ConfigureAwait(false);
            if (!first.SecondFactorRequired) return first;

            var code = request.Totp;
            if (string.IsNullOrWhiteSpace(code))
            {
                code = request.PromptTotp?.Invoke();
                if (code == null) throw new OlaresTwoFactorRequiredException(id.Value);
                if (string.IsNullOrWhiteSpace(code)) throw new OlaresArgumentException("OlaresEmptyTotp", "The two-factor code is empty.", id.Value);
                // The prompt may have taken a while: redo the whole login, as olares-cli does, so the code meets a fresh first factor.
                first = await AuthClient.FirstFactorAsync(endpoints.Auth, id.Value, id.Local, hash, target, insecure, ct).ConfigureAwait(false);
                if (!first.SecondFactorRequired) return first;
            }

            var second = await AuthClient.SecondFactorAsync(endpoints.Auth, id.Value, first.AccessToken, code!.Trim(), target, insecure, ct).ConfigureAwait(false);
            return new TokenGrant(second.AccessToken, second.RefreshToken ?? first.RefreshToken, second.SessionId ?? first.SessionId, false);
        }

        private sealed class SavedProfile
        {
            public SavedProfile(ProfileConfig profile, bool isCurrent, string? previous)
            {
                Profile = profile;
                IsCurrent = isCurrent;
                Previous = previous;
            }

            public ProfileConfig Profile { get; }

            public bool IsCurrent { get; }

            public string? Previous { get; }
        }
    }

    /// <summary>Turning a SecureString into text for the one request that needs it.</summary>
    public static class SecureText
    {
        public static string Reveal(SecureString secure)
        {
            var ptr = System.Runtime.InteropServices.Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                return System.Runtime.InteropServices.Marshal.PtrToStringUni(ptr, secure.Length);
            }
            finally
            {
                System.Runtime.InteropServices.Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }
    }
}
