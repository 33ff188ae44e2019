namespace OrleansNotify.Security;

/// <summary>
/// Encrypts portal secrets (notifier API keys, passwords) before grain state is written and decrypts them
/// after it is read, so a database holds them only as ciphertext. Embedded mode keeps state in memory and
/// uses <see cref="NoSecretProtector"/>; cluster mode uses <see cref="AesGcmSecretProtector"/>.
/// </summary>
public interface ISecretProtector
{
    /// <summary>The stored form of <paramref name="secret"/>.</summary>
    string Protect(string secret);

    /// <summary>The secret back from its stored form; values stored before encryption pass through unchanged.</summary>
    string Unprotect(string stored);
}

/// <summary>Stores secrets as they are: for in-memory state, which never reaches a disk.</summary>
public sealed class NoSecretProtector : ISecretProtector
{
    public static readonly NoSecretProtector Instance = new();

    public string Protect(string secret) => secret;

    public string Unprotect(string stored) => stored;
}
