using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Files;
using Olares.Http;

namespace Olares.Rest
{
    /// <summary>
    /// Sends a raw API call through the profile's refreshing session (or, anonymous, through clients that never carry
    /// the login): a buffered body is resent once after a token refresh, a file body is streamed and never resent
    /// (the token is refreshed first when it is about to expire), redirects follow the session's rules, and every
    /// failure is typed. JSON-sized answers use the session's 30 s per-attempt bound; -OutFile and -InFile use the
    /// untimed transfer client and stream, so memory does not grow with the size.
    /// </summary>
    public static class RestClient
    {
        /// <summary>How much of an error answer is read to describe it.</summary>
        public const int ErrorBodyLimit = 64 * 1024;

        private const int CopyBufferSize = 81920;
        private const string DefaultAccept = "application/json, text/plain, */*";

        public static async Task<RestResponse> SendAsync(OlaresSession? session, bool insecureSkipVerify, RestRequest request, CancellationToken ct, int progressActivityId = 1)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            if (!request.Anonymous && session == null) throw new ArgumentNullException(nameof(session), "A request with the login needs the profile's session.");
            if (request.Body != null && request.InFile != null) throw new ArgumentException("A request has either a body or an input file, not both.", nameof(request));

            var streaming = request.InFile != null || request.OutFile != null;
            var client = request.Anonymous
                ? (streaming ? AnonymousHttp.Transfer(insecureSkipVerify) : AnonymousHttp.Json(insecureSkipVerify))
                : (streaming ? session!.Transfer : session!.Json);

            using var message = new HttpRequestMessage(request.Method, request.Url);
            message.Content = CreateContent(request);
            ApplyHeaders(message, request);
            OlaresLog.Verbose(request.What + (request.Anonymous ? " (anonymous)" : string.Empty));

