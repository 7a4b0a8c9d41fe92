using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Olares.Configuration;
using Olares.Platform;

namespace Olares.PowerShell.Completers
{
    /// <summary>Completes profile names (and olaresIds) from config.json, with no network call.</summary>
    public sealed class ProfileNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var results = new List<CompletionResult>();
            CliConfig config;
            try
            {
                config = new CliConfigStore(ConfigPaths.Home(OlaresEnvironment.Current)).Load();
            }
            catch (Olares.Errors.OlaresException)
            {
                return results;
            }

            var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            foreach (var p in config.Profiles)
            {
                var name = p.DisplayName;
                if (!pattern.IsMatch(name)) continue;
                var text = name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ';', '(', ')', '{', '}', ',' }) >= 0 ? "'" + name.Replace("'", "''") + "'" : name;
                results.Add(new CompletionResult(text, name, CompletionResultType.ParameterValue, p.OlaresId));
            }

            return results;
        }
    }
}
