using System.Collections.Generic;
using System.Net;

namespace Olares.Http
{
    /// <summary>
    /// The statuses the Olares edge uses for "authentication failed" (protocol §2.6; 459 is its own). Kept in one
    /// place so that the refreshing handler, the service clients, the retry classifier and the auth client agree.
    /// </summary>
    public static class AuthStatus
    {
        public static readonly IReadOnlyCollection<int> Codes = new HashSet<int> { 401, 403, 459 };

        public static bool IsAuthFailure(int status) => status == 401 || status == 403 || status == 459;

        public static bool IsAuthFailure(HttpStatusCode status) => IsAuthFailure((int)status);
    }
}
