using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// The chunked, resumable upload of protocol §6.5: plans (<see cref="UploadPlanner"/>, which applies the policy
    /// for existing targets), makes the missing folders of folder uploads first (so no file ever goes into a folder
    /// that does not exist yet), deletes each file -Force replaces just before its upload, then uploads the files
    /// <see cref="UploadOptions.Parallel"/> at a time (<see cref="ChunkUploader"/>). Problems and results come back
    /// as one stream; a killed upload continues from the server's count on the next run.
    /// </summary>
    public sealed class UploadEngine
    {
        private readonly FilesClient _client;
        private readonly UploadOptions _options;

        public UploadEngine(FilesClient client, UploadOptions? options = null)
        {
            _client = client;
            _options = options ?? new UploadOptions();
            if (_options.ChunkSize < 1) throw new ArgumentOutOfRangeException(nameof(options), "The chunk size must be positive.");
            if (_options.Parallel < 1) _options.Parallel = 1;
        }

        public Task<UploadPlan> PlanAsync(IReadOnlyList<string> localPaths, RemotePath destination, CancellationToken ct, RemoteListings? listings = null) =>
            new UploadPlanner(listings ?? new RemoteListings(_client)) { Force = _options.Force }.PlanAsync(localPaths, destination, ct);

        /// <summary>
        /// Reports the plan's problems, makes its folders (parents first, never a blind mkdir), then uploads its files.
        /// A failing file does not stop the others; cancellation stops everything and the server keeps what it
        /// received for the next run. Every outcome goes to <paramref name="onResult"/> as it happens, and is returned.
        /// </summary>
        public async Task<IReadOnlyList<UploadResult>> RunAsync(UploadPlan plan, TransferProgress progress, Action<UploadResult>? onResult, CancellationToken ct)
        {
            var outcomes = new TransferOutcomes<UploadResult>(onResult);
            foreach (var problem in plan.Problems) outcomes.Add(UploadResult.Problem(problem));
            progress.AddTotal(plan.TotalBytes, plan.Jobs.Count);
            await TransferScheduler.WithProgressAsync(progress, async () =>
            {
                var failedFolders = await new RemoteFolders(_client).EnsureAsync(plan.Folders, e => outcomes.Add(UploadResult.Problem(e)), ct).ConfigureAwait(false);
                var jobs = plan.Jobs;
                if (failedFolders.Count > 0)
                {
                    // Files of a folder that could not be made are not sent: the folder's error says why.
                    jobs = jobs.Where(j => !failedFolders.Any(f => f.Contains(j.Target))).ToList();
                }

                string? node = null;
                if (jobs.Any(j => j.Size > 0))
                {
                    try
                    {
                        node = await _client.ResolveNodeAsync(_options.Node, new[] { plan.Destination }, ct).ConfigureAwait(false);
                    }
                    catch (OlaresException e)
                    {
                        outcomes.Add(UploadResult.Problem(e));
                        jobs = jobs.Where(j => j.Size == 0).ToList();
                    }
                }

                var uploader = new ChunkUploader(_client, _options);
                await TransferScheduler.RunAsync(jobs, _options.Parallel, async (job, token) =>
                {
                    progress.SetCurrent(job.LocalPath);
                    // A file -Force replaces is deleted just before its own upload, not all at once: when the run
                    // stops, the files it did not reach keep their old versions.
                    if (job.Replaces != null) await ExistingTargets.RemoveReplacedAsync(_client, job.Replaces, token).ConfigureAwait(false);
                    return await uploader.UploadAsync(job, node, progress, token).ConfigureAwait(false);
                }, (job, e) => new UploadResult(job, 0, null, e), outcomes, progress, ct).ConfigureAwait(false);
            }, ct).ConfigureAwait(false);
            return outcomes.Results;
        }
    }
}
