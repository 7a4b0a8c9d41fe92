using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// Downloads files and folder trees (protocol §6.3): plans (<see cref="DownloadPlanner"/>), creates the local
    /// folders, then downloads the files <see cref="DownloadOptions.Parallel"/> at a time (<see cref="FileDownloader"/>):
    /// each is written to its partial file and renamed when complete, retried from the bytes on disk, continued by
    /// -Resume even after a kill. Problems and results come back as one stream.
    /// </summary>
    public sealed class DownloadEngine
    {
        public const string PartialSuffix = ".olares-partial";

        private readonly FilesClient _client;
        private readonly DownloadOptions _options;

        public DownloadEngine(FilesClient client, DownloadOptions? options = null)
        {
            _client = client;
            _options = options ?? new DownloadOptions();
            if (_options.Parallel < 1) _options.Parallel = 1;
        }

        public Task<DownloadPlan> PlanAsync(IReadOnlyList<RemotePath> sources, string? destination, string currentDirectory, CancellationToken ct,
            RemoteListings? listings = null) =>
            new DownloadPlanner(listings ?? new RemoteListings(_client), _options.NameRules) { Mode = _options.Mode }.PlanAsync(sources, destination, currentDirectory, ct);

        /// <summary>
        /// Reports the plan's problems, creates its folders, then downloads its files. A failing file does not stop the
        /// others; cancellation stops everything and leaves partial files to resume. Every outcome goes to
        /// <paramref name="onResult"/> as it happens, and is returned.
        /// </summary>
        public async Task<IReadOnlyList<DownloadResult>> RunAsync(DownloadPlan plan, TransferProgress progress, Action<DownloadResult>? onResult, CancellationToken ct)
        {
            var outcomes = new TransferOutcomes<DownloadResult>(onResult);
            foreach (var problem in plan.Problems) outcomes.Add(DownloadResult.Problem(problem));
            var jobs = plan.Jobs;
            foreach (var dir in plan.Directories)
            {
                try
                {
                    Directory.CreateDirectory(dir);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    outcomes.Add(DownloadResult.Problem(new OlaresLocalFileException(dir, true, e)));
                    var inside = dir.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                    jobs = jobs.Where(j => !j.LocalPath.StartsWith(inside, StringComparison.Ordinal)).ToList();
                }
            }

            progress.AddTotal(plan.TotalBytes, jobs.Count);
            var downloader = new FileDownloader(_client, _options);
            await TransferScheduler.WithProgressAsync(progress, () => TransferScheduler.RunAsync(jobs, _options.Parallel, (job, token) =>
            {
                progress.SetCurrent(job.Remote.ToString());
                return downloader.DownloadAsync(job, progress, token);
            }, (job, e) => new DownloadResult(job, 0, false, e), outcomes, progress, ct), ct).ConfigureAwait(false);
            return outcomes.Results;
        }
    }
}
