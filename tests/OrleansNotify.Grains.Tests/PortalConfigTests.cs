using System.Security.Cryptography;
using System.Text;
using OrleansNotify.Grains.Portals;
using OrleansNotify.Portals;

namespace OrleansNotify.Grains.Tests;

[Collection(ClusterCollection.Name)]
public class PortalConfigTests(ClusterFixture fixture) : GrainTestBase(fixture)
{
    [Fact]
    public async Task PutAsync_ThenGetAsync_ReturnsConfigWithSecretsMasked()
    {
        var portal = Grains.GetGrain<IPortalGrain>(NewPortalId());
        var config = new PortalConfig
        {
            DisplayName = "Marketing",
            Notifier = new NotifierConfig { Kind = NotifierKinds.Smtp, Host = "mail.example.com", Port = 587, UserName = "u", Password = "hunter2", ApiKey = "SG.key" },
            Throttle = new ThrottleSettings { PerSecond = 5, Burst = 10, MaxConcurrency = 2, DailyQuota = 1000 },
        };

        Assert.True(await portal.PutAsync(config));
        Assert.False(await portal.PutAsync(config)); // replaced, not created
        var view = await portal.GetAsync();

        Assert.NotNull(view);
        Assert.Equal("Marketing", view.Config.DisplayName);
        Assert.Equal("mail.example.com", view.Config.Notifier!.Host);
        Assert.Equal(PortalMasking.Mask, view.Config.Notifier.Password);
        Assert.Equal(PortalMasking.Mask, view.Config.Notifier.ApiKey);
        Assert.Equal(config.Throttle, view.Config.Throttle);
        Assert.Contains(portal.GetPrimaryKeyString(), await Grains.GetGrain<IPortalDirectoryGrain>(0).ListAsync());
    }

    [Fact]
    public async Task CreateKeyAsync_IssuedKey_VerifiesByHash_WrongSecretDoesNot()
    {
        var portal = await CreatePortalAsync();
        var portalId = portal.GetPrimaryKeyString();

        var created = await portal.CreateKeyAsync();

        Assert.NotNull(created);
        Assert.Matches($@"^ON\.{portalId}\.[0-9a-f]{{12}}\.[A-Za-z0-9_-]{{43}}$", created.Key);
        Assert.True(PortalKeys.TryParse(created.Key, out var parsedPortal, out var keyId, out var secret));
        Assert.Equal(portalId, parsedPortal);
        Assert.Equal(created.KeyId, keyId);
        Assert.True(await portal.CheckKeyAsync(keyId, SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
        Assert.False(await portal.CheckKeyAsync(keyId, SHA256.HashData(Encoding.UTF8.GetBytes(secret + "x"))));
        Assert.False(await portal.CheckKeyAsync("000000000000", SHA256.HashData(Encoding.UTF8.GetBytes(secret))));

        var view = await portal.GetAsync();
        Assert.Equal([created.KeyId], view!.KeyIds);
    }

    [Fact]
    public async Task CreateKeyAsync_TwoKeys_DifferentIdsAndSecrets()
    {
        var portal = await CreatePortalAsync();
        var a = await portal.CreateKeyAsync();
        var b = await portal.CreateKeyAsync();

        Assert.NotEqual(a!.KeyId, b!.KeyId);
        Assert.NotEqual(a.Key, b.Key);
        Assert.Equal(2, (await portal.GetAsync())!.KeyIds.Count);
    }

    [Fact]
    public async Task UnknownPortal_ReadsAndKeys_ReturnNull()
    {
        var portal = Grains.GetGrain<IPortalGrain>(NewPortalId());

        Assert.Null(await portal.GetAsync());
        Assert.Null(await portal.CreateKeyAsync());
        Assert.Null(await portal.GetSubmitInfoAsync());
        Assert.Null(await portal.GetStatusAsync());
        Assert.Null(await portal.VerifyAsync());
        Assert.False(await portal.DeleteAsync());
    }

    [Fact]
    public async Task DeleteAsync_ExistingPortal_GoneFromGrainAndDirectory_KeysStopWorking()
    {
        var portal = await CreatePortalAsync();
        var key = await portal.CreateKeyAsync();
        PortalKeys.TryParse(key!.Key, out _, out var keyId, out var secret);

        Assert.True(await portal.DeleteAsync());

        Assert.Null(await portal.GetAsync());
        Assert.DoesNotContain(portal.GetPrimaryKeyString(), await Grains.GetGrain<IPortalDirectoryGrain>(0).ListAsync());
        Assert.False(await portal.CheckKeyAsync(keyId, SHA256.HashData(Encoding.UTF8.GetBytes(secret))));
    }

    [Fact]
    public async Task GetSubmitInfoAsync_ExistingPortal_ReportsKindAndDefaultFrom()
    {
        var portal = await CreatePortalAsync(TestPortal() with
        {
            Defaults = new PortalDefaults { From = new Mail.EmailAddress { Email = "noreply@example.com" } },
        });

        var info = await portal.GetSubmitInfoAsync();

        Assert.Equal(new PortalSubmitInfo(true, TestNotifier.Kind), info);
    }
}
