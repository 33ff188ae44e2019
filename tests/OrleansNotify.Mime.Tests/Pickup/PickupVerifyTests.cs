using Microsoft.Extensions.DependencyInjection;
using OrleansNotify.Mime.Pickup;
using OrleansNotify.Notifiers;
using OrleansNotify.Portals;

namespace OrleansNotify.Mime.Tests.Pickup;

public sealed class PickupVerifyTests : PickupTestBase
{
    [Fact]
    public async Task VerifyAsync_MissingButCreatableFolder_PassesAndCreatesIt()
    {
        var report = await Notifier.VerifyAsync("portal-1", Portal(Folder), CancellationToken.None);

        Assert.True(report.Passed);
        Assert.Equal(["folder", "writable"], report.Checks.Select(c => c.Name));
        Assert.True(Directory.Exists(Folder));
        Assert.Empty(FilesIn(Folder));
    }

    [Fact]
    public async Task VerifyAsync_FolderBelowAFile_FailsOnFolder()
    {
        var file = Path.Combine(Root, "plain-file");
        await File.WriteAllTextAsync(file, "x");

        var report = await Notifier.VerifyAsync("portal-1", Portal(Path.Combine(file, "sub")), CancellationToken.None);

        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks);
        Assert.Equal(("folder", false), (check.Name, check.Passed));
    }

    [Fact]
    public void AddPickupNotifier_ResolvesPickupNotifierUnderItsKind()
    {
        using var services = new ServiceCollection().AddLogging().AddPickupNotifier().BuildServiceProvider();

        var notifier = services.GetRequiredKeyedService<INotifier>(NotifierKinds.Pickup);

        Assert.IsType<PickupNotifier>(notifier);
        Assert.Same(TimeProvider.System, services.GetRequiredService<TimeProvider>());
        Assert.NotNull(services.GetRequiredService<MimeMessageFactory>());
    }
}
