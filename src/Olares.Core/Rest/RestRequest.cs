using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Olares.Rest
{
    /// <summary>One raw API call: method, URL, headers, an optional body (bytes, or a file streamed from disk) and where the answer goes.</summary>
    public sealed class RestRequest
    {
        public RestRequest(HttpMethod method, Uri url)
        {
            Method = method ?? throw new ArgumentNullException(nameof(method));
            Url = url ?? throw new ArgumentNullException(nameof(url));
        }

        public HttpMethod Method { get; }

        public Uri Url { get; }

        /// <summary>Extra headers, in order; Content-* ones apply to the body.</summary>
        public IList<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        /// <summary>A buffered body: sent again after a token refresh when the server rejected the first attempt.</summary>
        public byte[]? Body { get; set; }

        /// <summary>A file sent as the body, streamed from disk. It is never resent, so a token near its expiry is refreshed before sending.</summary>
        public string? InFile { get; set; }

        /// <summary>The body's media type (with parameters), e.g. application/json.</summary>
        public string? ContentType { get; set; }

        /// <summary>Streams the answer to this file (complete files only: written aside, then moved into place).</summary>
        public string? OutFile { get; set; }

        /// <summary>Sends no credentials at all, also not after a redirect to one of the profile's services.</summary>
        public bool Anonymous { get; set; }

        /// <summary>Returns error answers (4xx, 5xx) like successful ones instead of failing with a typed error.</summary>
        public bool SkipHttpErrorCheck { get; set; }

        /// <summary>Method and URL without the query, for messages.</summary>
        public string What => RestTarget.Describe(Method.Method, Url);
    }
}
