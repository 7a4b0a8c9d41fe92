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
using Olares.Locking;
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
        public LoginResult(ProfileConfig profile, UserInfo user, string tokenBackend, bool isCurrent, string? previousProfile)
        {
            Profile = profile;
            User = user;
            TokenBackend = tokenBackend;
            IsCurrent = isCurrent;
            PreviousProfile = previousProfile;
        }

        public ProfileConfig Profile { get; }

        public UserInfo User { get; }

        public string TokenBackend { get; }

        public bool IsCurrent { get; }

        public string? PreviousProfile { get; }
    }

    /// <summary>
    /// Password login (with TOTP) and grant import, as olares-cli's profile login/import (protocol §2.2): refuse to
    /// overwrite a live login without Force, authenticate, validate the new token with one real call, and only
    /// then write anything to disk.
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

        /// <summary>Throws <see cref="OlaresAlreadyLoggedInException"/> when a live, non-invalidated token is stored.</summary>
        public void EnsureWritable(OlaresId id)
        {
            StoredToken? existing;
            try
            {
                existing = _context.Tokens.Get(id.Value);
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
                    throw new OlaresAlreadyLoggedInException(id.Value, exp);
                case JwtExpiryState.NoExpiry:
                    throw new OlaresAlreadyLoggedInException(id.Value, null);
            }
        }

        public async Task<LoginResult> LoginAsync(LoginRequest request, CancellationToken ct)
        {
            var id = request.Id;
            if (!request.Force) EnsureWritable(id);

            // The profile as it will be saved: existing overrides stay unless new values are given.
            var existingConfig = _context.Config.Load();
            var existing = existingConfig.FindProfile(id.Value);
            var profile = new ProfileConfig
            {
                OlaresId = id.Value,
                Name = string.IsNullOrWhiteSpace(request.Name) ? existing?.Name : request.Name!.Trim(),
                AuthUrlOverride = string.IsNullOrWhiteSpace(request.AuthUrl) ? existing?.AuthUrlOverride : request.AuthUrl!.Trim(),
                LocalUrlPrefix = string.IsNullOrEmpty(request.LocalUrlPrefix) ? existing?.LocalUrlPrefix : request.LocalUrlPrefix,
                InsecureSkipVerify = request.InsecureSkipVerify || (existing?.InsecureSkipVerify ?? false),
            };
            var settings = _context.Settings.Get(id.Value) ?? new ModuleProfileSettings();
            if (!string.IsNullOrWhiteSpace(request.ServiceUrlTemplate))
            {
                ServiceEndpoints.ValidateTemplate(request.ServiceUrlTemplate!.Trim());
                settings.ServiceUrlTemplate = request.ServiceUrlTemplate!.Trim();
            }

            var endpoints = ServiceEndpoints.Resolve(id, profile, settings);
            var insecure = profile.InsecureSkipVerify;

            TokenGrant grant;
            if (request.RefreshToken != null)
            {
                grant = await ImportAsync(id, endpoints, request.RefreshToken, insecure, ct).ConfigureAwait(false);
            }
            else
            {
                grant = await PasswordLoginAsync(request, endpoints, insecure, ct).ConfigureAwait(false);
            }

            // One real call before anything is written: a token the server does not honour is not a login.
            var user = await DesktopClient.GetUserInfoWithTokenAsync(endpoints.Desktop, grant.AccessToken, insecure, ct).ConfigureAwait(false);

            var token = new StoredToken
            {
                OlaresId = id.Value,
                AccessToken = grant.AccessToken,
                RefreshToken = grant.RefreshToken,
                SessionId = grant.SessionId,
                GrantedAt = _clock().ToUnixTimeMilliseconds(),
            };
            profile.OwnerRole = user.OwnerRole;
            profile.WhoamiRefreshedAt = _clock().ToUnixTimeSeconds();

            // Written under the refresh lock so that no refresher of this identity (here or in olares-cli) is
            // halfway through a rotation of the old grant while the new one lands.
            var lockPath = ConfigPaths.RefreshLockPath(_context.Home, id.Value);
            using (var held = await FileLock.AcquireAsync(lockPath, TimeSpan.FromSeconds(30), FileLock.DefaultPollInterval, ct).ConfigureAwait(false)
                ?? throw new OlaresRefreshLockTimeoutException(id.Value, lockPath, TimeSpan.FromSeconds(30)))
            {
                _context.Tokens.Set(token);
            }

            _context.Settings.Set(id.Value, IsEmpty(settings) ? null : settings);
            string? previous = null;
            var saved = _context.Config.Update(config =>
            {
                var before = config.Current()?.DisplayName;
                var p = config.Upsert(profile, !request.NoSwitch);
                var nowCurrent = config.Current();
                if (nowCurrent != null && ReferenceEquals(nowCurrent, p) && before != null && before != p.DisplayName) previous = before;
                return p;
            }, ct);
            OlaresSession.Forget(_context.Home, id.Value);
            var isCurrent = string.Equals(_context.Config.Load().Current()?.OlaresId, id.Value, StringComparison.Ordinal);
            return new LoginResult(saved, user, _context.Tokens.Backend, isCurrent, previous);
        }

        private static bool IsEmpty(ModuleProfileSettings s) =>
            string.IsNullOrEmpty(s.ServiceUrlTemplate) && (s.ServiceUrls == null || s.ServiceUrls.Count == 0);

        private static async Task<TokenGrant> ImportAsync(OlaresId id, ServiceEndpoints endpoints, SecureString refreshToken, bool insecure, CancellationToken ct)
        {
            var rt = SecureText.Reveal(refreshToken);
            if (string.IsNullOrWhiteSpace(rt)) throw new OlaresArgumentException("OlaresEmptyRefreshToken", "The refresh token is empty.", id.Value);
            try
            {
                return await AuthClient.RefreshAsync(endpoints.Auth, rt.Trim(), null, insecure, ct).ConfigureAwait(false);
            }
            catch (RefreshRejectedException e)
            {
                throw new OlaresLoginFailedException(id.Value, "the server rejected the refresh token (HTTP " + e.StatusCode + ")", e.StatusCode);
            }
            catch (RefreshTransientException e)
            {
                if (e.InnerException is System.Net.Http.HttpRequestException http) throw new OlaresConnectionException(endpoints.Auth.GetLeftPart(UriPartial.Authority), http);
                throw new OlaresLoginFailedException(id.Value, e.Message, e.StatusCode);
            }
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
