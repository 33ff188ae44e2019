using System.Text.Json;
using OrleansNotify.Mail;

namespace OrleansNotify.SendGrid.Tests;

/// <summary>Random mail/send bodies from a seeded generator: every member present or absent, text that needs escaping.</summary>
internal static class MailCorpus
{
    private static readonly string[] Texts = ["plain", "caf\u00e9 <b>&amp;</b>", "quote \" and \\ slash", "\u2603 snow", "line\nbreak", "emoji \U0001F600"];

    public static MailSendRequest Next(Random random)
    {
        bool Maybe() => random.Next(2) == 0;
        string Text() => Texts[random.Next(Texts.Length)];
        EmailAddress Address() => new() { Email = $"u{random.Next(1000)}@x.test", Name = Maybe() ? Text() : null };
        IReadOnlyDictionary<string, string> Map(params string[] fixedKeys)
        {
            var map = new Dictionary<string, string>();
            foreach (var key in fixedKeys.Where(_ => Maybe()))
            {
                map[key] = Text();
            }

            for (var i = random.Next(3); i > 0; i--)
            {
                map[$"k{random.Next(100)}-{Text()}"] = Text();
            }

            return map;
        }

        bool? Flag() => random.Next(3) switch { 0 => null, 1 => true, _ => false };

        return new MailSendRequest
        {
            Personalizations = Maybe()
                ? Enumerable.Range(0, random.Next(1, 4)).Select(_ => new Personalization
                {
                    To = [Address()],
                    Cc = Maybe() ? [Address()] : null,
                    Subject = Maybe() ? Text() : null,
                    Headers = Maybe() ? Map("Importance") : null,
                    Substitutions = Maybe() ? Map("-name-") : null,
                    CustomArgs = Maybe() ? Map(PortalMerge.MessageIdArg, PortalMerge.PortalIdArg) : null,
                    DynamicTemplateData = Maybe() ? JsonDocument.Parse("""{"a":[1,{"b":null}],"c":"\u00e9"}""").RootElement.Clone() : null,
                    SendAt = Maybe() ? 1_700_000_000 + random.Next(1000) : null,
                }).ToArray()
                : null,
            From = Maybe() ? Address() : null,
            ReplyTo = Maybe() ? Address() : null,
            ReplyToList = Maybe() ? [Address()] : null,
            Subject = Maybe() ? Text() : null,
            Content = Maybe() ? [new MailContent { Type = "text/plain", Value = Text() }, new MailContent { Type = "text/html", Value = Text() }] : null,
            TemplateId = Maybe() ? "d-" + random.Next(100) : null,
            Headers = Maybe() ? Map("Importance", "x-priority", "X-Custom") : null,
            Categories = Maybe() ? Enumerable.Range(0, random.Next(0, 12)).Select(i => random.Next(3) == 0 ? "shared" : "c" + random.Next(15)).ToArray() : null,
            CustomArgs = Maybe() ? Map("top") : null,
            SendAt = Maybe() ? 1_700_000_000 : null,
            IpPoolName = Maybe() ? "own-pool" : null,
            MailSettings = Maybe() ? new MailSettings { SandboxMode = Maybe() ? new EnableSetting { Enable = Flag() } : null, Footer = Maybe() ? new FooterSetting { Enable = true, Text = Text() } : null } : null,
            TrackingSettings = Maybe()
                ? new TrackingSettings
                {
                    ClickTracking = Maybe() ? new ClickTracking { Enable = Flag(), EnableText = Flag() } : null,
                    OpenTracking = Maybe() ? new OpenTracking { Enable = Flag(), SubstitutionTag = Maybe() ? "%open%" : null } : null,
                    GoogleAnalytics = Maybe() ? new GoogleAnalytics { Enable = Flag(), UtmSource = Text() } : null,
                }
                : null,
        };
    }
}
