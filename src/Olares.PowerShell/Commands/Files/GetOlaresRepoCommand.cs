using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Olares.Errors;
using Olares.Files;
using Olares.PowerShell.Output;
using Olares.Profiles;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Lists your Sync (Seafile) libraries and their ids, the extend of sync/&lt;id&gt;/... paths (olares-cli's "files repos").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresRepo", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(OlaresRepo))]
    public sealed class GetOlaresRepoCommand : OlaresServiceCmdlet
    {
        private const string NameSet = "Name";
        private const string IdSet = "Id";

        private static readonly SyncRepoKind[] Everything = { SyncRepoKind.Mine, SyncRepoKind.SharedToMe, SyncRepoKind.Shared };

        private readonly Dictionary<(ResolvedProfile, SyncRepoKind), IReadOnlyList<SyncRepo>> _lists = new Dictionary<(ResolvedProfile, SyncRepoKind), IReadOnlyList<SyncRepo>>();

        /// <summary>Repo names; wildcards allowed, any case.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Name { get; set; }

        /// <summary>Which repos: Mine (the default), SharedToMe, Shared (shared by you), or All.</summary>
        [Parameter(ParameterSetName = NameSet)]
        [ValidateSet("Mine", "SharedToMe", "Shared", "All", IgnoreCase = true)]
        public string[] Type { get; set; } = { "Mine" };

        /// <summary>Repo ids, looked up in every list (yours, shared with you, shared by you).</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = Array.Empty<string>();

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var connection = Connection;
                connection.OpenSession();
                if (ParameterSetName == IdSet)
                {
                    WriteById(connection);
                    return;
                }

                var repos = Kinds().SelectMany(k => List(connection, k)).ToList();
                var written = new HashSet<SyncRepo>();
                foreach (var name in Name ?? new[] { "*" })
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    var hits = repos.Where(r => pattern.IsMatch(r.Name)).ToList();
                    if (hits.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    {
                        WriteOlaresError(new OlaresNotFoundException("Sync repo '" + name + "'", name) { RecommendedAction = "Get-OlaresRepo -Type All" });
                    }

                    foreach (var repo in hits.Where(written.Add)) WriteObject(OlaresRepo.From(repo, connection.Key));
                }
            });
        }

        private void WriteById(ResolvedProfile connection)
        {
            foreach (var id in Id)
            {
                // Mine first, then shared with me, then shared by me: the lists are fetched only as far as needed.
                var repo = Everything.Select(k => List(connection, k).FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase)))
                    .FirstOrDefault(r => r != null);
                if (repo == null) WriteOlaresError(new OlaresNotFoundException("Sync repo " + id, id) { RecommendedAction = "Get-OlaresRepo -Type All" });
                else WriteObject(OlaresRepo.From(repo, connection.Key));
            }
        }

        private IEnumerable<SyncRepoKind> Kinds()
        {
            if (Type.Any(t => string.Equals(t, "All", StringComparison.OrdinalIgnoreCase))) return Everything;
            return Type.Select(t => (SyncRepoKind)Enum.Parse(typeof(SyncRepoKind), t, true)).Distinct();
        }

        private IReadOnlyList<SyncRepo> List(ResolvedProfile connection, SyncRepoKind kind)
        {
            if (!_lists.TryGetValue((connection, kind), out var list))
            {
                var session = connection.OpenSession();
                list = Run(ct => SyncRepoClient.ListAsync(session, kind, ct));
                _lists[(connection, kind)] = list;
            }

            return list;
        }
    }
}
