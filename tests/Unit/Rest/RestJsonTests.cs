using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using Olares.Errors;
using Olares.PowerShell.Commands.Rest;
using Xunit;

namespace Olares.Tests.Rest;

/// <summary>-Body objects to JSON, and JSON answers to PowerShell objects.</summary>
public sealed class RestJsonTests
{
    private static string ToJson(object? value) => Encoding.UTF8.GetString(RestJsonWriter.ToJson(value));

    [Fact]
    public void Writer_KeepsTheOrderOfOrderedDictionariesAndCustomObjects()
    {
        var ordered = new OrderedDictionary { ["z"] = 1, ["a"] = "two", ["m"] = null };
        Assert.Equal("{\"z\":1,\"a\":\"two\",\"m\":null}", ToJson(ordered));

        var custom = new PSObject();
        custom.Properties.Add(new PSNoteProperty("name", "x"));
        custom.Properties.Add(new PSNoteProperty("tags", new object[] { "a", 2, true }));
        Assert.Equal("{\"name\":\"x\",\"tags\":[\"a\",2,true]}", ToJson(custom));
    }

    [Fact]
    public void Writer_WritesNumbersDatesEnumsAndNestedValues()
    {
        var value = new OrderedDictionary
        {
            ["long"] = long.MaxValue,
            ["ulong"] = ulong.MaxValue,
            ["double"] = 1.5,
            ["decimal"] = 0.1m,
            ["date"] = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ["enum"] = DayOfWeek.Monday,
            ["list"] = new ArrayList { new Hashtable { ["k"] = "v" } },
            ["switch"] = new SwitchParameter(true),
            ["wrapped"] = PSObject.AsPSObject(42),
        };
        Assert.Equal(
            "{\"long\":9223372036854775807,\"ulong\":18446744073709551615,\"double\":1.5,\"decimal\":0.1,\"date\":\"2024-01-02T03:04:05.0000000Z\"," +
            "\"enum\":\"Monday\",\"list\":[{\"k\":\"v\"}],\"switch\":true,\"wrapped\":42}",
            ToJson(value));
    }

    [Fact]
    public void Writer_RefusesCyclesAndNonFiniteNumbers_Typed()
    {
        var cycle = new Hashtable();
        cycle["self"] = cycle;
        Assert.Equal("OlaresInvalidBody", Assert.Throws<OlaresArgumentException>(() => RestJsonWriter.ToJson(cycle)).ErrorId);
        Assert.Equal("OlaresInvalidBody", Assert.Throws<OlaresArgumentException>(() => RestJsonWriter.ToJson(new[] { double.NaN })).ErrorId);
    }

    [Fact]
    public void Writer_WritesOtherObjectsByTheirProperties()
    {
        Assert.Equal("{\"Major\":1,\"Minor\":2}", ToJson(new { Major = 1, Minor = 2 }));
    }

    [Fact]
    public void Reader_GivesCustomObjectsArraysAndTheNarrowestNumbers()
    {
        using var doc = JsonDocument.Parse("{\"i\":1,\"l\":5000000000,\"big\":123456789012345678901234,\"d\":1.25,\"s\":\"2024-01-02T00:00:00Z\",\"a\":[1,\"x\",null],\"o\":{\"n\":true}}");
        var o = Assert.IsType<PSObject>(RestJsonReader.ToObject(doc.RootElement, "GET x"));
        Assert.Equal(new[] { "i", "l", "big", "d", "s", "a", "o" }, o.Properties.Select(p => p.Name));
        Assert.IsType<int>(o.Properties["i"].Value);
        Assert.IsType<long>(o.Properties["l"].Value);
        Assert.Equal(123456789012345678901234m, o.Properties["big"].Value);
        Assert.Equal(1.25, o.Properties["d"].Value);
        Assert.Equal("2024-01-02T00:00:00Z", o.Properties["s"].Value);
        Assert.Equal(new object?[] { 1, "x", null }, Assert.IsType<object?[]>(o.Properties["a"].Value));
        Assert.Equal(true, ((PSObject)o.Properties["o"].Value).Properties["n"].Value);
    }

    [Fact]
    public void Reader_LetsARepeatedKeyWin_ButRefusesKeysDifferingOnlyInCase()
    {
        using var repeated = JsonDocument.Parse("{\"a\":1,\"a\":2}");
        Assert.Equal(2, ((PSObject)RestJsonReader.ToObject(repeated.RootElement, "GET x")!).Properties["a"].Value);
        using var cased = JsonDocument.Parse("{\"a\":1,\"A\":2}");
        var e = Assert.Throws<OlaresProtocolException>(() => RestJsonReader.ToObject(cased.RootElement, "GET x"));
        Assert.Contains("-Raw", e.Message);
    }
}
