using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CodeFirst.Testing;

/// <summary>
/// A self-signed TLS server certificate made at runtime (RSA 2048, server-auth EKU, valid for a day), so TLS tests
/// need no checked-in keys: write it as PEM (certificate and key) or as a password-protected PFX for a server, and
/// give <see cref="Certificate"/> (or <see cref="CertificatePem"/>) to the clients that should trust it.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private TestCertificate(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate alone, PEM-encoded (what a client trusts: <c>root_certificates</c>, a CA file).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>
    /// Creates a certificate for <paramref name="dnsNames"/> and <paramref name="addresses"/> (its subject alternative
    /// names; the first DNS name is also its common name).
    /// </summary>
    public static TestCertificate CreateSelfSigned(IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> addresses)
    {
        ArgumentOutOfRangeException.ThrowIfZero(dnsNames.Count);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }
        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthentication)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        // Backdated a little: a peer whose clock is slightly behind must not see it as not yet valid.
        return new TestCertificate(request.CreateSelfSigned(now.AddHours(-1), now.AddDays(1)));
    }

    /// <summary>A certificate for <c>localhost</c>, <c>127.0.0.1</c> and <c>::1</c>.</summary>
    public static TestCertificate CreateForLocalhost() => CreateSelfSigned(["localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);

    /// <summary>Writes <c>{name}.crt</c> (the certificate) and <c>{name}.key</c> (its unencrypted PKCS#8 key) as PEM.</summary>
    public (string CertificatePath, string KeyPath) WritePem(string directory, string name = "server")
    {
        var certificatePath = Path.Combine(directory, name + ".crt");
        var keyPath = Path.Combine(directory, name + ".key");
        File.WriteAllText(certificatePath, CertificatePem);
        using var key = Certificate.GetRSAPrivateKey() ?? throw new InvalidOperationException("The certificate has no RSA private key.");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }

    /// <summary>Writes <c>{name}.pfx</c>: the certificate and its key, protected by <paramref name="password"/>.</summary>
    public string WritePfx(string directory, string password, string name = "server")
    {
        var path = Path.Combine(directory, name + ".pfx");
        File.WriteAllBytes(path, Certificate.Export(X509ContentType.Pfx, password));
        return path;
    }

    public void Dispose() => Certificate.Dispose();
}
