using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using Olares.Errors;
using Olares.Rest;

namespace Olares.PowerShell.Commands.Rest
{
    /// <summary>
    /// <para type="synopsis">Calls any Olares API with the profile's login (refreshed transparently), like Invoke-RestMethod.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "OlaresRestMethod", DefaultParameterSetName = ServiceSet)]
    [OutputType(typeof(PSObject), typeof(string), typeof(byte[]))]
    public sealed class InvokeOlaresRestMethodCommand : OlaresServiceCmdlet
    {
        private const string ServiceSet = "Service";
        private const string UriSet = "Uri";

        /// <summary>The service the path is on: a name of the URL template (desktop, files, market, settings, ...).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ServiceSet)]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        [ValidateNotNullOrEmpty]
        public string Service { get; set; } = string.Empty;

        /// <summary>The path (and query) on the service, used as given: /api/olares-info.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ServiceSet)]
        [AllowEmptyString]
        public string Path { get; set; } = string.Empty;

        /// <summary>An absolute URL; it gets the login only on one of the profile's own origins.</summary>
        [Parameter(Mandatory = true, ParameterSetName = UriSet)]
        [ValidateNotNullOrEmpty]
        public string Uri { get; set; } = string.Empty;

        /// <summary>The HTTP method.</summary>
        [Parameter]
        [ValidateSet("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", IgnoreCase = true)]
        public string Method { get; set; } = "GET";

        /// <summary>The body: a string or byte[] as is, any other object as JSON.</summary>
        [Parameter]
        public object? Body { get; set; }

        /// <summary>The body's content type (default: application/json, or application/octet-stream for bytes and -InFile).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ContentType { get; set; }

        /// <summary>More request headers.</summary>
        [Parameter]
        public IDictionary? Headers { get; set; }

        /// <summary>Streams the answer to this file instead of outputting it.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? OutFile { get; set; }

        /// <summary>Streams this file as the body.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? InFile { get; set; }

        /// <summary>Outputs the answer as text (or bytes) instead of converting JSON to objects.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>Sends no credentials (needed for a -Uri outside the profile's services).</summary>
        [Parameter]
        public SwitchParameter Anonymous { get; set; }

        /// <summary>Outputs error answers (4xx, 5xx) instead of failing.</summary>
        [Parameter]
        public SwitchParameter SkipHttpErrorCheck { get; set; }

        /// <summary>A variable that receives the HTTP status code.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? StatusCodeVariable { get; set; }

        /// <summary>A variable that receives the response headers.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ResponseHeadersVariable { get; set; }

        protected override void ProcessRecord()
        {
            Try(() =>
            {
                var connection = Connection;
                var url = ParameterSetName == UriSet
                    ? RestTarget.ForUri(connection.Endpoints, Uri, Anonymous)
                    : RestTarget.ForService(connection.Endpoints, Service, Path);
                var request = BuildRequest(url);
                var session = Anonymous ? null : connection.OpenSession();
                var insecure = connection.Profile.InsecureSkipVerify;
                var response = Run(ct => RestClient.SendAsync(session, insecure, request, ct));

                if (StatusCodeVariable != null) SessionState.PSVariable.Set(StatusCodeVariable, response.StatusCode);
                if (ResponseHeadersVariable != null) SessionState.PSVariable.Set(ResponseHeadersVariable, HeadersTable(response));
                WriteAnswer(response);
            });
        }

        private RestRequest BuildRequest(Uri url)
        {
            var method = new HttpMethod(Method.ToUpperInvariant());
            var hasBody = Body != null || InFile != null;
            if (Body != null && InFile != null)
            {
                throw new OlaresArgumentException("OlaresInvalidBody", "Give the body either with -Body or with -InFile, not both.", InFile);
            }

            if (hasBody && (method == HttpMethod.Get || method == HttpMethod.Head))
            {
                throw new OlaresArgumentException("OlaresInvalidBody", "A " + method.Method + " request carries no body; choose -Method POST, PUT or PATCH.", Method)
                {
                    RecommendedAction = "Invoke-OlaresRestMethod ... -Method POST -Body ...",
                };
            }

            var request = new RestRequest(method, url)
            {
                Anonymous = Anonymous.IsPresent,
                SkipHttpErrorCheck = SkipHttpErrorCheck.IsPresent,
                ContentType = ContentType,
            };
            if (OutFile != null) request.OutFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(OutFile);
            if (InFile != null)
            {
                request.InFile = SessionState.Path.GetUnresolvedProviderPathFromPSPath(InFile);
                request.ContentType ??= "application/octet-stream";
            }
            else if (Body != null)
            {
                EncodeBody(request);
            }

            foreach (var pair in HeaderPairs()) request.Headers.Add(pair);
            return request;
        }

        /// <summary>A string in the content type's charset (UTF-8 by default), bytes as they are, anything else as JSON.</summary>
        private void EncodeBody(RestRequest request)
        {
            var value = Body is PSObject ps && !(ps.BaseObject is PSCustomObject) ? ps.BaseObject : Body;
            switch (value)
            {
                case string text:
                    request.ContentType ??= "application/json; charset=utf-8";
                    request.Body = RestMediaTypes.EncodingOf(CharSetOf(request.ContentType)).GetBytes(text);
                    break;
                case byte[] bytes:
                    request.ContentType ??= "application/octet-stream";
                    request.Body = bytes;
                    break;
                default:
                    request.ContentType ??= "application/json; charset=utf-8";
                    request.Body = RestJsonWriter.ToJson(Body);
                    break;
            }
        }

        private IEnumerable<KeyValuePair<string, string>> HeaderPairs()
        {
            if (Headers == null) yield break;
            foreach (DictionaryEntry entry in Headers)
            {
                var name = Convert.ToString(entry.Key is PSObject k ? k.BaseObject : entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                var value = entry.Value is PSObject v ? v.BaseObject : entry.Value;
                if (value is string || !(value is IEnumerable list))
                {
                    yield return new KeyValuePair<string, string>(name, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
                    continue;
                }

                foreach (var item in list)
                {
                    yield return new KeyValuePair<string, string>(name, Convert.ToString(item is PSObject p ? p.BaseObject : item, CultureInfo.InvariantCulture) ?? string.Empty);
                }
            }
        }

        private void WriteAnswer(RestResponse response)
        {
            if (response.OutFile != null || response.Body.Length == 0) return;
            if (Raw)
            {
                if (response.IsText) WriteObject(response.Text());
                else WriteObject(response.Body, false);
                return;
            }

            if (response.IsJson)
            {
                using var doc = response.ParseJson();
                var value = RestJsonReader.ToObject(doc.RootElement, response.What, response.StatusCode);
                // One object per answer, a top-level array too, as Invoke-RestMethod writes it.
                if (value != null) WriteObject(value, enumerateCollection: false);
                return;
            }

            if (response.IsText) WriteObject(response.Text());
            else WriteObject(response.Body, false);
        }

        private static Hashtable HeadersTable(RestResponse response)
        {
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers) table[header.Key] = header.Value.Length == 1 ? (object)header.Value[0] : header.Value;
            return table;
        }

        private static string? CharSetOf(string contentType)
        {
            try
            {
                return MediaTypeHeaderValue.Parse(contentType).CharSet;
            }
            catch (FormatException)
            {
                return null;
            }
        }
    }
}
