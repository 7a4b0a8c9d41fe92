using Olares.Files;
using Xunit;

namespace Olares.Tests.Files;

public sealed class RemotePathCompletionTests
{
    [Fact]
    public void Parse_NothingTyped_OffersTheFileTypesWithoutALookup()
    {
        var query = RemotePathCompletion.Parse("dri", escapeWildcards: true)!;
        Assert.Null(query.Folder);
        Assert.Equal("drive/", Assert.Single(query.Filter(query.Known!, true)).Path);
    }

    [Fact]
    public void Parse_AFileType_OffersDrivesExtendsWithoutALookup()
    {
        var query = RemotePathCompletion.Parse("drive/h", escapeWildcards: true)!;
        Assert.Equal("drive", query.FileType);
        Assert.Equal("drive/Home/", Assert.Single(query.Filter(query.Known!, true)).Path);
    }

    [Fact]
    public void Parse_AnUnknownFileTypeOrAWildcardFolder_OffersNothing()
    {
        Assert.Null(RemotePathCompletion.Parse("nosuch/Home", true));
        Assert.Null(RemotePathCompletion.Parse("drive/Home/*/a", true));
    }

    [Fact]
    public void Parse_AFolder_ListsItAndKeepsWhatWasTyped()
    {
        var query = RemotePathCompletion.Parse("/drive/Home/Docs/re", true)!;
        Assert.Null(query.Known);
        Assert.Equal("drive/Home/Docs/", query.Folder!.ToString().TrimEnd('/') + "/");
        Assert.Equal("re", query.Prefix);
        Assert.Equal("drive/Home/Docs/", query.TypedFolder);
        Assert.Contains("drive/Home/Docs", query.LookupKey);
    }

    [Fact]
    public void Filter_MatchesThePrefixIgnoringCase_SortsAndMarksFolders()
    {
        var query = RemotePathCompletion.Parse("drive/Home/d", true)!;
        var level = new[]
        {
            new RemotePathCandidate("drive/Home/downloads.txt", "downloads.txt", false),
            new RemotePathCandidate("drive/Home/Documents/", "Documents", true),
            new RemotePathCandidate("drive/Home/Music/", "Music", true),
        };
        var found = query.Filter(level, true);
        Assert.Equal(new[] { "drive/Home/Documents/", "drive/Home/downloads.txt" }, found.Select(c => c.Path));
    }

    [Fact]
    public void Filter_EscapesWildcardCharactersOnlyForPath()
    {
        var level = new[] { new RemotePathCandidate("drive/Home/a[1].md", "a[1].md", false) };
        Assert.Equal("drive/Home/a`[1`].md", Assert.Single(RemotePathCompletion.Parse("drive/Home/a", true)!.Filter(level, true)).Path);
        Assert.Equal("drive/Home/a[1].md", Assert.Single(RemotePathCompletion.Parse("drive/Home/a", false)!.Filter(level, false)).Path);
    }

    [Fact]
    public void Parse_AnEscapedPrefix_IsMatchedUnescaped()
    {
        var query = RemotePathCompletion.Parse("drive/Home/a`[", true)!;
        Assert.Equal("a[", query.Prefix);
    }
}
