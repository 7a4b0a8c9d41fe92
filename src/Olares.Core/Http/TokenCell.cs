using System.Threading;

namespace Olares.Http
{
    /// <summary>The access token every client of one session sends; a refresh through one client is seen by all.</summary>
    public sealed class TokenCell
    {
        private string? _token;

        public TokenCell(string? initial)
        {
            _token = initial;
        }

        public string? Current => Volatile.Read(ref _token);

        /// <summary>Replaces the token; an empty value is ignored (there is no "log out" through the cell).</summary>
        public void Update(string? token)
        {
            if (!string.IsNullOrEmpty(token)) Volatile.Write(ref _token, token);
        }
    }
}
