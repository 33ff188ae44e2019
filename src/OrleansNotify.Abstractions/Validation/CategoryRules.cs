namespace OrleansNotify.Validation;

/// <summary>Categories, for messages and portal defaults alike: at most 10, each 1–255 printable ASCII, unique.</summary>
internal static class CategoryRules
{
    private const string Help = MailValidator.HelpUrl + "#categories";

    // path is "categories" or "defaults.categories"; item paths add the index.
    public static void Check(IReadOnlyList<string>? categories, string path, ref ErrorList errors)
    {
        if (categories is null)
        {
            return;
        }

        if (categories.Count > MailLimits.MaxCategories)
        {
            errors.Add(path, $"At most {MailLimits.MaxCategories} categories are allowed; {categories.Count} were given.", Help);
        }

        for (var i = 0; i < categories.Count; i++)
        {
            var message = Problem(categories, i);
            if (message is not null)
            {
                errors.Add($"{path}.{i}", message, Help);
            }
        }
    }

    private static string? Problem(IReadOnlyList<string> categories, int index)
    {
        var category = categories[index];
        if (string.IsNullOrEmpty(category))
        {
            return "A category must be a non-empty string.";
        }

        if (category.Length > MailLimits.MaxCategoryLength)
        {
            return $"A category may have at most {MailLimits.MaxCategoryLength} characters.";
        }

        if (!TextRules.IsPrintableAscii(category))
        {
            return "A category must be printable ASCII.";
        }

        // At most 10 (or a few more on a bad request): pairwise comparison allocates nothing.
        for (var j = 0; j < index && j < MailLimits.MaxCategories * 2; j++)
        {
            if (string.Equals(categories[j], category, StringComparison.Ordinal))
            {
                return $"The category '{category}' appears more than once.";
            }
        }

        return null;
    }
}
