using Olares.Errors;
using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

/// <summary>Wildcard paths expanded against the emulator: one listing per folder level, PowerShell's no-match habits.</summary>
public sealed class PathExpansionTests : IAsyncLifetime
{
    private const string Lists = "GET /files/api/resources/{**path}";
    private FilesTestServer _t = null!;

    public async Task InitializeAsync() => _t = await FilesTestServer.StartAsync();

    public async Task DisposeAsync() => await _t.DisposeAsync();

    private FilesService Files => _t.Service;

    private async Task<(List<string> Paths, List<OlaresException> Problems)> Expand(params string[] patterns)
    {
        var expansion = await Files.ExpandAsync(patterns.Select(p => RemotePathPattern.Parse(p)), null, default);
        return (expansion.Paths.Select(p => p.ToString()).ToList(), expansion.Problems.ToList());
    }

    [Fact]
    public async Task AWildcardLeaf_ListsItsFolderOnce_WhateverTheNumberOfMatches()
    {
        for (var i = 0; i < 20; i++) _t.PutRemote($"drive/Home/p/IMG_{i:00}.jpg", 1);
        _t.PutRemote("drive/Home/p/notes.txt", 1);
        _t.PutRemote("drive/Home/p/img_99.jpg", 1);   // other case: not a match on a case-sensitive server
        var (paths, problems) = await Expand("drive/Home/p/IMG_*.jpg");
        Assert.Empty(problems);
        Assert.Equal(20, paths.Count);
        Assert.Equal("drive/Home/p/IMG_00.jpg", paths[0]);
        Assert.DoesNotContain("drive/Home/p/img_99.jpg", paths);
        Assert.Equal(2, _t.Hits(Lists));   // drive/Home (does p exist?) and p
    }

    [Fact]
    public async Task WildcardsInSeveralSegments_ListEachFolderLevelOnce_AndOnlyFoldersGoDeeper()
    {
        _t.PutRemote("drive/Home/y/2023/a.pdf", 1);
        _t.PutRemote("drive/Home/y/2024/b.pdf", 1);
        _t.PutRemote("drive/Home/y/2024/c.txt", 1);
        _t.PutRemote("drive/Home/y/2024x", 1);     // a file: it matches 202? no further
        _t.PutRemote("drive/Home/y/1999/old.pdf", 1);
        var (paths, problems) = await Expand("drive/Home/y/202?/*.pdf", "drive/Home/y/202[3-4]/*.pdf");
        Assert.Empty(problems);
        Assert.Equal(new[] { "drive/Home/y/2023/a.pdf", "drive/Home/y/2024/b.pdf" }, paths);   // each once, in listing order
        Assert.Equal(4, _t.Hits(Lists));   // Home, y, 2023, 2024: the second pattern asks nothing again
    }

    [Fact]
    public async Task NoMatch_IsNoProblem_ButAMissingLiteralFolderIs()
    {
        Directory.CreateDirectory(_t.Stored("drive/Home/empty"));
        var (paths, problems) = await Expand("drive/Home/empty/*.log", "drive/Home/*/nothing-*");
        Assert.Empty(paths);
        Assert.Empty(problems);

        (paths, problems) = await Expand("drive/Home/nope/*.log");
        Assert.Empty(paths);
        var missing = Assert.IsType<OlaresNotFoundException>(Assert.Single(problems));
        Assert.Equal("drive/Home/nope", missing.Target);

        _t.PutRemote("drive/Home/file.txt", 1);
        (_, problems) = await Expand("drive/Home/file.txt/*");
        Assert.Equal("OlaresNotADirectory", Assert.Single(problems).ErrorId);
    }

