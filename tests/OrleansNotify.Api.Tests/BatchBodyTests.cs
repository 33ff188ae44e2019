using System.Text;
using OrleansNotify.Api.Intake;
using OrleansNotify.Mail;

namespace OrleansNotify.Api.Tests;

/// <summary>Splitting a batch body keeps each item's bytes exactly as sent.</summary>
public sealed class BatchBodyTests
{
    [Fact]
    public void Split_ArrayWithWhitespace_ReturnsEachItemsOwnBytes()
    {
        var items = BatchBody.Split(Encoding.UTF8.GetBytes(" [ {\"a\" : [1, {\"b\":2}]} ,\n{} ] "), 10, out var error);

        Assert.Null(error);
        Assert.Equal(["{\"a\" : [1, {\"b\":2}]}", "{}"], items!.Select(i => Encoding.UTF8.GetString(i)));
    }

    [Fact]
    public void Split_OneMoreThanTheLimit_ReturnsError()
    {
        Assert.Null(BatchBody.Split(Encoding.UTF8.GetBytes("[{},{},{}]"), 2, out var error));
        Assert.NotNull(error);
        Assert.NotNull(BatchBody.Split(Encoding.UTF8.GetBytes("[{},{}]"), 2, out _));
    }

    [Theory]
    [InlineData(null, "[4]")]
    [InlineData("$", "[4]")]
    [InlineData("$.subject", "[4].subject")]
    [InlineData("personalizations.0.to.1.email", "[4].personalizations.0.to.1.email")]
    public void ItemField_FieldForms_PrefixedWithTheIndex(string? field, string expected) =>
        Assert.Equal(expected, BatchBody.ItemField(4, field));

    [Fact]
    public void ParseItem_NotAnObject_AddsErrorForTheItem()
    {
        var errors = new List<SendGridError>();

        Assert.Null(BatchBody.ParseItem("[1]"u8.ToArray(), 3, errors));
        Assert.Equal("[3]", Assert.Single(errors).Field);
    }
}
