namespace OrleansNotify.Portals;

/// <summary>
/// The standard headers that carry delivery importance: <c>Importance</c> (RFC 2156) and
/// <c>X-Priority</c> (1 highest, 3 normal, 5 lowest). A message may set either to override its portal.
/// </summary>
public static class ImportanceHeaders
{
    public const string Importance = "Importance";
    public const string XPriority = "X-Priority";

    /// <summary>Reads a message's own importance from its headers, if it states one we understand.</summary>
    public static DeliveryImportance? Read(IReadOnlyDictionary<string, string>? headers)
    {
        if (headers is null)
        {
            return null;
        }

        foreach (var (name, value) in headers)
        {
            if (name.Equals(Importance, StringComparison.OrdinalIgnoreCase))
            {
                switch (value.Trim().ToLowerInvariant())
                {
                    case "high": return DeliveryImportance.High;
                    case "normal": return DeliveryImportance.Normal;
                    case "low": return DeliveryImportance.Low;
                }
            }
            else if (name.Equals(XPriority, StringComparison.OrdinalIgnoreCase))
            {
                var first = value.TrimStart();
                if (first.Length > 0 && first[0] is >= '1' and <= '5')
                {
                    return first[0] switch
                    {
                        '1' or '2' => DeliveryImportance.High,
                        '3' => DeliveryImportance.Normal,
                        _ => DeliveryImportance.Low,
                    };
                }
            }
        }

        return null;
    }

    public static string ImportanceValue(DeliveryImportance importance) => importance switch
    {
        DeliveryImportance.High => "high",
        DeliveryImportance.Low => "low",
        _ => "normal",
    };

    public static string XPriorityValue(DeliveryImportance importance) => importance switch
    {
        DeliveryImportance.High => "1 (Highest)",
        DeliveryImportance.Low => "5 (Lowest)",
        _ => "3 (Normal)",
    };
}
