using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Olares.Errors
{
    /// <summary>
    /// An install (or clone) was refused because the app's environment variables are not satisfied (the server's
    /// "appenv" check, protocol §7.3). Carries the names of each group.
    /// </summary>
    public sealed class OlaresMissingEnvException : OlaresException
    {
        public OlaresMissingEnvException(string app, IReadOnlyList<string> missingValues, IReadOnlyList<string> missingRefs, IReadOnlyList<string> invalidValues)
            : base("OlaresMissingEnv", OlaresErrorKind.InvalidArgument, Describe(app, missingValues, missingRefs, invalidValues))
        {
            App = app;
            MissingValues = missingValues;
            MissingRefs = missingRefs;
            InvalidValues = invalidValues;
            Target = app;
            var names = missingValues.Concat(missingRefs).Concat(invalidValues).Distinct(StringComparer.Ordinal).ToList();
            RecommendedAction = "Install-OlaresApp " + app + " -Env @{ " +
                string.Join("; ", names.Select(n => n + " = '<value>'")) + " }";
        }

        public string App { get; }

        /// <summary>Required variables that have no value.</summary>
        public IReadOnlyList<string> MissingValues { get; }

        /// <summary>Variables whose value refers to another variable that does not exist.</summary>
        public IReadOnlyList<string> MissingRefs { get; }

        /// <summary>Variables whose value the server refused (wrong type, pattern or option).</summary>
        public IReadOnlyList<string> InvalidValues { get; }

        /// <summary>Every name the server complained about.</summary>
        public IReadOnlyList<string> Names => MissingValues.Concat(MissingRefs).Concat(InvalidValues).Distinct(StringComparer.Ordinal).ToList();

        private static string Describe(string app, IReadOnlyList<string> missing, IReadOnlyList<string> refs, IReadOnlyList<string> invalid)
        {
            var parts = new List<string>();
            if (missing.Count > 0) parts.Add("Missing required values: " + string.Join(", ", missing));
            if (refs.Count > 0) parts.Add("Missing referenced values: " + string.Join(", ", refs));
            if (invalid.Count > 0) parts.Add("Invalid values: " + string.Join(", ", invalid));
            return string.Format(CultureInfo.InvariantCulture,
                "Environment variable requirements of '{0}' are not met. {1}. Pass them with -Env @{{ NAME = 'value' }}.", app, string.Join("; ", parts));
        }
    }

    /// <summary>An app operation reached a failure state (protocol §7.4), or the server refused it outright.</summary>
    public sealed class OlaresAppOperationFailedException : OlaresException
    {
        public OlaresAppOperationFailedException(string operation, string app, string state, string? opType, string? reason, string? serverMessage = null)
            : base("OlaresAppOperationFailed", OlaresErrorKind.InvalidOperation,
                string.Format(CultureInfo.InvariantCulture, "{0} '{1}' failed: state={2} op={3}{4}", operation, app, state,
                    string.IsNullOrEmpty(opType) ? "-" : opType, Explanation(reason, serverMessage)))
        {
            Operation = operation;
            App = app;
            State = state;
            OpType = opType;
            Reason = reason;
            ServerMessage = serverMessage;
            Target = app;
            RecommendedAction = "Get-OlaresAppStatus " + app;
        }

        public string Operation { get; }

        public string App { get; }

        public string State { get; }

        public string? OpType { get; }

        /// <summary>The row's reason: a short state code.</summary>
        public string? Reason { get; }

        /// <summary>The row's message: the server's explanation (e.g. why an image pull failed).</summary>
        public string? ServerMessage { get; }

        // olares-cli shows the row's message; the reason code stands in when there is none.
        private static string Explanation(string? reason, string? serverMessage)
        {
            var text = string.IsNullOrWhiteSpace(serverMessage) ? reason : serverMessage;
            return string.IsNullOrWhiteSpace(text) ? string.Empty : " reason: " + Olares.Http.ResponseText.Snippet(text, 500);
        }
    }

    /// <summary>-Wait gave up before the operation reached a terminal state. Carries the last state seen.</summary>
    public sealed class OlaresWatchTimeoutException : OlaresException
    {
        public OlaresWatchTimeoutException(string operation, string app, TimeSpan timeout, string? lastState, string? lastOpType)
            : base("OlaresWatchTimeout", OlaresErrorKind.Timeout,
                string.Format(CultureInfo.InvariantCulture, "{0} '{1}' watch timed out after {2:0.#} s (last state: {3}, op: {4}). The operation goes on on the server.",
                    operation, app, timeout.TotalSeconds, string.IsNullOrEmpty(lastState) ? "unknown" : lastState, string.IsNullOrEmpty(lastOpType) ? "-" : lastOpType))
        {
            Operation = operation;
            App = app;
            LastState = lastState;
            LastOpType = lastOpType;
            Target = app;
            RecommendedAction = "Get-OlaresAppStatus " + app + " -Wait -Timeout <seconds>";
        }

        public string Operation { get; }

        public string App { get; }

        public string? LastState { get; }

        public string? LastOpType { get; }

        public override bool IsRetryable => true;
    }

    /// <summary>The operation needs an installed app, and the user's market state has no usable row for it.</summary>
    public sealed class OlaresAppNotInstalledException : OlaresException
    {
        public OlaresAppNotInstalledException(string app, string? state)
            : base("OlaresAppNotInstalled", OlaresErrorKind.NotFound,
                state == null
                    ? string.Format(CultureInfo.InvariantCulture, "Could not determine the source of '{0}': it has no installed app row. Pass -Source, or check Get-OlaresAppStatus.", app)
                    : string.Format(CultureInfo.InvariantCulture, "'{0}' is not an installed app (state {1}).", app, state))
        {
            App = app;
            State = state;
            Target = app;
            RecommendedAction = "Get-OlaresAppStatus";
        }

        public string App { get; }

        public string? State { get; }
    }

    /// <summary>The server's Olares version does not offer this operation or option (e.g. restart before 1.12.6).</summary>
    public sealed class OlaresNotSupportedByServerException : OlaresException
    {
        public OlaresNotSupportedByServerException(string what, string needed, string actual)
            : base("OlaresNotSupportedByServer", OlaresErrorKind.NotImplemented,
                string.Format(CultureInfo.InvariantCulture, "{0} needs Olares {1} or later; the server runs {2}.", what, needed, actual))
        {
            Target = what;
            RecommendedAction = "Upgrade the Olares server to " + needed + " or later.";
        }
    }

    /// <summary>The app offers several compute modes and none (or an unusable one) was chosen.</summary>
    public sealed class OlaresComputeModeException : OlaresException
    {
        public OlaresComputeModeException(string app, string message, IReadOnlyList<string> installable)
            : base("OlaresComputeModeRequired", OlaresErrorKind.InvalidArgument, message)
        {
            App = app;
            Installable = installable;
            Target = app;
            RecommendedAction = installable.Count > 0 ? "Install-OlaresApp " + app + " -ComputeMode " + installable[0] : "Get-OlaresApp " + app;
        }

        public string App { get; }

        /// <summary>The compute types the server says can be installed now.</summary>
        public IReadOnlyList<string> Installable { get; }
    }
}
