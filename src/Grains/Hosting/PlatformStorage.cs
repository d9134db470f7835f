namespace TlsRptPlatform.Grains.Hosting;

public static class PlatformStorage
{
    /// <summary>The Orleans grain storage provider every grain of the platform uses.</summary>
    public const string Name = "platform";
}
