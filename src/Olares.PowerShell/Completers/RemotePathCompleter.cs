using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Olares.Files;

namespace Olares.PowerShell.Completers
{
    /// <summary>
    /// Remote paths, one level per Tab: file types, then extends (Home, Data, Common; Sync repo ids; node names), then
    /// the items of the folder typed so far, listed with the session's login (or the -Profile already typed) under
    /// <see cref="CompletionSupport"/>'s budget and cache. Folders end with '/', so the next Tab goes on inside them.
    /// For -Path, wildcard characters of names are escaped with a backtick, so the completed path names that item only.
    /// </summary>
    public sealed class RemotePathCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var escape = string.Equals(parameterName, "Path", StringComparison.OrdinalIgnoreCase) && !string.Equals(commandName, "New-OlaresFolder", StringComparison.OrdinalIgnoreCase);
            var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
            var query = RemotePathCompletion.Parse(typed, escape);
            if (query == null) return Array.Empty<CompletionResult>();
            var level = query.Known ??
                        CompletionSupport.Values(fakeBoundParameters, query.LookupKey, (profile, ct) => query.LookUpAsync(new FilesClient(profile.OpenSession()), ct));
            var results = new List<CompletionResult>();
            foreach (var candidate in query.Filter(level, escape))
            {
                results.Add(new CompletionResult(CompletionSupport.Quote(candidate.Path), candidate.Name + (candidate.IsFolder ? "/" : string.Empty),
                    CompletionResultType.ParameterValue, candidate.Description));
            }

            return results;
        }
    }
}
