namespace TlsRptPlatform.Api.Mail;

/// <summary>The answer of <see cref="ConnectionQuota"/>: a lease to give back when the session ends, or the 421 reply that refuses it.</summary>
internal readonly record struct ConnectionAdmission(ConnectionQuota.Lease? Lease, string? Refusal)
{
    public static ConnectionAdmission Admitted(ConnectionQuota.Lease lease) => new(lease, null);

    public static ConnectionAdmission Refused(string reply) => new(null, reply);
}
