using System.Diagnostics;
using System.Text.Json;
using OrleansNotify.Testing.SendGrid;

namespace OrleansNotify.Cluster.Tests.Processes;

/// <summary>One email as the fake SendGrid received it: our message id, its portal, when it arrived.</summary>
internal readonly record struct Delivery(string MessageId, string PortalId, long ReceivedAt)
{
    /// <summary>Seconds since <paramref name="origin"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public double SecondsAfter(long origin) => Stopwatch.GetElapsedTime(origin, ReceivedAt).TotalSeconds;
}

/// <summary>Reads the fake's accepted mail/send calls into deliveries, matched by the notify_* custom args.</summary>
internal static class Deliveries
{
    public static List<Delivery> Read(FakeSendGridServer fake)
    {
        var list = new List<Delivery>();
        foreach (var request in fake.MailSends.Where(r => r.Status is 200 or 202))
        {
            using var doc = JsonDocument.Parse(request.Body);
            foreach (var personalization in doc.RootElement.GetProperty("personalizations").EnumerateArray())
            {
                var args = personalization.TryGetProperty("custom_args", out var a) ? a
                    : doc.RootElement.TryGetProperty("custom_args", out var top) ? top : default;
                if (args.ValueKind != JsonValueKind.Object || !args.TryGetProperty("notify_message_id", out var id))
                {
                    continue;
                }

                var portal = args.TryGetProperty("notify_portal_id", out var p) ? p.GetString() ?? "" : "";
                list.Add(new Delivery(id.GetString()!, portal, request.ReceivedAt));
            }
        }

        list.Sort((x, y) => x.ReceivedAt.CompareTo(y.ReceivedAt));
        return list;
    }

    /// <summary>Message ids that arrived more than once, with how many times.</summary>
    public static Dictionary<string, int> Duplicates(IEnumerable<Delivery> deliveries) =>
        deliveries.GroupBy(d => d.MessageId, StringComparer.Ordinal).Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Per portal, the wait from <paramref name="origin"/> to its first delivery after it — how long a
    /// portal went unserved. Portals with nothing delivered after the origin are left out.
    /// </summary>
    public static Dictionary<string, double> GapsAfter(IEnumerable<Delivery> deliveries, long origin) =>
        deliveries.Where(d => d.ReceivedAt >= origin).GroupBy(d => d.PortalId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(d => d.SecondsAfter(origin)), StringComparer.Ordinal);
}
