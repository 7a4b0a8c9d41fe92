using System;
using System.Management.Automation;
using Olares.Errors;

namespace Olares.PowerShell.Infrastructure
{
    /// <summary>Turns Core's typed exceptions into ErrorRecords with a stable id, a specific category and a recommended action.</summary>
    internal static class ErrorMapping
    {
        public static ErrorRecord ToErrorRecord(OlaresException exception)
        {
            var record = new ErrorRecord(exception, exception.ErrorId, ToCategory(exception.Kind), exception.Target);
            if (!string.IsNullOrEmpty(exception.RecommendedAction))
            {
                record.ErrorDetails = new ErrorDetails(exception.Message) { RecommendedAction = exception.RecommendedAction };
            }

            return record;
        }

        public static ErrorRecord ToErrorRecord(string errorId, ErrorCategory category, string message, object? target, string? recommendedAction = null, Exception? inner = null)
        {
            var record = new ErrorRecord(new OlaresException(errorId, OlaresErrorKind.InvalidOperation, message, inner), errorId, category, target);
            if (recommendedAction != null) record.ErrorDetails = new ErrorDetails(message) { RecommendedAction = recommendedAction };
            return record;
        }

        public static ErrorCategory ToCategory(OlaresErrorKind kind)
        {
            switch (kind)
            {
                case OlaresErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case OlaresErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case OlaresErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case OlaresErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
                case OlaresErrorKind.ResourceBusy: return ErrorCategory.ResourceBusy;
                case OlaresErrorKind.Connection: return ErrorCategory.ConnectionError;
                case OlaresErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case OlaresErrorKind.ReadError: return ErrorCategory.ReadError;
                case OlaresErrorKind.WriteError: return ErrorCategory.WriteError;
                case OlaresErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case OlaresErrorKind.NotImplemented: return ErrorCategory.NotImplemented;
                case OlaresErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                default: return ErrorCategory.InvalidOperation;
            }
        }
    }
}
