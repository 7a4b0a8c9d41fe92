using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using Olares.Errors;
using Olares.Locking;

namespace Olares.Configuration
{
    /// <summary>
    /// The cross-process lock on &lt;home&gt;/locks/config.lock that olares-cli's background writers take around
    /// read-modify-write of config.json (gofrs/flock, 100 ms poll, 10 s timeout). Re-entrant on one thread, so a
    /// mutation may call another locked writer (e.g. module settings) without waiting for itself.
    /// </summary>
    internal static class ConfigLock
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

        [ThreadStatic]
        private static HashSet<string>? _heldByThisThread;

        public static T Run<T>(string home, TimeSpan timeout, Func<T> action, CancellationToken cancellationToken)
        {
            var path = ConfigPaths.ConfigLockPath(home);
            var held = _heldByThisThread ??= new HashSet<string>(StringComparer.Ordinal);
            if (held.Contains(path)) return action();

            FileLock? fileLock;
            try
            {
                fileLock = FileLock.AcquireAsync(path, timeout, FileLock.DefaultPollInterval, cancellationToken)
                    .ConfigureAwait(false).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception e) when (e is System.IO.IOException || e is UnauthorizedAccessException)
            {
                throw new OlaresException("OlaresConfigLockFailed", OlaresErrorKind.WriteError,
                    string.Format(CultureInfo.InvariantCulture, "Cannot take the configuration lock {0}: {1}", path, e.Message), e)
                {
                    Target = path,
                };
            }

            if (fileLock == null)
            {
                throw new OlaresException("OlaresConfigLockTimeout", OlaresErrorKind.ResourceBusy,
                    string.Format(CultureInfo.InvariantCulture,
                        "Timed out after {0:0.#} s waiting for the configuration lock {1}; another process (Olares module or olares-cli) is holding it.",
                        timeout.TotalSeconds, path))
                {
                    Target = path,
                    RecommendedAction = "Run the command again. If it keeps timing out, find the process that holds " + path + " and stop it.",
                };
            }

            using (fileLock)
            {
                held.Add(path);
                try
                {
                    return action();
                }
                finally
                {
                    held.Remove(path);
                }
            }
        }
    }
}
