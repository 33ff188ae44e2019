namespace OrleansNotify.Smtp.Connections;

/// <summary>How the connection is protected, as a portal's <c>notifier.security</c> names it.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection, upgraded with STARTTLS (ports 587, 25, 2525). The default.</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
    /// <summary>No TLS at all: only for relays on a trusted network.</summary>
    None,
}
