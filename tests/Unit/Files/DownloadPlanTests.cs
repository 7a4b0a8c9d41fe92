using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class DownloadPlanTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "plan");

    private static DownloadJob Job(string rel) =>
        new(RemotePath.Parse("drive/Home/" + rel), Path.Combine(Root, rel.Replace('/', Path.DirectorySeparatorChar)), 1, null);

    [Fact]
    public void Only_keeps_the_approved_files_the_folders_they_need_and_the_approved_empty_folders()
    {
        var a = Job("x/a.bin");
        var b = Job("y/b.bin");
        var dirs = new[] { Path.Combine(Root, "x"), Path.Combine(Root, "y"), Path.Combine(Root, "empty"), Path.Combine(Root, "empty2") };
        var plan = new DownloadPlan(new[] { a, b }, dirs, new OlaresException[] { new OlaresNotFoundException("drive/Home/z", "drive/Home/z") });
        Assert.Equal(new[] { dirs[2], dirs[3] }, plan.EmptyDirectories);

        var only = plan.Only(new[] { b }, new[] { dirs[3] });
        Assert.Equal(new[] { b }, only.Jobs);
        Assert.Equal(new[] { dirs[1], dirs[3] }, only.Directories);
        Assert.Empty(only.Problems);
        Assert.Equal(1, only.TotalBytes);
    }

    [Fact]
    public void A_folder_whose_name_starts_like_another_is_not_inside_it()
    {
        var job = Job("xy/a.bin");
        var plan = new DownloadPlan(new[] { job }, new[] { Path.Combine(Root, "x"), Path.Combine(Root, "xy") }, new OlaresException[0]);
        Assert.Equal(new[] { Path.Combine(Root, "x") }, plan.EmptyDirectories);
    }
}
