using System;
using System.Globalization;

namespace Olares.Errors
{
    /// <summary>A user-supplied value is malformed (olaresId, path, version, env name).</summary>
    public sealed class OlaresArgumentException : OlaresException
    {
        public OlaresArgumentException(string errorId, string message, object? target)
            : base(errorId, OlaresErrorKind.InvalidArgument, message)
        {
            Target = target;
        }
    }

    /// <summary>The token store cannot be read or written (corrupt file, wrong key, OS keychain refused).</summary>
    public sealed class OlaresTokenStoreException : OlaresException
    {
        public OlaresTokenStoreException(string message, string? location, bool write, Exception? inner = null)
            : base(write ? "OlaresTokenStoreWriteFailed" : "OlaresTokenStoreUnreadable",
                write ? OlaresErrorKind.WriteError : OlaresErrorKind.ReadError, message, inner)
        {
            Location = location;
            Target = location;
            RecommendedAction = write
                ? "Check the permissions and free space of " + (location ?? "the token store") + "."
                : "Remove the damaged entry with Disconnect-Olares, then log in again with Connect-Olares.";
        }

        public string? Location { get; }
    }

    /// <summary>config.json (or the module settings file) is not valid JSON of the expected shape.</summary>
    public sealed class OlaresConfigException : OlaresException
    {
        public OlaresConfigException(string path, string reason, Exception? inner = null)
            : base("OlaresConfigInvalid", OlaresErrorKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "The Olares configuration file {0} cannot be used: {1}", path, reason), inner)
        {
            Path = path;
            Target = path;
            RecommendedAction = "Fix or move away " + path + " (olares-cli shares it), then run the command again.";
        }

        public string Path { get; }
    }

    /// <summary>The server answered something that is not what the protocol promises (HTML, truncated JSON, wrong shape).</summary>
    public sealed class OlaresProtocolException : OlaresException
    {
        public OlaresProtocolException(string what, int statusCode, string reason, Exception? inner = null)
            : base("OlaresUnexpectedResponse", OlaresErrorKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "{0} returned an unexpected answer (HTTP {1}): {2}", what, statusCode, reason), inner)
        {
            StatusCode = statusCode;
            Target = what;
        }

        public int StatusCode { get; }
    }

    /// <summary>An API call failed with an HTTP error that has no more specific meaning.</summary>
    public sealed class OlaresHttpException : OlaresException
    {
        public OlaresHttpException(string what, int statusCode, string detail)
            : base(statusCode >= 500 ? "OlaresServerError" : "OlaresRequestFailed",
                statusCode >= 500 ? OlaresErrorKind.Connection : OlaresErrorKind.InvalidOperation,
                string.Format(CultureInfo.InvariantCulture, "{0} failed (HTTP {1}){2}", what, statusCode,
                    string.IsNullOrEmpty(detail) ? "." : ": " + detail))
        {
            StatusCode = statusCode;
            Target = what;
        }

        public int StatusCode { get; }

        public override bool IsRetryable => StatusCode >= 500;
    }

    /// <summary>The server could not be reached at all (DNS, refused connection, timeout).</summary>
    public sealed class OlaresConnectionException : OlaresException
    {
        public OlaresConnectionException(string what, Exception inner)
            : base("OlaresUnreachable", OlaresErrorKind.Connection,
                string.Format(CultureInfo.InvariantCulture, "Could not reach {0}: {1}", what, Describe(inner)), inner)
        {
            Target = what;
            RecommendedAction = "Check the network and the profile's URLs (Get-OlaresProfile), then run the command again.";
        }

        public override bool IsRetryable => true;

        // The innermost message is the useful one; HttpRequestException wraps SocketException etc.
        private static string Describe(Exception e)
        {
            while (e.InnerException != null) e = e.InnerException;
            return e.Message;
        }
    }

    /// <summary>A remote item (file, app, profile entry on the server) does not exist.</summary>
    public sealed class OlaresNotFoundException : OlaresException
    {
        public OlaresNotFoundException(string what, object? target)
            : base("OlaresNotFound", OlaresErrorKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "{0} was not found on the server.", what))
        {
            Target = target ?? what;
        }

        /// <summary>"<paramref name="what"/> was not found on the server: <paramref name="detail"/>."</summary>
        public OlaresNotFoundException(string what, object? target, string detail)
            : base("OlaresNotFound", OlaresErrorKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "{0} was not found on the server: {1}.", what, detail))
        {
            Target = target ?? what;
        }
    }
}
