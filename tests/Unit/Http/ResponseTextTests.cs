using Olares.Http;
using Xunit;

namespace Olares.Tests.Http;

/// <summary>Secret-free snippets: token shapes by pattern, and the exact values a request sent, whatever their shape.</summary>
public sealed class ResponseTextTests
{
    private const string UuidToken = "3f2b8c1e-9d4a-4e7b-8c2f-1a6d5e9b0c47";

    [Fact]
    public void A_short_opaque_token_escapes_the_patterns_outside_a_scope()
    {
        // The reason for the scope: a 36-character UUID is neither JWT-shaped nor 40 characters long.
        Assert.Contains(UuidToken, ResponseText.Snippet("{\"error\":\"bad token " + UuidToken + "\"}"));
    }

    [Fact]
    public void Values_that_were_sent_are_redacted_within_the_scope_and_not_after()
    {
        var body = "{\"error\":\"refresh token " + UuidToken + " is revoked\"}";
        using (ResponseText.RedactingSentValues(UuidToken, null))
        {
            var snippet = ResponseText.Snippet(body);
            Assert.DoesNotContain(UuidToken, snippet);
            Assert.Contains("refresh token <redacted> is revoked", snippet);
        }

        Assert.Contains(UuidToken, ResponseText.Snippet(body));
    }

    [Fact]
    public void Nested_scopes_add_up_and_unwind()
    {
        using (ResponseText.RedactingSentValues("outer-secret"))
        {
            using (ResponseText.RedactingSentValues("inner-secret"))
            {
                Assert.Equal("<redacted> <redacted>", ResponseText.Redact("outer-secret inner-secret"));
            }

            Assert.Equal("<redacted> inner-secret", ResponseText.Redact("outer-secret inner-secret"));
        }
    }

    [Fact]
    public void Values_too_short_to_be_secrets_are_left_alone()
    {
        using (ResponseText.RedactingSentValues("ab", string.Empty))
        {
            Assert.Equal("ab cd", ResponseText.Redact("ab cd"));
        }
    }
}
