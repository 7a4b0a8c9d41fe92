using System;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using Olares.Errors;
using Olares.Files;
using Olares.Http;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Streams the content of a file on the server, as lines of text or as bytes (olares-cli's "files cat").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresFileContent")]
    [OutputType(typeof(string), typeof(byte))]
    public sealed class GetOlaresFileContentCommand : OlaresFilesCmdlet
    {
        private const int BlockSize = 64 * 1024;

        /// <summary>The remote file, e.g. drive/Home/Documents/notes.txt.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Writes the bytes of the file instead of lines of text.</summary>
        [Parameter]
        public SwitchParameter AsByteStream { get; set; }

        protected override void ProcessRecord()
        {
            var path = ParseRemoteOrWriteError(Path);
            if (path == null) return;
            Try(() =>
            {
                var item = Run(ct => Files.StatAsync(path, ct));
                if (item.IsDirectory) throw OlaresItemTypeException.IsDirectory(item.Path.ToString(), "Get-OlaresFileContent reads files; list folders with Get-OlaresChildItem");
                var response = Run(async ct =>
                {
                    var r = await Files.OpenRawAsync(item.Path, true, 0, ct).ConfigureAwait(false);
                    if (OlaresApi.IsSuccess(r.StatusCode)) return r;
                    using (r)
                    {
                        var body = await ResponseText.ReadAsync(r, ct).ConfigureAwait(false);
                        throw Files.ErrorFor((int)r.StatusCode, "read " + item.Path, item.Path, body);
                    }
                });
                using (response)
                {
                    Stream(item.Path, response);
                }
            });
        }

        /// <summary>Reads the body on the pipeline thread as it arrives; Ctrl+C closes the response, which ends the read.</summary>
        private void Stream(RemotePath path, HttpResponseMessage response)
        {
            var cancellation = Cancellation;
            using var stop = cancellation.Register(response.Dispose);
            try
            {
                var body = Run(ct => response.Content.ReadAsStreamAsync());
                using (body)
                {
                    if (AsByteStream)
                    {
                        var buffer = new byte[BlockSize];
                        int n;
                        while ((n = body.Read(buffer, 0, buffer.Length)) > 0)
                        {
                            var block = new byte[n];
                            Buffer.BlockCopy(buffer, 0, block, 0, n);
                            WriteObject(block, true);
                        }
                    }
                    else
                    {
                        using var reader = new StreamReader(body, new UTF8Encoding(false), true, BlockSize);
                        string? line;
                        while ((line = reader.ReadLine()) != null) WriteObject(line);
                    }
                }
            }
            catch (Exception e) when (cancellation.IsCancellationRequested && (e is IOException || e is ObjectDisposedException || e is HttpRequestException))
            {
                throw new PipelineStoppedException();
            }
            catch (Exception e) when (e is IOException || e is HttpRequestException)
            {
                throw new OlaresTransferException(path.ToString(), "The connection broke while reading " + path + ": " + e.Message, e);
            }
        }
    }
}
