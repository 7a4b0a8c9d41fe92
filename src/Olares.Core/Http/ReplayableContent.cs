using System.Net.Http;

namespace Olares.Http
{
    /// <summary>Content that can be serialized again from its source (a buffered body, a file segment re-opened from disk).</summary>
    public interface IReplayableContent
    {
        bool CanReplay { get; }
    }

    public static class ReplayableContent
    {
        /// <summary>
        /// True when a request can be sent again after a refresh with the same body: no body, a buffered body, or
        /// content that re-reads its source. An opaque stream cannot be, and is never resent.
        /// </summary>
        public static bool IsReplayable(HttpContent? content)
        {
            switch (content)
            {
                case null:
                    return true;
                case IReplayableContent replayable:
                    return replayable.CanReplay;
                case ByteArrayContent _:
                    return true;
#if NET
                case ReadOnlyMemoryContent _:
                    return true;
#endif
                case MultipartContent multipart:
                    foreach (var part in multipart)
                    {
                        if (!IsReplayable(part)) return false;
                    }

                    return true;
                default:
                    return false;
            }
        }
    }
}
