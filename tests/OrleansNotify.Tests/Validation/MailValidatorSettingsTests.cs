using OrleansNotify.Mail;
using OrleansNotify.Validation;
using static OrleansNotify.Tests.Validation.MailSamples;

namespace OrleansNotify.Tests.Validation;

public class MailValidatorSettingsTests
{
    [Fact]
    public void Validate_TenCategories_NoErrors() =>
        AssertValid(Valid() with { Categories = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")] });

    [Fact]
    public void Validate_ElevenCategories_NamesCategories() =>
        AssertOnlyField(Valid() with { Categories = [.. Enumerable.Range(0, 11).Select(i => $"c{i}")] }, "categories");

    [Fact]
    public void Validate_CategoryLongerThan255_NamesIt() =>
        AssertOnlyField(Valid() with { Categories = ["a", "b", "c", new string('x', 256)] }, "categories.3");

    [Fact]
    public void Validate_NonAsciiCategory_NamesIt() =>
        AssertOnlyField(Valid() with { Categories = ["Primary", "Soziales-Ü"] }, "categories.1");

    [Fact]
    public void Validate_DuplicateCategory_NamesTheRepeat() =>
        AssertOnlyField(Valid() with { Categories = ["Primary", "Social", "Primary"] }, "categories.2");

    [Fact]
    public void Validate_CustomArgsJustUnderLimit_NoErrors()
    {
        var limit = MailLimits.MaxCustomArgBytes - MailLimits.ReservedCustomArgBytes;
        AssertValid(Valid() with { CustomArgs = new Dictionary<string, string> { ["k"] = new string('v', limit - 2) } });
    }

    [Fact]
    public void Validate_MessageCustomArgsOverLimit_NamesCustomArgs() =>
        AssertOnlyField(Valid() with { CustomArgs = new Dictionary<string, string> { ["k"] = new string('v', 10_000) } }, "custom_args");

    [Fact]
    public void Validate_MessagePlusPersonalizationCustomArgsOverLimit_NamesPersonalizationCustomArgs()
    {
        // 5,000 + 5,000 bytes: each half is fine, together they break SendGrid's 10,000 (UTF-8: "é" is 2 bytes).
        var half = new Dictionary<string, string> { ["a"] = new string('é', 2_500) };
        var mail = Valid() with { CustomArgs = half, Personalizations = [To("a@example.com"), To("b@example.com") with { CustomArgs = half }] };
        AssertOnlyField(mail, "personalizations.1.custom_args");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65)]
    public void Validate_IpPoolNameOutside2To64_NamesIpPoolName(int length) =>
        AssertOnlyField(Valid() with { IpPoolName = new string('p', length) }, "ip_pool_name");

    [Theory]
    [InlineData(2)]
    [InlineData(64)]
    public void Validate_IpPoolNameWithin2To64_NoErrors(int length) =>
        AssertValid(Valid() with { IpPoolName = new string('p', length) });

    [Fact]
    public void Validate_SendAtExactly72HoursAhead_NoErrors() =>
        AssertValid(Valid() with { SendAt = Now.AddHours(72).ToUnixTimeSeconds() });

    [Fact]
    public void Validate_SendAtBeyond72Hours_NamesSendAt() =>
        AssertOnlyField(Valid() with { SendAt = Now.AddHours(72).ToUnixTimeSeconds() + 1 }, "send_at");

    [Fact]
    public void Validate_SendAtInMilliseconds_NamesSendAt() =>
        AssertOnlyField(Valid() with { SendAt = Now.ToUnixTimeMilliseconds() }, "send_at");

    [Fact]
    public void Validate_SendAtSlightlyPast_NoErrors() =>
        AssertValid(Valid() with { SendAt = Now.AddMinutes(-5).ToUnixTimeSeconds() });

    [Fact]
    public void Validate_SendAtMoreThan72HoursPast_NamesSendAt() =>
        AssertOnlyField(Valid() with { SendAt = Now.AddHours(-73).ToUnixTimeSeconds() }, "send_at");

    [Fact]
    public void Validate_PersonalizationSendAtBeyond72Hours_NamesPersonalizationSendAt() =>
        AssertOnlyField(Valid() with { Personalizations = [To("a@example.com") with { SendAt = Now.AddDays(4).ToUnixTimeSeconds() }] }, "personalizations.0.send_at");

    [Fact]
    public void Validate_TooManyGroupsToDisplay_NamesGroupsToDisplay() =>
        AssertOnlyField(Valid() with { Asm = new Asm { GroupId = 1, GroupsToDisplay = [.. Enumerable.Range(1, 26)] } }, "asm.groups_to_display");

    [Fact]
    public void Validate_AsmWithoutGroupId_NamesGroupId() =>
        AssertOnlyField(Valid() with { Asm = new Asm { GroupsToDisplay = [1, 2] } }, "asm.group_id");

    [Fact]
    public void Validate_ReplyToAndReplyToList_NamesReplyToList() =>
        AssertOnlyField(Valid() with { ReplyTo = Address("r@example.com"), ReplyToList = [Address("r2@example.com")] }, "reply_to_list");

    [Fact]
    public void Validate_InvalidReplyTo_NamesReplyToEmail() =>
        AssertOnlyField(Valid() with { ReplyTo = Address("r@") }, "reply_to.email");

    [Fact]
    public void Validate_InvalidReplyToListEntry_NamesIt() =>
        AssertOnlyField(Valid() with { ReplyToList = [Address("r@example.com"), Address("bad")] }, "reply_to_list.1.email");

    [Fact]
    public void Validate_ReplyToNameWithLineBreak_NamesReplyToName() =>
        AssertOnlyField(Valid() with { ReplyTo = Address("r@example.com", "R\r\n") }, "reply_to.name");

    [Fact]
    public void Validate_BatchIdWithControlChars_NamesBatchId() =>
        AssertOnlyField(Valid() with { BatchId = "abc\r\n" }, "batch_id");
}
