using OrleansNotify.Mail;
using OrleansNotify.Validation;
using static OrleansNotify.Tests.Validation.MailSamples;

namespace OrleansNotify.Tests.Validation;

/// <summary>Validation runs on every submission: a valid message must not feed the GC.</summary>
public class MailValidatorAllocationTests
{
    [Fact]
    public void Validate_ValidSmallMessage_AllocatesNothing()
    {
        var mail = Valid() with { Categories = ["Orders", "Primary"] };
        Assert.Equal(0, AllocatedPerCall(mail));
    }

    [Fact]
    public void Validate_ValidMessageWithHeadersArgsAndSubstitutions_AllocatesNothing()
    {
        var mail = Valid() with
        {
            Headers = new Dictionary<string, string> { ["X-Campaign"] = "autumn" },
            CustomArgs = new Dictionary<string, string> { ["order"] = "42" },
            Personalizations = [To("a@example.com", "b@example.com") with
            {
                CustomArgs = new Dictionary<string, string> { ["user"] = "7" },
                Substitutions = new Dictionary<string, string> { ["-name-"] = "Ann" },
                Headers = new Dictionary<string, string> { ["X-User"] = "7" },
            }],
        };
        Assert.Equal(0, AllocatedPerCall(mail));
    }

    private static long AllocatedPerCall(MailSendRequest mail)
    {
        var context = Context();
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(MailValidator.Validate(mail, context));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            MailValidator.Validate(mail, context);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }
}
