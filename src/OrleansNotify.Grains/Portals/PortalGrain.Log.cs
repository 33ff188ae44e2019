using Microsoft.Extensions.Logging;

namespace OrleansNotify.Grains.Portals;

/// <summary>Structured logs of the portal grain: always the portal id, the message id where there is one.</summary>
public sealed partial class PortalGrain
{
    [LoggerMessage(1001, LogLevel.Information, "Portal {PortalId} saved (notifier {NotifierKind}, created {Created})")]
    private static partial void LogPortalSaved(ILogger logger, string portalId, string? notifierKind, bool created);

    [LoggerMessage(1002, LogLevel.Information, "Portal {PortalId} deleted with its queue")]
    private static partial void LogPortalDeleted(ILogger logger, string portalId);

    [LoggerMessage(1003, LogLevel.Information, "Portal {PortalId} issued API key {KeyId}")]
    private static partial void LogKeyCreated(ILogger logger, string portalId, string keyId);

    [LoggerMessage(1010, LogLevel.Debug, "Portal {PortalId} queued message {MessageId} as {Status}")]
    private static partial void LogMessageQueued(ILogger logger, string portalId, string messageId, MessageStatus status);

    [LoggerMessage(1011, LogLevel.Warning, "Portal {PortalId} does not exist: message {MessageId} failed")]
    private static partial void LogUnknownPortal(ILogger logger, string portalId, string messageId);

    [LoggerMessage(1012, LogLevel.Information, "Portal {PortalId} rebuilt its queue from {Count} stored messages")]
    private static partial void LogRebuilt(ILogger logger, string portalId, int count);

    [LoggerMessage(1020, LogLevel.Debug, "Portal {PortalId} sent message {MessageId} (provider id {ProviderMessageId})")]
    private static partial void LogSent(ILogger logger, string portalId, string messageId, string? providerMessageId);

    [LoggerMessage(1021, LogLevel.Warning, "Portal {PortalId} message {MessageId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string portalId, string messageId, string reason);

    [LoggerMessage(1022, LogLevel.Information, "Portal {PortalId} message {MessageId} attempt {Attempt} failed transiently, retry at {NotBefore}: {Detail}")]
    private static partial void LogRetry(ILogger logger, string portalId, string messageId, int attempt, DateTimeOffset notBefore, string? detail);

    [LoggerMessage(1023, LogLevel.Warning, "Portal {PortalId} rate limited by the provider at message {MessageId}: paused until {Until}")]
    private static partial void LogRateLimited(ILogger logger, string portalId, string messageId, DateTimeOffset until);

    [LoggerMessage(1024, LogLevel.Warning, "Portal {PortalId} is misconfigured, its messages wait: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, string portalId, string reason);

    [LoggerMessage(1030, LogLevel.Error, "Portal {PortalId}: the call to the {Kind} sender failed")]
    private static partial void LogSenderFailed(ILogger logger, Exception exception, string portalId, string kind);

    [LoggerMessage(1031, LogLevel.Error, "Portal {PortalId}: pump cycle failed, retrying shortly")]
    private static partial void LogPumpFailed(ILogger logger, Exception exception, string portalId);

    [LoggerMessage(1032, LogLevel.Warning, "Portal {PortalId}: owner version {Owner} is stale, deactivating")]
    private static partial void LogStaleOwner(ILogger logger, Exception exception, string portalId, long owner);

    [LoggerMessage(1033, LogLevel.Warning, "Portal {PortalId}: could not set its wake-up reminder")]
    private static partial void LogReminderFailed(ILogger logger, Exception exception, string portalId);

    [LoggerMessage(1034, LogLevel.Error, "Portal {PortalId}: the message stream reported an error")]
    private static partial void LogStreamError(ILogger logger, Exception exception, string portalId);
}
