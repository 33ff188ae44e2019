using BenchmarkDotNet.Running;

// Stopwatch-based load commands by name; anything else goes to BenchmarkDotNet.
if (args is ["sendgrid", .. var sendGridArgs])
{
    return await OrleansNotify.Benchmarks.SendGrid.SendGridLoadCommand.RunAsync(sendGridArgs);
}

if (args is ["smtp", .. var smtpArgs])
{
    return await OrleansNotify.Benchmarks.Smtp.SmtpLoadCommand.RunAsync(smtpArgs);
}

if (args is ["load", .. var loadArgs])
{
    return await OrleansNotify.Benchmarks.Load.LoadCommand.RunAsync(loadArgs);
}

if (args is ["webhooks", .. var webhookArgs])
{
    return await OrleansNotify.Benchmarks.Tracking.WebhookBenchmarkCommand.RunAsync(webhookArgs);
}

if (args is ["streams", .. var streamsArgs])
{
    return await OrleansNotify.Benchmarks.Streams.StreamsBenchmarkCommand.RunAsync(streamsArgs);
}

if (args is ["cluster", .. var clusterArgs])
{
    return await OrleansNotify.Benchmarks.Cluster.ClusterBenchmarkCommand.RunAsync(clusterArgs);
}

if (args is ["e2e", .. var e2eArgs])
{
    return await OrleansNotify.Benchmarks.EndToEnd.EndToEndCommand.RunAsync(e2eArgs);
}

if (args is ["events", .. var eventsArgs])
{
    return await OrleansNotify.Benchmarks.Events.EventsBenchmarkCommand.RunAsync(eventsArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
