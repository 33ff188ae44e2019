using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

public static partial class MailValidator
{
    // Up to this many recipients in one personalization, duplicates are found by pairwise comparison
    // (no allocation); above it a case-insensitive set is cheaper.
    private const int PairwiseDuplicateLimit = 16;

    /// <summary>An address may appear once per personalization across to, cc and bcc (case-insensitive).</summary>
    private static void CheckDuplicates(Personalization p, int i, int count, ref ErrorList errors)
    {
        if (count < 2)
        {
            return;
        }

        var seen = count > PairwiseDuplicateLimit ? new HashSet<string>(count, StringComparer.OrdinalIgnoreCase) : null;
        CheckDuplicatesIn(p, p.To, "to", i, seen, ref errors);
        CheckDuplicatesIn(p, p.Cc, "cc", i, seen, ref errors);
        CheckDuplicatesIn(p, p.Bcc, "bcc", i, seen, ref errors);
    }

    private static void CheckDuplicatesIn(Personalization p, IReadOnlyList<EmailAddress>? list, string kind, int i, HashSet<string>? seen, ref ErrorList errors)
    {
        if (list is null)
        {
            return;
        }

        for (var j = 0; j < list.Count; j++)
        {
            var email = list[j]?.Email;
            if (email is null)
            {
                continue;
            }

            var duplicate = seen is null ? SeenBefore(p, list, j, email) : !seen.Add(email);
            if (duplicate)
            {
                errors.Add($"personalizations.{i}.{kind}.{j}.email", $"Each address may appear only once across to, cc and bcc of a personalization; '{email}' is repeated.", Help("personalizations"));
            }
        }
    }

    // True when an earlier entry (in to, then cc, then bcc order) holds the same address.
    private static bool SeenBefore(Personalization p, IReadOnlyList<EmailAddress> current, int index, string email) =>
        Contains(p.To, current, index, email) || (!ReferenceEquals(p.To, current)
            && (Contains(p.Cc, current, index, email) || (!ReferenceEquals(p.Cc, current) && Contains(p.Bcc, current, index, email))));

    private static bool Contains(IReadOnlyList<EmailAddress>? list, IReadOnlyList<EmailAddress> current, int index, string email)
    {
        if (list is null)
        {
            return false;
        }

        var end = ReferenceEquals(list, current) ? index : list.Count;
        for (var k = 0; k < end; k++)
        {
            if (string.Equals(list[k]?.Email, email, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
