using System.Security.Cryptography;
using System.Text;

namespace OrleansNotify.Security;

/// <summary>
/// AES-256-GCM with a key from configuration (<c>Notify:EncryptionKey</c>, 32 bytes in base64). Each value
/// gets a random 96-bit nonce; the stored form is <c>enc:v1:</c> + base64(nonce | ciphertext | tag), so a
/// tampered value or a wrong key fails loudly instead of yielding garbage.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector, IDisposable
{
    public const string Prefix = "enc:v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly AesGcm _aes;

    public AesGcmSecretProtector(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"The encryption key must be 32 bytes (AES-256); got {key.Length}.", nameof(key));
        }

        _aes = new AesGcm(key, TagSize);
    }

    /// <summary>From the configured base64 text; the message names the setting, never the value.</summary>
    public static AesGcmSecretProtector FromBase64(string? key, string settingName)
    {
        var bytes = new byte[32];
        if (string.IsNullOrWhiteSpace(key) || !Convert.TryFromBase64String(key.Trim(), bytes, out var length) || length != 32)
        {
            throw new InvalidOperationException(
                $"{settingName} must be 32 random bytes in base64 (e.g. `openssl rand -base64 32`): it encrypts portal secrets at rest.");
        }

        return new AesGcmSecretProtector(bytes);
    }

    public string Protect(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        lock (_aes) // AesGcm is not thread-safe: portal grains on several threads share this instance
        {
            _aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length));
        }

        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    public string Unprotect(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return stored; // written before encryption was configured
        }

        var sealedBytes = Convert.FromBase64String(stored[Prefix.Length..]);
        if (sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("A stored secret is truncated.");
        }

        var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
        lock (_aes)
        {
            _aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, plain.Length), sealedBytes.AsSpan(NonceSize + plain.Length), plain);
        }

        return Encoding.UTF8.GetString(plain);
    }

    public void Dispose() => _aes.Dispose();
}
