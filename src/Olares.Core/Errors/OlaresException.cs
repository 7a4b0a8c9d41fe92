using System;

namespace Olares.Errors
{
    /// <summary>
    /// What kind of failure an <see cref="OlaresException"/> is. The PowerShell layer maps each kind to an
    /// ErrorCategory; Core stays free of System.Management.Automation.
    /// </summary>
    public enum OlaresErrorKind
    {
        InvalidArgument,
        NotFound,
        Authentication,
        PermissionDenied,
        ResourceBusy,
        Connection,
        InvalidData,
        ReadError,
        WriteError,
        InvalidOperation,
        Timeout,
        NotImplemented,
        ResourceExists,
    }

    /// <summary>
    /// Base of every error this module raises on purpose. <see cref="ErrorId"/> is a stable, non-localized
    /// identifier (the start of the PowerShell FullyQualifiedErrorId); <see cref="RecommendedAction"/> names the
    /// exact command that fixes the situation, when there is one. Messages never contain tokens.
    /// </summary>
    public class OlaresException : Exception
    {
        public OlaresException(string errorId, OlaresErrorKind kind, string message, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
        }

        public string ErrorId { get; }

        public OlaresErrorKind Kind { get; }

        /// <summary>The thing the error is about (an olaresId, a path, a profile name), for ErrorRecord.TargetObject.</summary>
        public object? Target { get; set; }

        public string? RecommendedAction { get; set; }

        /// <summary>True when simply running the same command again may succeed.</summary>
        public virtual bool IsRetryable => false;

        internal static string ConnectCommand(string? olaresId) =>
            string.IsNullOrEmpty(olaresId) ? "Connect-Olares -OlaresId <you@domain>" : "Connect-Olares -OlaresId " + olaresId;
    }
}
