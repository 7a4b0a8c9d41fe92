using System.Management.Automation;
using Olares.Errors;
using Olares.PowerShell.Infrastructure;
using Xunit;

namespace Olares.Tests.PowerShell;

public class ErrorMappingTests
{
    [Fact]
    public void Every_error_kind_has_a_specific_category()
    {
        foreach (OlaresErrorKind kind in Enum.GetValues(typeof(OlaresErrorKind)))
        {
            Assert.NotEqual(ErrorCategory.NotSpecified, ErrorMapping.ToCategory(kind));
        }
    }

    [Fact]
    public void Error_records_carry_the_id_target_and_recommended_action()
    {
        var e = new OlaresTokenInvalidatedException("alice@olares.com", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var record = ErrorMapping.ToErrorRecord(e);
        Assert.Equal("OlaresTokenInvalidated", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, record.CategoryInfo.Category);
        Assert.Equal("alice@olares.com", record.TargetObject);
        Assert.Equal("Connect-Olares -OlaresId alice@olares.com", record.ErrorDetails.RecommendedAction);
        Assert.Contains("2027-01-15T08:00:00", record.ErrorDetails.Message);
    }
}