            var completion = request.OutFile != null ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
            using var response = await SendCoreAsync(client, message, request.What, completion, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var contentType = response.Content?.Headers.ContentType;
            OlaresLog.Debug("HTTP " + status + " " + (contentType?.MediaType ?? "(no content type)") + " from " + request.What);
            if ((status < 200 || status >= 300) && !request.SkipHttpErrorCheck)
            {
                var text = await ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
                throw ErrorFor(request.Anonymous ? null : session, status, request.What, text);
            }

            var headers = CollectHeaders(response);
            if (request.OutFile != null)
            {
                var written = await WriteToFileAsync(response, request, ct, progressActivityId).ConfigureAwait(false);
                return new RestResponse(status, contentType?.MediaType, contentType?.CharSet, headers, Array.Empty<byte>(), request.OutFile, written, request.What);
            }

            byte[] body;
            try
            {
                body = response.Content == null ? Array.Empty<byte>() : await ReadAllAsync(response.Content, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException)
            {
                throw new OlaresTransferException(request.What, "The answer to " + request.What + " broke off: " + e.Message, e) { RecommendedAction = "Run the command again." };
            }

            return new RestResponse(status, contentType?.MediaType, contentType?.CharSet, headers, body, null, 0, request.What);
        }

        /// <summary>The typed error of a refused call: the session's mapping (auth, permission, not found, server) or, anonymous, by status alone.</summary>
        public static OlaresException ErrorFor(OlaresSession? session, int status, string what, string body)
        {
            if (session != null) return OlaresApi.ErrorFor(session, status, what, body);
            if (status == 404) return new OlaresNotFoundException(what, null);
            return new OlaresHttpException(what, status, OlaresApi.Describe(body));
        }

        private static HttpContent? CreateContent(RestRequest request)
        {
            HttpContent content;
            if (request.InFile != null)
            {
                FileStream file;
                try
                {
                    file = new FileStream(request.InFile, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBufferSize, FileOptions.SequentialScan);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is ArgumentException || e is NotSupportedException)
                {
                    throw new OlaresLocalFileException(request.InFile, false, e);
                }

                // An opaque stream: the refreshing handler never resends it and refreshes a token near its expiry first.
                content = new StreamContent(file, CopyBufferSize);
            }
            else if (request.Body != null)
            {
                content = new ByteArrayContent(request.Body);
            }
            else
            {
                if (request.ContentType != null) throw Invalid("OlaresInvalidHeader", "A content type was given, but the request has no body.", request.ContentType);
                return null;
            }

            var type = request.ContentType ?? "application/octet-stream";
            if (!content.Headers.TryAddWithoutValidation("Content-Type", type) || !IsValidMediaType(type))
            {
                content.Dispose();
                throw Invalid("OlaresInvalidHeader", "\"" + type + "\" is not a valid content type.", type);
            }

            return content;
        }

        private static void ApplyHeaders(HttpRequestMessage message, RestRequest request)
        {
            var acceptGiven = false;
            foreach (var header in request.Headers)
            {
                var name = (header.Key ?? string.Empty).Trim();
                if (name.Length == 0) throw Invalid("OlaresInvalidHeader", "A header has an empty name.", header.Key);
                if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                {
                    if (message.Content == null) throw Invalid("OlaresInvalidHeader", "The header " + name + " describes a body, but the request has none.", name);
                    if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.Remove("Content-Type");
                    if (!message.Content.Headers.TryAddWithoutValidation(name, header.Value)) throw Invalid("OlaresInvalidHeader", "The header " + name + " cannot be set.", name);
                    continue;
                }

                if (string.Equals(name, "Accept", StringComparison.OrdinalIgnoreCase)) acceptGiven = true;
                if (!message.Headers.TryAddWithoutValidation(name, header.Value)) throw Invalid("OlaresInvalidHeader", "The header " + name + " cannot be set.", name);
            }

            if (!acceptGiven) message.Headers.TryAddWithoutValidation("Accept", DefaultAccept);
        }

        private static async Task<HttpResponseMessage> SendCoreAsync(HttpClient client, HttpRequestMessage message, string what, HttpCompletionOption completion, CancellationToken ct)
        {
            try
            {
                return await client.SendAsync(message, completion, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new OlaresConnectionException(what, new TimeoutException("no answer in time", e));
            }
            catch (HttpRequestException e)
            {
                throw new OlaresConnectionException(what, e);
            }
        }

        private static async Task<long> WriteToFileAsync(HttpResponseMessage response, RestRequest request, CancellationToken ct, int activityId)
        {
            var target = Path.GetFullPath(request.OutFile!);
            if (Directory.Exists(target)) throw new OlaresLocalFileExistsException(target, true);
            var folder = Path.GetDirectoryName(target) ?? ".";
            if (!Directory.Exists(folder)) throw new OlaresLocalFileException(target, true, new DirectoryNotFoundException("the folder " + folder + " does not exist"));

            // Written aside and moved into place when complete: a broken download never replaces an existing file.
            var partial = Path.Combine(folder, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".olares-partial");
            var expected = response.Content?.Headers.ContentLength;
            var progress = new TransferProgress("Invoke-OlaresRestMethod " + request.What, activityId);
            progress.AddTotal(expected ?? 0, 1);
            progress.SetCurrent(target);
            long written = 0;
            using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var reporter = progress.RunReporterAsync(stopReporting.Token);
            try
            {
                FileStream file;
                try
                {
                    file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new OlaresLocalFileException(target, true, e);
                }

                using (file)
                {
                    if (response.Content != null)
                    {
#if NET
                        using var source = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#else
                        using var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                        var buffer = new byte[CopyBufferSize];
                        while (true)
                        {
                            int n;
                            try
                            {
                                n = await source.ReadAsync(buffer, 0, buffer.Length, ct).ConfigureAwait(false);
                            }
                            catch (Exception e) when (e is IOException || e is HttpRequestException)
                            {
                                throw new OlaresTransferException(request.What, "The download from " + request.What + " broke off after " + written + " bytes: " + e.Message, e)
                                {
                                    RecommendedAction = "Run the command again.",
                                };
                            }

                            if (n == 0) break;
                            try
                            {
                                file.Write(buffer, 0, n);
                            }
                            catch (IOException e)
                            {
                                throw new OlaresLocalFileException(target, true, e);
                            }

                            written += n;
                            progress.AddBytes(n);
                        }
                    }
                }

                if (expected.HasValue && written != expected.Value)
                {
                    throw new OlaresTransferException(request.What, "The server promised " + expected.Value + " bytes but sent " + written + ".") { RecommendedAction = "Run the command again." };
                }

                try
                {
                    MoveIntoPlace(partial, target);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    throw new OlaresLocalFileException(target, true, e);
                }

                progress.FileDone();
                OlaresLog.Verbose("Wrote " + written + " bytes to " + target + ".");
                return written;
            }
            finally
            {
                stopReporting.Cancel();
                await reporter.ConfigureAwait(false);
                TryDelete(partial);
            }
        }

        private static void MoveIntoPlace(string partial, string target)
        {
#if NET
            File.Move(partial, target, overwrite: true);
#else
            if (File.Exists(target)) File.Replace(partial, target, null);
            else File.Move(partial, target);
#endif
        }

        private static void TryDelete(string path)
        {
            try
            {
                if (File.Exists(path)) File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        private static async Task<byte[]> ReadAllAsync(HttpContent content, CancellationToken ct)
        {
#if NET
            return await content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
#else
            return await content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
        }

        /// <summary>At most <see cref="ErrorBodyLimit"/> bytes of an error answer, as text (never fails: it only describes).</summary>
        private static async Task<string> ReadErrorBodyAsync(HttpResponseMessage response, CancellationToken ct)
        {
            if (response.Content == null) return string.Empty;
            try
            {
#if NET
                using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
#else
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
                var buffer = new byte[ErrorBodyLimit];
                var total = 0;
                int n;
                while (total < buffer.Length && (n = await stream.ReadAsync(buffer, total, buffer.Length - total, ct).ConfigureAwait(false)) > 0) total += n;
                return RestMediaTypes.EncodingOf(response.Content.Headers.ContentType?.CharSet).GetString(buffer, 0, total);
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException)
            {
                return string.Empty;
            }
        }

        private static IReadOnlyDictionary<string, string[]> CollectHeaders(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var h in response.Headers) headers[h.Key] = new List<string>(h.Value).ToArray();
            if (response.Content != null)
            {
                foreach (var h in response.Content.Headers) headers[h.Key] = new List<string>(h.Value).ToArray();
            }

            return headers;
        }

        private static bool IsValidMediaType(string type)
        {
            try
            {
                MediaTypeHeaderValue.Parse(type);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static OlaresArgumentException Invalid(string id, string message, object? target) => new OlaresArgumentException(id, message, target);
    }
}
