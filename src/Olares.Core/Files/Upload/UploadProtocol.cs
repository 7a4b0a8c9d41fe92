using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Olares.Errors;
using Olares.Http;

namespace Olares.Files
{
    /// <summary>
    /// The wire protocol of the chunked upload (§6.5, olares-cli's upload/api.go): the resume probe, the upload
    /// link, one multipart chunk POST, and the cloud task id in the last chunk's answer. No retries and no
    /// scheduling here (<see cref="ChunkUploader"/>, <see cref="UploadEngine"/>).
    /// </summary>
    public sealed class UploadProtocol
    {
        private static readonly Dictionary<string, string> MimeTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [".txt"] = "text/plain", [".json"] = "application/json", [".html"] = "text/html", [".css"] = "text/css",
            [".js"] = "application/javascript", [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg",
            [".gif"] = "image/gif", [".pdf"] = "application/pdf", [".mp4"] = "video/mp4", [".mov"] = "video/quicktime",
            [".mp3"] = "audio/mpeg", [".zip"] = "application/zip", [".tar"] = "application/x-tar", [".gz"] = "application/gzip",
        };

        private readonly FilesClient _client;

        public UploadProtocol(FilesClient client)
        {
            _client = client;
        }

        /// <summary>
        /// GET /upload/file-uploaded-bytes/&lt;node&gt;/: what the server kept of an earlier attempt. Any failure of the
        /// probe itself counts as 0, as in olares-cli; a failure of the login does not (the next request would only
        /// wait for the same refresh again).
        /// </summary>
        public async Task<long> UploadedBytesAsync(string node, UploadJob job, CancellationToken ct)
        {
            try
            {
                using var doc = await _client.GetJsonAsync("/upload/file-uploaded-bytes/" + UriEncoding.EncodeUriComponent(node) + "/?parent_dir=" +
                                                           UriEncoding.FormEncode(job.FinalDir) + "&file_name=" + UriEncoding.FormEncode(job.RemoteName),
                    "uploaded bytes of " + job.Target, ct).ConfigureAwait(false);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("uploadedBytes", out var v) && v.ValueKind == JsonValueKind.Number &&
                    v.TryGetInt64(out var n) && n >= 0)
                {
                    return n <= job.Size ? n : 0;
                }
            }
            catch (OlaresException e) when (!RetryPolicy.IsLoginFailure(e))
            {
                OlaresLog.Debug("The resume probe for " + job.Target + " failed (" + e.Message + "); uploading from the start.");
            }

            return 0;
        }

        /// <summary>GET /upload/upload-link/&lt;node&gt;/: a relative URL for the chunks of one file, with ret-json=1 added.</summary>
        public async Task<Uri> UploadLinkAsync(string node, UploadJob job, CancellationToken ct)
        {
            var what = "upload link for " + job.Target;
            using var request = new HttpRequestMessage(HttpMethod.Get,
                _client.Url("/upload/upload-link/" + UriEncoding.EncodeUriComponent(node) + "/?file_path=" + UriEncoding.EncodeUriComponent(job.ParentDir) + "&from=web"));
            var text = (await _client.SendTextAsync(request, what, ct, job.Target.Parent).ConfigureAwait(false)).Trim();
            if (text.StartsWith("\"", StringComparison.Ordinal))
            {
                try
                {
                    text = JsonSerializer.Deserialize<string>(text) ?? string.Empty;
                }
                catch (JsonException)
                {
                }
            }

            if (text.Length == 0 || text.StartsWith("<", StringComparison.Ordinal) || text.StartsWith("{", StringComparison.Ordinal))
            {
                throw new OlaresProtocolException(what, 200, "expected a link, got: " + ResponseText.Snippet(text, 120));
            }

            text += (text.IndexOf('?') >= 0 ? "&" : "?") + "ret-json=1";
            if (Uri.TryCreate(text, UriKind.Absolute, out var absolute) && (absolute.Scheme == Uri.UriSchemeHttp || absolute.Scheme == Uri.UriSchemeHttps)) return absolute;
            return _client.Url(text.StartsWith("/", StringComparison.Ordinal) ? text : "/" + text);
        }

