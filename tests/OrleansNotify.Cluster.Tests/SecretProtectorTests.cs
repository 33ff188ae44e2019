using System.Security.Cryptography;
using OrleansNotify.Portals;
using OrleansNotify.Security;

namespace OrleansNotify.Cluster.Tests;

/// <summary>AES-GCM protection of portal secrets: round trip, fresh nonces, tamper and wrong-key detection.</summary>
public sealed class SecretProtectorTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Protect_Secret_RoundTripsAndHidesTheText()
    {
        using var protector = new AesGcmSecretProtector(Key);

        var stored = protector.Protect("SG.very-secret");

        Assert.StartsWith(AesGcmSecretProtector.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain("very-secret", stored, StringComparison.Ordinal);
        Assert.Equal("SG.very-secret", protector.Unprotect(stored));
        Assert.NotEqual(stored, protector.Protect("SG.very-secret")); // a fresh nonce each time
    }

    [Fact]
    public void Unprotect_TamperedOrOtherKey_Throws()
    {
        using var protector = new AesGcmSecretProtector(Key);
        using var other = new AesGcmSecretProtector(RandomNumberGenerator.GetBytes(32));
        var stored = protector.Protect("secret");
        var bytes = Convert.FromBase64String(stored[AesGcmSecretProtector.Prefix.Length..]);
        bytes[^1] ^= 1;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect(AesGcmSecretProtector.Prefix + Convert.ToBase64String(bytes)));
        Assert.ThrowsAny<CryptographicException>(() => other.Unprotect(stored));
    }

    [Fact]
    public void Unprotect_ValueStoredBeforeEncryption_PassesThrough()
    {
        using var protector = new AesGcmSecretProtector(Key);

        Assert.Equal("SG.plain", protector.Unprotect("SG.plain"));
    }

    [Fact]
    public void PortalSecrets_ProtectConfig_ChangesOnlyApiKeyAndPassword()
    {
        using var protector = new AesGcmSecretProtector(Key);
        var config = new PortalConfig
        {
            DisplayName = "d",
            Notifier = new NotifierConfig { Kind = "smtp", Host = "mail.example.com", UserName = "u", Password = "pw", ApiKey = "k" },
        };

        var stored = config.Protect(protector);

        Assert.StartsWith(AesGcmSecretProtector.Prefix, stored.Notifier!.Password, StringComparison.Ordinal);
        Assert.StartsWith(AesGcmSecretProtector.Prefix, stored.Notifier.ApiKey, StringComparison.Ordinal);
        Assert.Equal("mail.example.com", stored.Notifier.Host);
        Assert.Equal("u", stored.Notifier.UserName);
        Assert.Equal(config, stored.Unprotect(protector));
    }
}