    [Fact]
    public async Task NoMatch_WhenAnItemHasTheTypedName_SaysToUseLiteralPath()
    {
        _t.PutRemote("drive/Home/c/chart[1].tgz", 1);
        var (paths, problems) = await Expand("drive/Home/c/chart[1].tgz");
        Assert.Empty(paths);
        var hint = Assert.IsType<OlaresNotFoundException>(Assert.Single(problems));
        Assert.Contains("-LiteralPath", hint.RecommendedAction);

        (paths, problems) = await Expand("drive/Home/c/chart`[1`].tgz");
        Assert.Equal(new[] { "drive/Home/c/chart[1].tgz" }, paths);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task LiteralPaths_AreReturnedAsGiven_WithoutARequest()
    {
        var (paths, problems) = await Expand("drive/Home/whatever.txt", "drive/Home/a/b/");
        Assert.Equal(new[] { "drive/Home/whatever.txt", "drive/Home/a/b" }, paths);
        Assert.Empty(problems);
        Assert.Equal(0, _t.Hits(Lists));
        var literal = await Files.ExpandAsync(new[] { RemotePathPattern.Literal("drive/Home/x[1]*.txt") }, null, default);
        Assert.Equal("drive/Home/x[1]*.txt", Assert.Single(literal.Paths).ToString());
    }

    [Fact]
    public async Task ATrailingSlash_MatchesFoldersOnly()
    {
        _t.PutRemote("drive/Home/t/dir1/x", 1);
        _t.PutRemote("drive/Home/t/dir2", 1);
        var (paths, _) = await Expand("drive/Home/t/dir*/");
        Assert.Equal(new[] { "drive/Home/t/dir1" }, paths);
    }

    [Fact]
    public async Task Listing_APattern_GivesTheMatches_AndWithRecurseFiltersEveryDepth()
    {
        _t.PutRemote("drive/Home/g/a.jpg", 1);
        _t.PutRemote("drive/Home/g/b.txt", 1);
        _t.PutRemote("drive/Home/g/sub/c.jpg", 1);
        _t.PutRemote("drive/Home/g/sub/deeper/d.jpg", 1);
        _t.PutRemote("drive/Home/g/sub/deeper/e.txt", 1);
        _t.PutRemote("drive/Home/g/x.jpg/inside.txt", 1);   // a folder that matches the pattern
        async Task<List<string>> List(string pattern, bool recurse)
        {
            var items = new List<string>();
            await Files.ListAsync(RemotePathPattern.Parse(pattern), recurse, i => items.Add(i.Path.ToString()), e => throw e, default);
            return items;
        }

        Assert.Equal(new[] { "drive/Home/g/a.jpg", "drive/Home/g/x.jpg" }, await List("drive/Home/g/*.jpg", false));
        Assert.Equal(new[] { "drive/Home/g/a.jpg", "drive/Home/g/x.jpg", "drive/Home/g/sub/c.jpg", "drive/Home/g/sub/deeper/d.jpg" },
            await List("drive/Home/g/*.jpg", true));
        Assert.Equal(new[] { "drive/Home/g/sub" }, await List("drive/Home/g/su?", true));   // a filter, not a folder to list
        Assert.Equal(new[] { "drive/Home/g/sub/c.jpg", "drive/Home/g/sub/deeper", "drive/Home/g/sub/deeper/d.jpg", "drive/Home/g/sub/deeper/e.txt" },
            await List("drive/Home/g/su?/", true));   // folders matched by the path, then listed whole
        Assert.Equal(new[] { "drive/Home/g/sub/deeper/e.txt" }, await List("drive/Home/g/*/deeper/e.txt", false));
    }

    [Fact]
    public async Task Operations_ReuseTheExpansionsListings()
    {
        for (var i = 0; i < 10; i++) _t.PutRemote($"drive/Home/dl/f{i}.bin", 100 + i, i);
        var listings = Files.NewListings();
        var expansion = await Files.ExpandAsync(new[] { RemotePathPattern.Parse("drive/Home/dl/f*.bin") }, listings, default);
        var results = await Files.DownloadAsync(expansion.Paths, _t.Local + Path.DirectorySeparatorChar, _t.Local, new DownloadOptions(), null, default, listings);
        Assert.All(results, r => Assert.Null(r.Error));
        Assert.Equal(10, Directory.GetFiles(_t.Local).Length);
        Assert.Equal(2, _t.Hits(Lists));   // Home and dl, for the expansion and every source's stat

        var removal = Files.BeginRemove(expansion.Paths, false, listings);
        var check = await removal.CheckAsync(Assert.Single(removal.Groups), default);
        Assert.Equal(10, check.Candidates.Count);
        Assert.Equal(2, _t.Hits(Lists));
        await removal.RemoveAsync(removal.Groups[0], check.Candidates, default);
        Assert.Empty(Directory.GetFiles(_t.Stored("drive/Home/dl")));
    }
}