        /// <summary>
        /// POSTs one chunk whose file part is read from disk as it is sent (and read again if a refresh makes the
        /// request go twice). Returns the status and body, whatever the status; transport failures throw.
        /// </summary>
        public async Task<ServiceAnswer> PostChunkAsync(Uri chunkUrl, UploadJob job, ChunkSpec chunk, FileSegmentContent segment, CancellationToken ct)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, chunkUrl) { Content = ChunkBody(job, chunk, segment) };
            request.Headers.TryAddWithoutValidation("Accept", "application/json; text/javascript, */*; q=0.01");
            return await _client.ExchangeAsync(request, chunk.Describe(job), ct, transfer: true).ConfigureAwait(false);
        }

        /// <summary>The multipart body of one chunk: the resumable fields in the web app's order, then the file part.</summary>
        public static MultipartFormDataContent ChunkBody(UploadJob job, ChunkSpec chunk, FileSegmentContent segment)
        {
            var mime = MimeType(job.RemoteName);
            var form = new MultipartFormDataContent("----OlaresFormBoundary" + Guid.NewGuid().ToString("N"));
            void Field(string name, string value)
            {
                var part = new StringContent(value, Encoding.UTF8);
                part.Headers.ContentType = null;
                form.Add(part, name);
            }

            Field("resumableChunkNumber", (chunk.Index + 1).ToString(CultureInfo.InvariantCulture));
            Field("resumableChunkSize", chunk.NominalSize.ToString(CultureInfo.InvariantCulture));
            Field("resumableCurrentChunkSize", chunk.Length.ToString(CultureInfo.InvariantCulture));
            Field("resumableTotalSize", job.Size.ToString(CultureInfo.InvariantCulture));
            Field("resumableType", mime);
            Field("resumableIdentifier", chunk.Identifier);
            Field("resumableFilename", job.RemoteName);
            Field("resumableRelativePath", job.RelativePath);
            Field("resumableTotalChunks", chunk.Count.ToString(CultureInfo.InvariantCulture));
            Field("parent_dir", job.Target.FileType == "sync" ? SyncParentDir(job.ParentDir) : job.ParentDir);
            Field("driveType", DriveType(job.Target));
            if (job.RelativeDir != null) Field("relative_path", job.RelativeDir);
            segment.Headers.ContentType = new MediaTypeHeaderValue(mime);
            form.Add(segment, "file", job.RemoteName);
            form.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = "\"" + UriEncoding.EncodeUriComponent(job.RemoteName) + "\"" };
            form.Headers.ContentRange = new ContentRangeHeaderValue(chunk.Offset, chunk.Offset + chunk.Length - 1, job.Size);
            return form;
        }

        /// <summary>resumableIdentifier: lowercase hex MD5 of ParentDir + RelativePath.</summary>
        public static string Identifier(UploadJob job)
        {
            using var md5 = MD5.Create();
            var hash = md5.ComputeHash(Encoding.UTF8.GetBytes(job.ParentDir + job.RelativePath));
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }

        /// <summary>The task id of a cloud upload's second stage: [{"taskId": "..."}] in the last chunk's answer.</summary>
        public static string? CloudTaskId(string? answer)
        {
            if (string.IsNullOrWhiteSpace(answer)) return null;
            try
            {
                using var doc = JsonDocument.Parse(answer!);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0) return null;
                return JsonFields.NonEmpty(JsonFields.StringOrNumber(root[0], "taskId"));
            }
            catch (JsonException)
            {
                return null;
            }
        }

        public static string MimeType(string name) => MimeTypes.TryGetValue(Path.GetExtension(name), out var m) ? m : "application/octet-stream";

        /// <summary>The driveType form value of the namespace table (§6.5).</summary>
        public static string DriveType(RemotePath p)
        {
            switch (p.FileType)
            {
                case "drive": return p.Extend == "Home" ? "Drive" : p.Extend;
                case "sync": return "Sync";
                case "cache": return "Cache";
                case "external": return "External";
                case "awss3": return "Awss3";
                case "google": return "Google";
                case "dropbox": return "Dropbox";
                default: return p.FileType;
            }
        }

        /// <summary>For sync repos the chunk parent_dir is the in-repo path ("/sync/&lt;repo&gt;/a/" → "/a/").</summary>
        private static string SyncParentDir(string parentDir)
        {
            var i = parentDir.IndexOf('/', "/sync/".Length);
            return i < 0 ? "/" : parentDir.Substring(i);
        }
    }
}
