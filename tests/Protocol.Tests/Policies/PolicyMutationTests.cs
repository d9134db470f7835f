using System.Text;
using TlsRptPlatform.Protocol.Policies;

namespace TlsRptPlatform.Protocol.Tests.Policies;

/// <summary>DNS answers and policy files are untrusted: mutated input gives a verdict, never an exception.</summary>
public class PolicyMutationTests
{
    private const string Tlsrpt = "v=TLSRPTv1; rua=mailto:a@example.com,https://r.example.net/x";
    private const string Sts = "v=STSv1; id=20240101";
    private const string Policy = "version: STSv1\r\nmode: enforce\r\nmx: *.example.com\r\nmax_age: 604800\r\n";

    [Fact]
    public void Mutated_records_and_policies_never_throw()
    {
        var random = new Random(8461);
        var verdicts = new HashSet<string>();
        for (var i = 0; i < 3_000; i++)
        {
            verdicts.Add(TlsRptRecordParser.Evaluate([[Mutate(Tlsrpt, random)]]).Status.ToString());
            verdicts.Add("sts-" + MtaStsRecordParser.Evaluate([[Mutate(Sts, random)]]).Status);
            var body = Encoding.UTF8.GetBytes(Mutate(Policy, random));
            if (body.Length > 0 && random.Next(10) == 0)
            {
                body[random.Next(body.Length)] = (byte)random.Next(256);
            }

            verdicts.Add("policy-" + MtaStsPolicyParser.TryParse(body, out _, out _));
            MxPattern.Matches(Mutate("*.example.com", random), Mutate("mx.example.com", random));
        }

        // The mutations reach both outcomes of every parser.
        Assert.Superset(new HashSet<string> { "Valid", "Invalid", "sts-Valid", "sts-Invalid", "policy-True", "policy-False" }, verdicts);
    }

    private static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        for (var e = random.Next(0, 4); e > 0 && chars.Count > 0; e--)
        {
            var at = random.Next(chars.Count);
            switch (random.Next(4))
            {
                case 0: chars[at] = ";=,:*. \r\n\t\u00e9\0"[random.Next(12)]; break;
                case 1: chars.RemoveAt(at); break;
                case 2: chars.Insert(at, (char)random.Next(32, 127)); break;
                default: chars.RemoveRange(at, chars.Count - at); break;
            }
        }

        return new string([.. chars]);
    }
}
