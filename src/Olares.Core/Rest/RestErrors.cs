using System;
using System.Globalization;
using Olares.Errors;

namespace Olares.Rest
{
    /// <summary>
    /// An absolute URL outside the profile's services was asked for with the login. The token and the auth cookie are
    /// never sent there; -Anonymous sends the request without them.
    /// </summary>
    public sealed class OlaresForeignOriginException : OlaresException
    {
        public OlaresForeignOriginException(Uri uri)
            : base("OlaresForeignOrigin", OlaresErrorKind.InvalidArgument,
                string.Format(CultureInfo.InvariantCulture,
                    "{0} is not one of the profile's Olares services, so the login is not sent there. Add -Anonymous to send the request without credentials.",
                    uri.GetLeftPart(UriPartial.Authority)))
        {
            Uri = uri;
            Target = uri.GetLeftPart(UriPartial.Path);
            RecommendedAction = "Invoke-OlaresRestMethod -Uri <url> -Anonymous, or -Service/-Path for the profile's services (Get-OlaresProfile shows the profile).";
        }

        public Uri Uri { get; }
    }
}
