using System.Security.Cryptography;
using System.Text;
using OrleansNotify.Api.Tracking;
using OrleansNotify.Tracking.Tests.Support;

namespace OrleansNotify.Tracking.Tests.Unit;

/// <summary>The verifier alone, and cross-checked both ways with SendGrid's own npm verifier.</summary>
public sealed class WebhookSignatureTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private readonly WebhookSigner _signer = new();
    private readonly byte[] _body = Encoding.UTF8.GetBytes("""[{"email":"ü@example.com","event":"open","sg_event_id":"e1","timestamp":1795000000}]""");
    private readonly string _timestamp = WebhookSigner.Timestamp(Now);

    [Fact]
    public void Verify_FreshKeySignature_IsValid() =>
        Assert.Equal(SignatureCheck.Valid, Check(_signer.Sign(_timestamp, _body)));

    [Fact]
    public void Verify_FlippedBodyByte_IsInvalid()
    {
        var signature = _signer.Sign(_timestamp, _body);
        _body[10] ^= 0x20;
        Assert.Equal(SignatureCheck.Invalid, Check(signature));
    }

    [Fact]
    public void Verify_IeeeP1363Signature_IsInvalid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p1363 = key.SignData(Encoding.UTF8.GetBytes(_timestamp).Concat(_body).ToArray(), HashAlgorithmName.SHA256);
        Assert.Equal(SignatureCheck.Invalid, WebhookSignature.Verify(Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()),
            Convert.ToBase64String(p1363), _timestamp, _body, Now, Window));
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("c2ln", null)]
    [InlineData("", "1")]
    public void Verify_MissingHeader_IsMissing(string? signature, string? timestamp) =>
        Assert.Equal(SignatureCheck.Missing, WebhookSignature.Verify(_signer.PublicKey, signature, timestamp, _body, Now, Window));

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Verify_GarbageSignature_IsInvalid(string signature) => Assert.Equal(SignatureCheck.Invalid, Check(signature));

    [Theory]
    [InlineData(-601, SignatureCheck.Expired)]
    [InlineData(-599, SignatureCheck.Valid)]
    [InlineData(601, SignatureCheck.Expired)]
    public void Verify_TimestampAgainstWindow(int offsetSeconds, SignatureCheck expected)
    {
        var stamp = WebhookSigner.Timestamp(Now.AddSeconds(offsetSeconds));
        Assert.Equal(expected, WebhookSignature.Verify(_signer.PublicKey, _signer.Sign(stamp, _body), stamp, _body, Now, Window));
    }

    [Fact]
    public void Verify_TimestampChangedAfterSigning_IsInvalid()
    {
        var signature = _signer.Sign(_timestamp, _body);
        Assert.Equal(SignatureCheck.Invalid, WebhookSignature.Verify(_signer.PublicKey, signature, WebhookSigner.Timestamp(Now.AddSeconds(1)), _body, Now, Window));
    }

    [Fact]
    public async Task SendGridNpmVerifier_AgreesOnOurSignatures()
    {
        using var other = new WebhookSigner();
        var good = _signer.Sign(_timestamp, _body);
        var flipped = _body.ToArray();
        flipped[^3] ^= 0x01;
        var cases = new NodeEventWebhook.Case[]
        {
            new(_signer.PublicKey, _body, good, _timestamp),
            new(_signer.PublicKey, flipped, good, _timestamp),
            new(other.PublicKey, _body, good, _timestamp),
            new(_signer.PublicKey, _body, good, WebhookSigner.Timestamp(Now.AddSeconds(1))),
        };

        var node = await NodeEventWebhook.VerifyAsync(cases);
        var ours = cases.Select(c => WebhookSignature.Verify(c.PublicKey, c.Signature, c.Timestamp, c.Payload, Now, Window) == SignatureCheck.Valid);

        Assert.Equal([true, false, false, false], node);
        Assert.Equal(node, ours);
    }

    [Fact]
    public async Task OurVerifier_AcceptsSignaturesNodeCryptoMakesWithAFreshKey()
    {
        var other = Encoding.UTF8.GetBytes("[]");
        var (publicKey, signatures) = await NodeEventWebhook.SignAsync([_body, other], _timestamp);

        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(publicKey, signatures[0], _timestamp, _body, Now, Window));
        Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(publicKey, signatures[1], _timestamp, other, Now, Window));
        Assert.Equal(SignatureCheck.Invalid, WebhookSignature.Verify(publicKey, signatures[0], _timestamp, other, Now, Window));
        Assert.True(Validation.PortalConfigValidator.IsP256PublicKey(publicKey));
    }

    [Fact]
    public void Verify_KeysAlternatingOnOneThread_EachJudgedByItsOwnKey()
    {
        using var other = new WebhookSigner();
        var mine = _signer.Sign(_timestamp, _body);
        var theirs = other.Sign(_timestamp, _body);
        for (var i = 0; i < 3; i++) // the second and third rounds use the cached keys
        {
            Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(_signer.PublicKey, mine, _timestamp, _body, Now, Window));
            Assert.Equal(SignatureCheck.Valid, WebhookSignature.Verify(other.PublicKey, theirs, _timestamp, _body, Now, Window));
            Assert.Equal(SignatureCheck.Invalid, WebhookSignature.Verify(other.PublicKey, mine, _timestamp, _body, Now, Window));
            Assert.Equal(SignatureCheck.Invalid, WebhookSignature.Verify("bm90IGEga2V5", mine, _timestamp, _body, Now, Window));
        }
    }

    [Fact]
    public void Verify_OneKeyOnManyThreadsAtOnce_GoodAndBadBodiesJudgedRight()
    {
        var signature = _signer.Sign(_timestamp, _body);
        var flipped = _body.ToArray();
        flipped[3] ^= 0x01;
        var results = new SignatureCheck[400];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => results[i] = WebhookSignature.Verify(_signer.PublicKey, signature, _timestamp, i % 2 == 0 ? _body : flipped, Now, Window));

        Assert.All(results.Where((_, i) => i % 2 == 0), r => Assert.Equal(SignatureCheck.Valid, r));
        Assert.All(results.Where((_, i) => i % 2 == 1), r => Assert.Equal(SignatureCheck.Invalid, r));
    }

    private SignatureCheck Check(string signature) => WebhookSignature.Verify(_signer.PublicKey, signature, _timestamp, _body, Now, Window);

    public void Dispose() => _signer.Dispose();
}
