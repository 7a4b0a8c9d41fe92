using System;
using System.Threading;
using System.Threading.Tasks;
using Olares.Auth;
using Olares.Configuration;
using Olares.Http;
using Olares.Identity;
using Olares.Market;

namespace Olares.Profiles
{
    /// <summary>
    /// A profile resolved for one command, built once and passed down: its config, URLs and module settings, the
    /// identity's credential, the session (opened on first use, failing fast when not logged in) and the server's
    /// Olares version (probed on first use, cached in config.json).
    /// </summary>
    public sealed class ResolvedProfile
    {
        private readonly OlaresContext _context;
        private OlaresCredential? _credential;
        private OlaresSession? _session;
        private Task<BackendVersion?>? _version;

        internal ResolvedProfile(OlaresContext context, ProfileConfig profile, OlaresId id, ServiceEndpoints endpoints, ModuleProfileSettings? settings)
        {
            _context = context;
            Profile = profile;
            Id = id;
            Endpoints = endpoints;
            Settings = settings;
        }

        public ProfileConfig Profile { get; }

        /// <summary>The parsed identity (host names are derived from it).</summary>
        public OlaresId Id { get; }

        /// <summary>The identity key: the olaresId as config.json spells it (the token-store account and lock name).</summary>
        public string Key => Profile.OlaresId;

        public string DisplayName => Profile.DisplayName;

        public ServiceEndpoints Endpoints { get; }

        public ModuleProfileSettings? Settings { get; }

        /// <summary>The process-wide owner of this identity's login, pointed at this profile's auth service.</summary>
        public OlaresCredential Credential
        {
            get
            {
                if (_credential != null) return _credential;
                var credential = OlaresCredential.For(_context.Home, _context.Tokens, Key);
                credential.UseAuthEndpoint(Endpoints.Auth, Profile.InsecureSkipVerify);
                // A managed profile's refresh token is the one mounted by the platform, read afresh at each exchange.
                credential.UseManagedSource(Profile.Managed ? new ManagedSource(_context.ManagedMount, Profile.AppName) : null);
                return _credential = credential;
            }
        }

        /// <summary>
        /// The session for API calls (protocol §3.6): fails fast, with no network call, when nothing is stored or
        /// the grant was invalidated (for a managed profile: when no usable credential is mounted, or the mounted one
        /// was rejected and not re-issued since). A stale token is fine: the pipeline refreshes it.
        /// </summary>
        public OlaresSession OpenSession()
        {
            if (_session != null) return _session;
            var credential = Credential;
            credential.RequireLogin();
            return _session = OlaresSession.For(credential, Id, Endpoints, Profile.InsecureSkipVerify);
        }

        /// <summary>The server's Olares version (see <see cref="BackendVersionResolver"/>), asked once per command.</summary>
        public Task<BackendVersion?> GetBackendVersionAsync(CancellationToken ct) =>
            _version ??= BackendVersionResolver.ResolveAsync(this, ct);

        /// <summary>Records cached facts about this profile (role, version) in config.json without disturbing concurrent writers.</summary>
        public void Update(Action<ProfileConfig> change, CancellationToken ct = default)
        {
            _context.UpdateProfile(Key, change, ct);
            change(Profile);
        }

        public override string ToString() => DisplayName;
    }
}
