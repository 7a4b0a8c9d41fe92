using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace Olares.Market
{
    /// <summary>
    /// The request bodies of the market mutations, whose shape depends on the server's Olares version (protocol
    /// §7.3). <see cref="For"/> picks the shape by floor match on major.minor.patch among the known versions; lower
    /// or unknown versions get the oldest (1.12.5) shape.
    /// </summary>
    public abstract class MarketBodies
    {
        private static readonly MarketBodies[] Known = { new Bodies1126(), new Bodies1125() };

        /// <summary>The version this shape was written for.</summary>
        public abstract BackendVersion Shape { get; }

        /// <summary>True when cancel/stop/resume/uninstall/restart name the app's source (taken from its installed row).</summary>
        public abstract bool NamesSource { get; }

        public abstract bool SupportsRestart { get; }

        public abstract bool SupportsComputeMode { get; }

        /// <summary>The shape for a server version (null = unknown): the highest known version not above it.</summary>
        public static MarketBodies For(BackendVersion? server)
        {
            if (server != null)
            {
                foreach (var shape in Known.OrderByDescending(k => k.Shape))
                {
                    if (server.CompareTo(shape.Shape) >= 0) return shape;
                }
            }

            return Known.OrderBy(k => k.Shape).First();
        }

        /// <summary>POST /apps/{name}/install</summary>
        public virtual JsonObject Install(string source, string app, string version, IReadOnlyList<AppEnvVar>? envs, string? computeMode)
        {
            var body = new JsonObject { ["source"] = source, ["app_name"] = app, ["version"] = version, ["sync"] = true };
            if (envs != null && envs.Count > 0) body["envs"] = Envs(envs);
            return body;
        }

        /// <summary>PUT /apps/{name}/upgrade (no envs).</summary>
        public JsonObject Upgrade(string source, string app, string version) =>
            new JsonObject { ["source"] = source, ["app_name"] = app, ["version"] = version, ["sync"] = true };

        /// <summary>POST /apps/{name}/clone</summary>
        public JsonObject Clone(string source, string app, string title, IReadOnlyList<AppEnvVar>? envs, IReadOnlyList<KeyValuePair<string, string>>? entrances)
        {
            var body = new JsonObject { ["source"] = source, ["app_name"] = app, ["title"] = title, ["sync"] = true };
            if (envs != null && envs.Count > 0) body["envs"] = Envs(envs);
            if (entrances != null && entrances.Count > 0)
            {
                var list = new JsonArray();
                foreach (var e in entrances) list.Add(new JsonObject { ["name"] = e.Key, ["title"] = e.Value });
                body["entrances"] = list;
            }

            return body;
        }

        /// <summary>DELETE /apps/{name}/install</summary>
        public abstract JsonObject Cancel(string app, string source, string? version);

        /// <summary>POST /apps/stop</summary>
        public abstract JsonObject Stop(string app, string source, bool all);

        /// <summary>POST /apps/resume</summary>
        public abstract JsonObject Resume(string app, string source);

        /// <summary>DELETE /apps/{name}</summary>
        public abstract JsonObject Uninstall(string app, string source, bool all, bool deleteData, string? version);

        /// <summary>POST /apps/restart; only when <see cref="SupportsRestart"/>.</summary>
        public abstract JsonObject Restart(string app, string source);

        private static JsonArray Envs(IReadOnlyList<AppEnvVar> envs)
        {
            var list = new JsonArray();
            foreach (var e in envs) list.Add(new JsonObject { ["envName"] = e.Name, ["value"] = e.Value });
            return list;
        }

        private sealed class Bodies1125 : MarketBodies
        {
            public override BackendVersion Shape { get; } = new BackendVersion(1, 12, 5);

            public override bool NamesSource => false;

            public override bool SupportsRestart => false;

            public override bool SupportsComputeMode => false;

            public override JsonObject Cancel(string app, string source, string? version) => new JsonObject { ["sync"] = true };

            public override JsonObject Stop(string app, string source, bool all) => new JsonObject { ["appName"] = app, ["all"] = all };

            public override JsonObject Resume(string app, string source) => new JsonObject { ["appName"] = app };

            public override JsonObject Uninstall(string app, string source, bool all, bool deleteData, string? version) =>
                new JsonObject { ["sync"] = true, ["all"] = all, ["deleteData"] = deleteData };

            public override JsonObject Restart(string app, string source) =>
                throw new System.NotSupportedException("Olares 1.12.5 has no restart.");
        }

        private sealed class Bodies1126 : MarketBodies
        {
            public override BackendVersion Shape { get; } = new BackendVersion(1, 12, 6);

            public override bool NamesSource => true;

            public override bool SupportsRestart => true;

            public override bool SupportsComputeMode => true;

            public override JsonObject Install(string source, string app, string version, IReadOnlyList<AppEnvVar>? envs, string? computeMode)
            {
                var body = base.Install(source, app, version, envs, computeMode);
                if (!string.IsNullOrEmpty(computeMode)) body["selectedGpuType"] = computeMode;
                return body;
            }

            public override JsonObject Cancel(string app, string source, string? version) =>
                WithVersion(new JsonObject { ["app_name"] = app, ["source"] = source, ["sync"] = true }, version);

            public override JsonObject Stop(string app, string source, bool all) =>
                new JsonObject { ["app_name"] = app, ["source"] = source, ["all"] = all };

            public override JsonObject Resume(string app, string source) => new JsonObject { ["app_name"] = app, ["source"] = source };

            public override JsonObject Uninstall(string app, string source, bool all, bool deleteData, string? version) =>
                WithVersion(new JsonObject { ["app_name"] = app, ["source"] = source, ["sync"] = true, ["all"] = all, ["deleteData"] = deleteData }, version);

            public override JsonObject Restart(string app, string source) => new JsonObject { ["app_name"] = app, ["source"] = source };

            private static JsonObject WithVersion(JsonObject body, string? version)
            {
                if (!string.IsNullOrEmpty(version)) body["version"] = version;
                return body;
            }
        }
    }
}
