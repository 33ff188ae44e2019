using OrleansNotify.Validation;

namespace OrleansNotify.Tests.Validation;

public class EmailSyntaxTests
{
    [Theory]
    [InlineData("a@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("x_y-z!#$%&*/=?^`{|}~@example.com")]
    [InlineData("jürgen@bücher.de")]
    [InlineData("user@xn--bcher-kva.example")]
    [InlineData("a@a-b.c1")]
    public void IsValid_Acceptable_True(string address) => Assert.True(EmailSyntax.IsValid(address));

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("@example.com")]
    [InlineData("a@")]
    [InlineData("a@localhost")]
    [InlineData("a@127.0.0.1")]
    [InlineData("a@[127.0.0.1]")]
    [InlineData(".a@example.com")]
    [InlineData("a.@example.com")]
    [InlineData("a..b@example.com")]
    [InlineData("a b@example.com")]
    [InlineData("\"a b\"@example.com")]
    [InlineData("a@-example.com")]
    [InlineData("a@example-.com")]
    [InlineData("a@example..com")]
    [InlineData("a@example.com.")]
    [InlineData("a@exa_mple.com")]
    [InlineData("a\r\n@example.com")]
    [InlineData("a@example.com\r\nBcc: x@example.com")]
    [InlineData("Ann <a@example.com>")]
    public void IsValid_Unacceptable_False(string address) => Assert.False(EmailSyntax.IsValid(address));

    [Fact]
    public void IsValid_LocalPartOver64_False()
    {
        Assert.True(EmailSyntax.IsValid(new string('a', 64) + "@example.com"));
        Assert.False(EmailSyntax.IsValid(new string('a', 65) + "@example.com"));
    }

    [Fact]
    public void IsValid_LabelOver63_False()
    {
        Assert.True(EmailSyntax.IsValid("a@" + new string('b', 63) + ".com"));
        Assert.False(EmailSyntax.IsValid("a@" + new string('b', 64) + ".com"));
    }

    [Fact]
    public void IsValid_MegabyteInput_False()
    {
        // A megabyte of near-misses is refused by the length limit before any parsing.
        var hostile = new string('a', 1_000_000) + "@" + new string('.', 1000);
        Assert.False(EmailSyntax.IsValid(hostile));
    }
}
