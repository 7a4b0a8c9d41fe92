using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using Olares.Files;

namespace Olares.PowerShell.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Streams the content of files on the server, as lines of text or as bytes (olares-cli's "files cat").</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "OlaresFileContent", DefaultParameterSetName = LiteralPathSet)]
    [OutputType(typeof(string), typeof(byte))]
    public sealed class GetOlaresFileContentCommand : OlaresRemoteItemsCmdlet
    {
        private const int BlockSize = 64 * 1024;

        /// <summary>Writes the bytes of the file instead of lines of text.</summary>
        [Parameter]
        public SwitchParameter AsByteStream { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var pattern in RecordPatterns())
            {
                Try(() =>
                {
                    var listings = Files.NewListings();
                    foreach (var path in Expand(new[] { pattern }, listings))
                    {
                        Try(() =>
                        {
                            using var content = Run(ct => Files.OpenReadAsync(path, ct, listings));
                            Write(content);
                        });
                    }
                });
            }
        }

        /// <summary>Reads on the pipeline thread as the bytes arrive; Ctrl+C ends the response, which ends the read.</summary>
        private void Write(Stream content)
        {
            try
            {
                if (AsByteStream)
                {
                    var buffer = new byte[BlockSize];
                    int n;
                    while ((n = content.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        var block = new byte[n];
                        Buffer.BlockCopy(buffer, 0, block, 0, n);
                        WriteObject(block, true);
                    }
                }
                else
                {
                    using var reader = new StreamReader(content, new UTF8Encoding(false), true, BlockSize, leaveOpen: true);
                    string? line;
                    while ((line = reader.ReadLine()) != null) WriteObject(line);
                }
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
        }
    }
}
