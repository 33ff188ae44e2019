namespace OrleansNotify.Grains;

/// <summary>Provider and stream names shared by the hosts and the grains.</summary>
public static class NotifyNames
{
    /// <summary>The stream provider: memory streams embedded, PostgreSQL queues in a cluster.</summary>
    public const string StreamProvider = "notify";

    /// <summary>Stream namespace of submitted messages; the stream key is the portal id.</summary>
    public const string MessagesStream = "messages";

    /// <summary>Grain storage for portal configuration and keys.</summary>
    public const string PortalStorage = "portals";

    /// <summary>Grain storage that Orleans' stream pub-sub needs.</summary>
    public const string PubSubStorage = "PubSubStore";
}
