using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Olares.Platform;
using Olares.Profiles;

namespace Olares.PowerShell.Completers
{
    /// <summary>
    /// What the argument completers share. Completion must never prompt, never cost more than a normal call, never
    /// throw and never keep the user waiting: each lookup runs with the session's login (the profile named by a
    /// -Profile already typed, else the session's current one), is bounded to about a second, and its answer is
    /// cached briefly so that repeated Tab presses do not ask the server again.
    /// </summary>
    internal static class CompletionSupport
    {
        public static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

        private static readonly ConcurrentDictionary<string, CachedValues> Cache = new ConcurrentDictionary<string, CachedValues>(StringComparer.Ordinal);

        /// <summary>
        /// The values <paramref name="lookup"/> finds for the profile in <paramref name="fakeBoundParameters"/>, from the
        /// cache when a recent answer exists for the same <paramref name="what"/>; empty on any failure or timeout.
        /// </summary>
        public static IReadOnlyList<string> Values(IDictionary fakeBoundParameters, string what, Func<ResolvedProfile, CancellationToken, Task<IReadOnlyList<string>>> lookup) =>
            Values<string>(fakeBoundParameters, what, lookup);

        /// <summary>Like <see cref="Values(IDictionary, string, Func{ResolvedProfile, CancellationToken, Task{IReadOnlyList{string}}})"/>, for values of any type.</summary>
        public static IReadOnlyList<T> Values<T>(IDictionary fakeBoundParameters, string what, Func<ResolvedProfile, CancellationToken, Task<IReadOnlyList<T>>> lookup)
        {
            try
            {
                var context = new OlaresContext(OlaresEnvironment.Current);
                var profile = context.ResolveProfile(fakeBoundParameters?[nameof(OlaresServiceCmdlet.Profile)] as string);
                var key = context.Home + "\n" + profile.Key + "\n" + typeof(T).Name + "\n" + what;
                if (Cache.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.At < CacheLifetime && cached.Values is IReadOnlyList<T> hit) return hit;
                // The lookup gets a few seconds; the Tab press waits for one. A slow answer still fills the cache for the
                // next press.
                var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var work = Task.Run(() => lookup(profile, cts.Token));
                _ = work.ContinueWith(t =>
                {
                    cts.Dispose();
                    if (t.Status == TaskStatus.RanToCompletion) Cache[key] = new CachedValues(DateTime.UtcNow, t.Result);
                    else _ = t.Exception;
                }, TaskScheduler.Default);
                return work.Wait(Budget) && work.Status == TaskStatus.RanToCompletion ? work.Result : Array.Empty<T>();
            }
            catch (Exception)
            {
                // Completion fails silently: a missing login or an unreachable server just offers nothing.
                return Array.Empty<T>();
            }
        }

        /// <summary>Completion results for <paramref name="values"/> that start like <paramref name="wordToComplete"/> (wildcards allowed), quoted where needed.</summary>
        public static IEnumerable<CompletionResult> Results(IEnumerable<string> values, string? wordToComplete, Func<string, string>? tooltip = null)
        {
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var pattern = new WildcardPattern(typed + "*", WildcardOptions.IgnoreCase);
            foreach (var value in values.Distinct(StringComparer.Ordinal).OrderBy(v => v, StringComparer.OrdinalIgnoreCase))
            {
                if (!pattern.IsMatch(value)) continue;
                yield return new CompletionResult(Quote(value), value, CompletionResultType.ParameterValue, tooltip?.Invoke(value) ?? value);
            }
        }

        /// <summary>Single-quotes a value PowerShell would otherwise split or expand.</summary>
        public static string Quote(string value) =>
            value.Length == 0 || value.IndexOfAny(new[] { ' ', '\t', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',', '@', '#', '&', '|', '<', '>' }) >= 0
                ? "'" + value.Replace("'", "''") + "'"
                : value;

        private sealed class CachedValues
        {
            public CachedValues(DateTime at, object values)
            {
                At = at;
                Values = values;
            }

            public DateTime At { get; }

            /// <summary>An IReadOnlyList of the lookup's value type.</summary>
            public object Values { get; }
        }
    }
}
