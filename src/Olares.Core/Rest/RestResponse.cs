using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using Olares.Errors;
using Olares.Http;

namespace Olares.Rest
{
    /// <summary>The answer to a <see cref="RestRequest"/>: status, headers, and the body (or the file it was written to).</summary>
    public sealed class RestResponse
    {
        internal RestResponse(int statusCode, string? mediaType, string? charSet, IReadOnlyDictionary<string, string[]> headers, byte[] body, string? outFile, long bytesWritten, string what)
        {
            StatusCode = statusCode;
            MediaType = mediaType;
            CharSet = charSet;
            Headers = headers;
            Body = body;
            OutFile = outFile;
            BytesWritten = bytesWritten;
            What = what;
        }

        public int StatusCode { get; }

        /// <summary>The media type of the body without parameters (application/json), or null.</summary>
        public string? MediaType { get; }

        public string? CharSet { get; }

        /// <summary>Response and content headers, names as the server sent them (case-insensitive lookup).</summary>
        public IReadOnlyDictionary<string, string[]> Headers { get; }

        /// <summary>The body; empty when it was written to <see cref="OutFile"/>.</summary>
        public byte[] Body { get; }

        public string? OutFile { get; }

        /// <summary>Bytes written to <see cref="OutFile"/>.</summary>
        public long BytesWritten { get; }

        /// <summary>Method and URL of the request (without its query), for messages.</summary>
        public string What { get; }

        public bool IsJson => RestMediaTypes.IsJson(MediaType);

        /// <summary>True when the body is text (JSON, XML, text/*, or a declared charset).</summary>
        public bool IsText => RestMediaTypes.IsText(MediaType) || !string.IsNullOrEmpty(CharSet);

        /// <summary>The body decoded with its declared charset (UTF-8 when none or unknown), without a byte-order mark.</summary>
        public string Text()
        {
            var text = RestMediaTypes.EncodingOf(CharSet).GetString(Body);
            return text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        }

        /// <summary>The body as JSON; an HTML page or malformed JSON is a typed <see cref="OlaresProtocolException"/>.</summary>
        public JsonDocument ParseJson()
        {
            var text = Text();
            if (text.TrimStart().StartsWith("<", StringComparison.Ordinal))
            {
                throw new OlaresProtocolException(What, StatusCode, "the server sent HTML instead of JSON; add -Raw to see it");
            }

            try
            {
                return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e)
            {
                throw new OlaresProtocolException(What, StatusCode, "the answer is declared as JSON but is not valid JSON (" + e.Message + "); add -Raw to get the text: " + ResponseText.Snippet(text, 120), e);
            }
        }
    }

    /// <summary>How bodies are told apart by their media type.</summary>
    public static class RestMediaTypes
    {
        public static bool IsJson(string? mediaType)
        {
            if (string.IsNullOrEmpty(mediaType)) return false;
            var t = mediaType!.ToLowerInvariant();
            return t == "application/json" || t == "text/json" || t.EndsWith("+json", StringComparison.Ordinal);
        }

        public static bool IsText(string? mediaType)
        {
            if (string.IsNullOrEmpty(mediaType)) return false;
            var t = mediaType!.ToLowerInvariant();
            return IsJson(t) || t.StartsWith("text/", StringComparison.Ordinal) || t.EndsWith("+xml", StringComparison.Ordinal)
                || t == "application/xml" || t == "application/javascript" || t == "application/x-www-form-urlencoded" || t == "application/yaml";
        }

        public static Encoding EncodingOf(string? charSet)
        {
            if (string.IsNullOrWhiteSpace(charSet)) return new UTF8Encoding(false);
            try
            {
                return Encoding.GetEncoding(charSet!.Trim().Trim('"'));
            }
            catch (ArgumentException)
            {
                return new UTF8Encoding(false);
            }
        }
    }
}
