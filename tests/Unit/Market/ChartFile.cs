using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Olares.Tests.Market;

/// <summary>Writes a minimal Helm chart package (.tgz with &lt;name&gt;/Chart.yaml).</summary>
internal static class ChartFile
{
    public static void Write(string path, string name, string version)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        var yaml = $"apiVersion: v2\nname: {name}\nversion: {version}\ndescription: test chart\n";
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name + "/Chart.yaml") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(yaml)) };
        tar.WriteEntry(entry);
    }
}
