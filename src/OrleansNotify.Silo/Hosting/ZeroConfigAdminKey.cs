using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using OrleansNotify.Api;

namespace OrleansNotify.Silo.Hosting;

/// <summary>
/// Zero-config mode needs no setup, yet the portal endpoints are never open: without
/// <c>Notify:AdminKey</c> the silo makes a random key for this run and prints it once to standard
/// output — deliberately not through logging, so it never reaches a log pipeline.
/// </summary>
public static class ZeroConfigAdminKey
{
    public static IServiceCollection AddZeroConfigAdminKey(this IServiceCollection services)
    {
        services.AddSingleton<GeneratedAdminKey>();
        services.AddOptions<NotifyApiOptions>().PostConfigure<GeneratedAdminKey>((options, generated) =>
        {
            if (string.IsNullOrWhiteSpace(options.AdminKey))
            {
                options.AdminKey = generated.Key;
                generated.Used = true;
            }
        });
        services.AddHostedService<AdminKeyAnnouncer>();
        return services;
    }

    internal sealed class GeneratedAdminKey
    {
        public string Key { get; } = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        public bool Used { get; set; }
    }

    /// <summary>Resolves the options at start-up, so the key exists (and is shown) before the first request.</summary>
    internal sealed class AdminKeyAnnouncer(IOptions<NotifyApiOptions> options, GeneratedAdminKey generated) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = options.Value;
            if (generated.Used)
            {
                Console.Out.WriteLine($"No Notify:AdminKey configured. Admin key for this run: {generated.Key}");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
