namespace TlsRptPlatform.Grains.MtaSts;

/// <summary>Where customers point <c>mta-sts.&lt;domain&gt;</c>: <c>Platform:PolicyHost</c>.</summary>
public sealed class PolicyHostingOptions
{
    /// <summary>The name the CNAME record of a hosted domain's policy host points at (the platform's HTTPS front).</summary>
    public string PolicyHost { get; set; } = "localhost";
}
