using System.Globalization;

namespace TlsRptPlatform.Soak;

/// <summary>
/// <c>--url U --admin-key K --smtp host:port --pid P [--minutes 60] [--domains 50] [--https 6] [--mailers 2]
/// [--rate 150] [--fault-every 300] --fault-down CMD --fault-up CMD</c>: the fault commands run under <c>bash -c</c>;
/// <c>--rate</c> is reports per second over all senders (0: as fast as the platform answers).
/// </summary>
internal sealed record SoakOptions(
    Uri Url, string AdminKey, string Smtp, int Pid, TimeSpan Duration, int Domains, int HttpsSenders, int Mailers,
    double Rate, TimeSpan FaultEvery, string FaultDown, string FaultUp)
{
    public static SoakOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string key) => values.GetValueOrDefault(key) ?? throw new ArgumentException($"--{key} is required");
        int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new SoakOptions(
            new Uri(Required("url")), Required("admin-key"), Required("smtp"), Int("pid", 0),
            TimeSpan.FromMinutes(double.Parse(values.GetValueOrDefault("minutes", "60"), CultureInfo.InvariantCulture)),
            Int("domains", 50), Int("https", 6), Int("mailers", 2), Int("rate", 150), TimeSpan.FromSeconds(Int("fault-every", 300)),
            Required("fault-down"), Required("fault-up"));
    }
}
