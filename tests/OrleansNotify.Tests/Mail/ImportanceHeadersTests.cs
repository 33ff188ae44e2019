using OrleansNotify.Portals;

namespace OrleansNotify.Tests.Mail;

public class ImportanceHeadersTests
{
    [Theory]
    [InlineData("Importance", "high", DeliveryImportance.High)]
    [InlineData("importance", " Normal ", DeliveryImportance.Normal)]
    [InlineData("IMPORTANCE", "LOW", DeliveryImportance.Low)]
    [InlineData("X-Priority", "1 (Highest)", DeliveryImportance.High)]
    [InlineData("x-priority", "2", DeliveryImportance.High)]
    [InlineData("X-Priority", " 3", DeliveryImportance.Normal)]
    [InlineData("X-Priority", "4", DeliveryImportance.Low)]
    [InlineData("X-Priority", "5 (Lowest)", DeliveryImportance.Low)]
    public void Read_KnownHeader_ReturnsImportance(string name, string value, DeliveryImportance expected) =>
        Assert.Equal(expected, ImportanceHeaders.Read(new Dictionary<string, string> { [name] = value }));

    [Theory]
    [InlineData("Importance", "urgent")]
    [InlineData("X-Priority", "0")]
    [InlineData("X-Priority", "9")]
    [InlineData("X-Priority", "")]
    [InlineData("Priority", "urgent")]
    [InlineData("X-Campaign", "high")]
    public void Read_UnknownOrUnrelated_ReturnsNull(string name, string value) =>
        Assert.Null(ImportanceHeaders.Read(new Dictionary<string, string> { [name] = value }));

    [Fact]
    public void Read_NoHeaders_ReturnsNull() => Assert.Null(ImportanceHeaders.Read(null));

    [Fact]
    public void Read_UnknownImportanceButValidXPriority_UsesXPriority() =>
        Assert.Equal(DeliveryImportance.Low, ImportanceHeaders.Read(new Dictionary<string, string> { ["Importance"] = "urgent", ["X-Priority"] = "5" }));

    [Theory]
    [InlineData(DeliveryImportance.High, "high", "1 (Highest)")]
    [InlineData(DeliveryImportance.Normal, "normal", "3 (Normal)")]
    [InlineData(DeliveryImportance.Low, "low", "5 (Lowest)")]
    public void Values_EachImportance_StandardHeaderValues(DeliveryImportance importance, string value, string priority)
    {
        Assert.Equal(value, ImportanceHeaders.ImportanceValue(importance));
        Assert.Equal(priority, ImportanceHeaders.XPriorityValue(importance));
    }

    [Theory]
    [InlineData(DeliveryImportance.High)]
    [InlineData(DeliveryImportance.Normal)]
    [InlineData(DeliveryImportance.Low)]
    public void Values_WrittenThenRead_RoundTrip(DeliveryImportance importance)
    {
        Assert.Equal(importance, ImportanceHeaders.Read(new Dictionary<string, string> { [ImportanceHeaders.Importance] = ImportanceHeaders.ImportanceValue(importance) }));
        Assert.Equal(importance, ImportanceHeaders.Read(new Dictionary<string, string> { [ImportanceHeaders.XPriority] = ImportanceHeaders.XPriorityValue(importance) }));
    }
}
