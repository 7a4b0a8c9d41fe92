using System;

namespace Olares.Auth
{
    /// <summary>
    /// The access token every client of one identity sends, versioned by the time its grant was issued
    /// (StoredToken.GrantedAt, which olares-cli stamps too). Offers are compare-and-swap on that version, so a writer
    /// holding an older token (a command that read the store just before another runspace or process rotated it, a
    /// refresh that finished late) cannot roll the cell back.
    /// </summary>
    public sealed class TokenCell
    {
        private readonly object _gate = new object();
        private string? _token;
        private long _grantedAt;

        public string? Current
        {
            get
            {
                lock (_gate) return _token;
            }
        }

        /// <summary>The grant time (unix ms) of <see cref="Current"/>; 0 when unknown.</summary>
        public long GrantedAt
        {
            get
            {
                lock (_gate) return _grantedAt;
            }
        }

        /// <summary>Takes <paramref name="token"/> unless the cell holds a newer grant. Returns the token now current.</summary>
        public string? Offer(string? token, long grantedAt)
        {
            if (string.IsNullOrEmpty(token)) return Current;
            lock (_gate)
            {
                if (_token == null || grantedAt > _grantedAt || (grantedAt == _grantedAt && _grantedAt == 0)) Set(token!, grantedAt);
                return _token;
            }
        }

        /// <summary>Takes <paramref name="token"/> whatever the cell holds (a new login replaces everything before it).</summary>
        public void Replace(string token, long grantedAt)
        {
            lock (_gate) Set(token, grantedAt);
        }

        /// <summary>Empties the cell (logout).</summary>
        public void Clear()
        {
            lock (_gate)
            {
                _token = null;
                _grantedAt = 0;
            }
        }

        private void Set(string token, long grantedAt)
        {
            _token = token;
            _grantedAt = grantedAt;
        }
    }
}
