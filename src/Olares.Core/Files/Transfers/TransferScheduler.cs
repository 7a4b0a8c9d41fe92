using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>
    /// The outcome stream of one transfer: every result and every problem, in the order they happen, kept for the
    /// caller and handed to its callback as soon as known (from any worker thread).
    /// </summary>
    public sealed class TransferOutcomes<TResult>
        where TResult : TransferResult
    {
        private readonly object _sync = new object();
        private readonly List<TResult> _results = new List<TResult>();
        private readonly Action<TResult>? _onResult;

        public TransferOutcomes(Action<TResult>? onResult)
        {
            _onResult = onResult;
        }

        public IReadOnlyList<TResult> Results
        {
            get
            {
                lock (_sync) return _results.ToList();
            }
        }

        public void Add(TResult result)
        {
            lock (_sync) _results.Add(result);
            _onResult?.Invoke(result);
        }
    }

    /// <summary>
    /// Runs the files of a transfer a bounded number at a time, shared by uploads and downloads: workers take the
    /// next job in plan order, a job's typed failure becomes its result (the others go on), cancellation stops
    /// every worker, and progress is reported while they run.
    /// </summary>
    public static class TransferScheduler
    {
        public static async Task RunAsync<TJob, TResult>(IReadOnlyList<TJob> jobs, int parallel, Func<TJob, CancellationToken, Task<TResult>> transfer,
            Func<TJob, OlaresException, TResult> failed, TransferOutcomes<TResult> outcomes, TransferProgress progress, CancellationToken ct)
            where TResult : TransferResult
        {
            if (jobs.Count == 0) return;
            var next = -1;
            async Task WorkAsync()
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var index = Interlocked.Increment(ref next);
                    if (index >= jobs.Count) return;
                    var job = jobs[index];
                    TResult result;
                    try
                    {
                        result = await transfer(job, ct).ConfigureAwait(false);
                    }
                    catch (OlaresException e)
                    {
                        result = failed(job, e);
                    }

                    progress.FileDone();
                    outcomes.Add(result);
                }
            }

            var workers = Enumerable.Range(0, Math.Max(1, Math.Min(parallel, jobs.Count))).Select(_ => Task.Run(WorkAsync, ct)).ToList();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }

        /// <summary>Runs <paramref name="work"/> with the progress reporter going, and reports "completed" at the end whatever happens.</summary>
        public static async Task WithProgressAsync(TransferProgress progress, Func<Task> work, CancellationToken ct)
        {
            using var reporting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reporter = progress.RunReporterAsync(reporting.Token);
            try
            {
                await work().ConfigureAwait(false);
            }
            finally
            {
                reporting.Cancel();
                await reporter.ConfigureAwait(false);
            }
        }
    }
}
