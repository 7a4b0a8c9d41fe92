using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Market
{
    /// <summary>What Install-OlaresApp asks for.</summary>
    public sealed class InstallRequest
    {
        public string Name { get; set; } = string.Empty;

        public string? Source { get; set; }

        public string? Version { get; set; }

        public IReadOnlyList<AppEnvVar> Envs { get; set; } = Array.Empty<AppEnvVar>();

        public string? ComputeMode { get; set; }
    }

    /// <summary>What Copy-OlaresApp asks for.</summary>
    public sealed class CloneRequest
    {
        public string Name { get; set; } = string.Empty;

        public string? Source { get; set; }

        public string Title { get; set; } = string.Empty;

        public IReadOnlyList<AppEnvVar> Envs { get; set; } = Array.Empty<AppEnvVar>();

        public IReadOnlyList<KeyValuePair<string, string>> EntranceTitles { get; set; } = Array.Empty<KeyValuePair<string, string>>();
    }

    /// <summary>
    /// The market operations of olares-cli (protocol §7.3) over one client and one backend version: request bodies
    /// in the server's shape, the source taken from the installed row on 1.12.6+, cascade rules, cancel-before-
    /// uninstall, env and compute-mode checks, and the -Wait that follows each operation to its terminal state.
    /// </summary>
    public sealed class MarketService
    {
        public MarketService(MarketClient client, BackendVersion? version)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            Version = version;
            Bodies = MarketBodies.For(version);
        }

        public MarketClient Client { get; }

        /// <summary>The server's version; null when it could not be read (the 1.12.5 shapes are used).</summary>
        public BackendVersion? Version { get; }

        public MarketBodies Bodies { get; }

        private string VersionText => Version?.Text ?? "an unknown version";

        public async Task<AppOperationOutcome> InstallAsync(InstallRequest request, CancellationToken ct)
        {
            var name = request.Name;
            var source = request.Source ?? MarketValidation.DefaultSource;
            if (!string.IsNullOrEmpty(request.ComputeMode) && Version != null && !Bodies.SupportsComputeMode)
            {
                throw new OlaresNotSupportedByServerException("-ComputeMode", "1.12.6", VersionText);
            }

            var version = request.Version ?? await LatestVersionAsync(name, source, ct).ConfigureAwait(false);
            var what = "install '" + name + "'";
            var modeInBody = Bodies.SupportsComputeMode ? request.ComputeMode : null;
            var response = await Client.SendAsync(HttpMethod.Post, "/apps/" + name + "/install",
                Bodies.Install(source, name, version, request.Envs, modeInBody), what, ct).ConfigureAwait(false);
            if (!response.IsOk && !string.IsNullOrEmpty(request.ComputeMode) && modeInBody == null && IsComputeModeCheck(response))
            {
                // The version probe failed, so the first body could not carry the mode: choose it and retry once.
                CheckComputeMode(name, request.ComputeMode, response);
                var body = Bodies.Install(source, name, version, request.Envs, null);
                body["selectedGpuType"] = request.ComputeMode;
                response = await Client.SendAsync(HttpMethod.Post, "/apps/" + name + "/install", body, what, ct).ConfigureAwait(false);
            }

            ThrowIfCheckFailed(name, request.ComputeMode, response);
            response.EnsureOk(what, name);
            return Accepted("install", name, source, version, response, WatchRules.Install);
        }

        public async Task<AppOperationOutcome> UpgradeAsync(string name, string? source, string? version, CancellationToken ct)
        {
            if (source == null)
            {
                var row = (await Client.GetStateAsync(ct).ConfigureAwait(false)).Find(name, null);
                source = row?.Source ?? MarketValidation.DefaultSource;
            }

            version ??= await LatestVersionAsync(name, source, ct).ConfigureAwait(false);
            var what = "upgrade '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Put, "/apps/" + name + "/upgrade", Bodies.Upgrade(source, name, version), what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
            return Accepted("upgrade", name, source, version, response, WatchRules.Upgrade);
        }

        /// <summary>
        /// Uninstall. An operation still in flight is canceled first and waited for (with <paramref name="cancelWatch"/>);
        /// if the app is then gone, there is nothing left to uninstall. <paramref name="cascade"/> null = not given.
        /// </summary>
        public async Task<AppOperationOutcome> UninstallAsync(string name, string? source, bool? cascade, bool deleteData, WatchOptions cancelWatch, CancellationToken ct)
        {
            var row = (await Client.GetStateAsync(ct).ConfigureAwait(false)).Find(name, source);
            if (row != null && AppStates.IsInFlight(row.State))
            {
                OlaresLog.Verbose("'" + name + "' is " + row.State + "; canceling that operation before uninstalling.");
                var cancel = await SendCancelAsync(name, source ?? row.Source, row, ct).ConfigureAwait(false);
                await WaitAsync(cancel, cancelWatch, ct).ConfigureAwait(false);
                row = (await Client.GetStateAsync(ct).ConfigureAwait(false)).Find(name, source);
                if (row == null || row.State == AppStates.Uninstalled)
                {
                    return new AppOperationOutcome
                    {
                        App = name,
                        Operation = "uninstall",
                        Status = "success",
                        Message = "the in-flight operation was canceled; nothing is left to uninstall",
                        Source = source ?? cancel.Source,
                        Final = row,
                    };
                }
            }

            var resolved = RequireSource(name, source, row) ?? MarketValidation.DefaultSource;
            var all = cascade ?? false;
            var catalogName = row?.RawAppName ?? name;
            if (Bodies.NamesSource)
            {
                var detail = await TryDetailAsync(catalogName, resolved, ct).ConfigureAwait(false);
                if (detail != null && (detail.IsClusterScopedV2 || detail.Shared))
                {
                    if (!all) OlaresLog.Verbose("'" + name + "' is shared by all users; uninstalling it for everyone (cascade).");
                    all = true;
                }
            }
            else if (cascade == null)
            {
                var detail = await TryDetailAsync(catalogName, resolved, ct).ConfigureAwait(false);
                if (detail != null && detail.IsClusterScopedV2 && await new Desktop.DesktopClient(Client.Session).GetUserCountAsync(ct).ConfigureAwait(false) == 1)
                {
                    OlaresLog.Verbose("'" + name + "' is a shared app and this Olares has one user; uninstalling it with cascade.");
                    all = true;
                }
            }

            var what = "uninstall '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Delete, "/apps/" + name,
                Bodies.Uninstall(name, resolved, all, deleteData, row?.Version), what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
            return Accepted("uninstall", name, resolved, row?.Version, response, WatchRules.Uninstall);
        }

        public async Task<AppOperationOutcome> StopAsync(string name, string? source, bool all, CancellationToken ct)
        {
            var resolved = await SourceForAsync(name, source, ct).ConfigureAwait(false);
            var what = "stop '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Post, "/apps/stop", Bodies.Stop(name, resolved ?? string.Empty, all), what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
            return Accepted("stop", name, resolved, null, response, WatchRules.Stop);
        }

        public async Task<AppOperationOutcome> ResumeAsync(string name, string? source, CancellationToken ct)
        {
            var resolved = await SourceForAsync(name, source, ct).ConfigureAwait(false);
            var what = "resume '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Post, "/apps/resume", Bodies.Resume(name, resolved ?? string.Empty), what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
            return Accepted("resume", name, resolved, null, response, WatchRules.Resume);
        }

        /// <summary>Restart (1.12.6+). The row's statusTime before the request is the baseline -Wait compares against.</summary>
        public async Task<AppOperationOutcome> RestartAsync(string name, string? source, CancellationToken ct)
        {
            if (!Bodies.SupportsRestart) throw new OlaresNotSupportedByServerException("Restart-OlaresApp", "1.12.6", VersionText);
            var row = (await Client.GetStateAsync(ct).ConfigureAwait(false)).Find(name, source);
            var resolved = RequireSource(name, source, row)!;
            var what = "restart '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Post, "/apps/restart", Bodies.Restart(name, resolved), what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
            var outcome = Accepted("restart", name, resolved, row?.Version, response, WatchRules.Restart);
            outcome.Baseline = row?.StatusTimeValue;
            return outcome;
        }

        public async Task<AppOperationOutcome> CancelAsync(string name, string? source, CancellationToken ct)
        {
            var row = (await Client.GetStateAsync(ct).ConfigureAwait(false)).Find(name, source);
            return await SendCancelAsync(name, source, row, ct).ConfigureAwait(false);
        }

        public async Task<AppOperationOutcome> CloneAsync(CloneRequest request, CancellationToken ct)
        {
            var name = request.Name;
            var source = request.Source ?? MarketValidation.DefaultSource;
            var detail = await Client.GetDetailAsync(name, source, ct).ConfigureAwait(false) ?? throw NotInCatalog(name, source);
            if (!detail.AllowMultipleInstall)
            {
                throw new OlaresException("OlaresAppNotCloneable", OlaresErrorKind.InvalidOperation,
                    "'" + name + "' does not allow multiple installs, so it cannot be cloned.") { Target = name };
            }

            var what = "clone '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Post, "/apps/" + name + "/clone",
                Bodies.Clone(source, name, request.Title, request.Envs, request.EntranceTitles), what, ct).ConfigureAwait(false);
            ThrowIfCheckFailed(name, null, response);
            response.EnsureOk(what, name);
            var outcome = Accepted("clone", name, source, detail.Version, response, WatchRules.Clone);
            var target = MarketJson.FirstStr(response.Data, "app_name", "name");
            if (!string.IsNullOrEmpty(target) && !string.Equals(target, name, StringComparison.Ordinal)) outcome.TargetApp = target;
            outcome.WatchApp = outcome.TargetApp;
            if (outcome.TargetApp == null) outcome.Rule = null;
            return outcome;
        }

        public async Task<AppOperationOutcome> UploadChartAsync(string path, string source, CancellationToken ct)
        {
            var response = await Client.UploadChartAsync(path, source, ct).ConfigureAwait(false);
            response.EnsureOk("upload of " + System.IO.Path.GetFileName(path), path);
            return new AppOperationOutcome
            {
                App = MarketJson.FirstStr(response.Data, "app_name", "name") ?? System.IO.Path.GetFileName(path),
                Operation = "upload",
                Status = "success",
                Message = response.Message,
                Source = MarketJson.Str(response.Data, "source") ?? source,
                Version = MarketJson.FirstStr(response.Data, "version", "app_version"),
            };
        }

        /// <summary>DELETE /local-apps/delete: removes one version of a locally uploaded chart.</summary>
        public async Task DeleteLocalVersionAsync(string name, string version, string source, CancellationToken ct)
        {
            var what = "delete of '" + name + "' " + version;
            var body = new JsonObject { ["app_name"] = name, ["app_version"] = version, ["source"] = source };
            var response = await Client.SendAsync(HttpMethod.Delete, "/local-apps/delete", body, what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
        }

        /// <summary>Follows the operation to its terminal state; fills Final, Status "success" and the message.</summary>
        public async Task<AppOperationOutcome> WaitAsync(AppOperationOutcome outcome, WatchOptions options, CancellationToken ct)
        {
            if (outcome.Rule == null) return outcome;
            var final = await AppWatcher.WatchAsync(Client.GetStateAsync, outcome.Rule, outcome.WatchApp ?? outcome.App, outcome.Source,
                outcome.Baseline, options, ct).ConfigureAwait(false);
            outcome.Final = final;
            outcome.Status = "success";
            outcome.Message = outcome.Operation + " completed (state=" + (final?.State ?? "gone") + ")";
            return outcome;
        }

        private async Task<AppOperationOutcome> SendCancelAsync(string name, string? source, AppStateRow? row, CancellationToken ct)
        {
            string resolved;
            if (source != null) resolved = source;
            else if (row != null) resolved = row.Source;
            else if (Bodies.NamesSource) throw new OlaresAppNotInstalledException(name, null);
            else resolved = MarketValidation.DefaultSource;
            var what = "cancel '" + name + "'";
            var response = await Client.SendAsync(HttpMethod.Delete, "/apps/" + name + "/install", Bodies.Cancel(name, resolved, row?.Version), what, ct).ConfigureAwait(false);
            response.EnsureOk(what, name);
            return Accepted("cancel", name, resolved, row?.Version, response, WatchRules.Cancel);
        }

        /// <summary>The source to name: the given one, else (1.12.6+) the installed row's; null on 1.12.5 when not given.</summary>
        private async Task<string?> SourceForAsync(string name, string? source, CancellationToken ct)
        {
            if (source != null || !Bodies.NamesSource) return source;
            var row = (await Client.GetStateAsync(ct).ConfigureAwait(false)).Find(name, null);
            return RequireSource(name, null, row);
        }

        private string? RequireSource(string name, string? source, AppStateRow? row)
        {
            if (source != null) return source;
            if (row == null)
            {
                if (Bodies.NamesSource) throw new OlaresAppNotInstalledException(name, null);
                return null;
            }

            if (row.State == AppStates.Uninstalled) throw new OlaresAppNotInstalledException(name, row.State);
            return row.Source;
        }

        private async Task<string> LatestVersionAsync(string name, string source, CancellationToken ct)
        {
            var detail = await Client.GetDetailAsync(name, source, ct).ConfigureAwait(false) ?? throw NotInCatalog(name, source);
            if (string.IsNullOrEmpty(detail.Version)) throw new OlaresProtocolException("app detail of '" + name + "'", 200, "it has no version");
            return detail.Version!;
        }

        private async Task<AppDetail?> TryDetailAsync(string name, string source, CancellationToken ct)
        {
            try
            {
                return await Client.GetDetailAsync(name, source, ct).ConfigureAwait(false);
            }
            catch (OlaresException e) when (e.Kind != OlaresErrorKind.Authentication)
            {
                OlaresLog.Debug("No detail for '" + name + "' (" + e.Message + "); treating it as a per-user app.");
                return null;
            }
        }

        private static OlaresNotFoundException NotInCatalog(string name, string source) =>
            new OlaresNotFoundException("App '" + name + "' in source '" + source + "'", name) { RecommendedAction = "Get-OlaresApp -Source " + source };

        private static AppOperationOutcome Accepted(string operation, string name, string? source, string? version, MarketResponse response, WatchRule rule) =>
            new AppOperationOutcome
            {
                App = name,
                Operation = operation,
                Status = "accepted",
                Message = response.Message,
                Source = source,
                Version = version,
                Rule = rule,
                WatchApp = name,
            };

        private static bool IsComputeModeCheck(MarketResponse response) =>
            MarketJson.TryGetCheck(response.Data, out var type, out _) && type == "computeModeSelect";

        /// <summary>The env and compute-mode checks of a refused install or clone, as typed errors.</summary>
        private static void ThrowIfCheckFailed(string app, string? computeMode, MarketResponse response)
        {
            if (response.IsOk || !MarketJson.TryGetCheck(response.Data, out var type, out var payload)) return;
            if (type == "appenv")
            {
                var error = MarketJson.EnvError(app, payload);
                if (error != null) throw error;
            }
            else if (type == "computeModeSelect")
            {
                CheckComputeMode(app, computeMode, response);
                throw new OlaresComputeModeException(app, "The server did not accept compute mode \"" + computeMode + "\" for '" + app + "'.", Array.Empty<string>());
            }
        }

        /// <summary>Throws unless <paramref name="mode"/> is a declared, installable mode of the check in <paramref name="response"/>.</summary>
        private static void CheckComputeMode(string app, string? mode, MarketResponse response)
        {
            MarketJson.TryGetCheck(response.Data, out _, out var payload);
            var modes = MarketJson.ComputeModes(payload);
            var installable = modes.Where(m => m.Installable).Select(m => m.ComputeType).ToList();
            if (string.IsNullOrEmpty(mode))
            {
                throw new OlaresComputeModeException(app, MarketJson.Format(
                    "'{0}' supports several compute modes; run it again with -ComputeMode <type> (installable: {1}).", app,
                    installable.Count == 0 ? "none" : string.Join(", ", installable)), installable);
            }

            var chosen = modes.FirstOrDefault(m => string.Equals(m.ComputeType, mode, StringComparison.OrdinalIgnoreCase));
            if (chosen == null)
            {
                throw new OlaresComputeModeException(app, MarketJson.Format("Compute mode \"{0}\" is not a declared mode of '{1}' (declared: {2}).", mode!, app,
                    string.Join(", ", modes.Select(m => m.ComputeType))), installable);
            }

            if (!chosen.Installable)
            {
                throw new OlaresComputeModeException(app, MarketJson.Format("Compute mode \"{0}\" is not installable for '{1}': {2}", mode!, app,
                    string.IsNullOrEmpty(chosen.Reason) ? chosen.Status : chosen.Reason!), installable);
            }
        }
    }
}
