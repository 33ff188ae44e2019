using OrleansNotify.Mail;

namespace OrleansNotify.Validation;

/// <summary>
/// Collects validation failures. A struct passed by <c>ref</c> with a list created on the first
/// failure, so a valid message costs no allocation here; callers build field paths only on failure.
/// </summary>
internal struct ErrorList
{
    private List<SendGridError>? _errors;

    public readonly int Count => _errors?.Count ?? 0;

    public void Add(string field, string message, string? help = null) =>
        (_errors ??= new List<SendGridError>(4)).Add(new SendGridError { Message = message, Field = field, Help = help });

    public readonly IReadOnlyList<SendGridError> ToList()
    {
        // Typed as the interface so [] is the shared empty array, not a new List.
        IReadOnlyList<SendGridError>? errors = _errors;
        return errors ?? [];
    }
}
