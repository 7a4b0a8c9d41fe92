using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Olares.Identity;

namespace Olares.PowerShell.Commands.Rest
{
    /// <summary>Completes the service names of the URL template (auth, desktop, files, market, settings, ...).</summary>
    public sealed class ServiceNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            var results = new List<CompletionResult>();
            foreach (var name in ServiceEndpoints.ServiceNames)
            {
                if (pattern.IsMatch(name)) results.Add(new CompletionResult(name, name, CompletionResultType.ParameterValue, "The " + name + " service"));
            }

            return results;
        }
    }
}
