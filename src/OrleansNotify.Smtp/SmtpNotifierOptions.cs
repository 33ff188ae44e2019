namespace OrleansNotify.Smtp;

/// <summary>Tuning of the SMTP notifiers; the defaults suit a relay on the same network or SendGrid's.</summary>
public sealed class SmtpNotifierOptions
{
    /// <summary>Limit for each network operation (connect, one command, DATA). Default 30 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A pooled connection unused this long is closed with QUIT. Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often idle connections are looked for. Default 15 s.</summary>
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Messages after which a connection is replaced. Default 5,000: SendGrid's relay asks for a new
    /// connection after about that many, and other servers are happy with it too.
    /// </summary>
    public int MaxMessagesPerConnection { get; set; } = 5_000;

    /// <summary>Used when a portal sets no concurrency. Default 8, as ThrottleSettings.</summary>
    public int DefaultPoolSize { get; set; } = 8;

    /// <summary>Name given in EHLO; null lets MailKit use the machine's name.</summary>
    public string? LocalDomain { get; set; }
}
