using OrleansNotify.Grains.Storage;
using OrleansNotify.Testing.Storage;

namespace OrleansNotify.Tests.Storage;

/// <summary>The embedded-mode store against the shared contract.</summary>
public sealed class InMemoryMessageStoreTests() : MessageStoreContractTests(new InMemoryMessageStore());
