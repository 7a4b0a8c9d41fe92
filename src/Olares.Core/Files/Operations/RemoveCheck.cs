using System.Collections.Generic;
using Olares.Errors;

namespace Olares.Files
{
    /// <summary>What a group's listing said: items that may go, and problems of the others.</summary>
    public sealed class RemoveCheck
    {
        internal RemoveCheck(IReadOnlyList<RemoteItem> candidates, IReadOnlyList<OlaresException> problems)
        {
            Candidates = candidates;
            Problems = problems;
        }

        public IReadOnlyList<RemoteItem> Candidates { get; }

        public IReadOnlyList<OlaresException> Problems { get; }
    }
}
