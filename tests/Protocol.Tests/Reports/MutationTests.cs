using TlsRptPlatform.Protocol.Reports;

namespace TlsRptPlatform.Protocol.Tests.Reports;

/// <summary>A cheap fuzzer over the corpus: mutated and truncated input only ever ends in the reader's own error.</summary>
public class MutationTests
{
    private const int MutationsPerFile = 300;

    [Theory]
    [MemberData(nameof(CorpusTests.Files), MemberType = typeof(CorpusTests))]
    public void Mutated_reports_parse_or_fail_with_the_readers_own_error(string file)
    {
        var original = Corpus.Read(file);
        var random = new Random(file.GetHashCode(StringComparison.Ordinal) ^ 8460);
        var limits = new ReportLimits();
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < MutationsPerFile; i++)
        {
            var mutated = Mutate(original, random);
            var outcome = Outcome(() => TlsReportReader.Parse(mutated, limits));
            var gzOutcome = Outcome(() => TlsReportReader.Parse(ReportBody.ToJson(Truncate(Corpus.Gzip(mutated), random), limits), limits));
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            Assert.True(outcome is "ok" or "format" && gzOutcome is "ok" or "format", $"{file} mutation {i}: {outcome} / {gzOutcome}");
        }

        Assert.True(outcomes.GetValueOrDefault("format") > 0, "mutations must actually break some inputs");
    }

    private static string Outcome(Action parse)
    {
        try
        {
            parse();
            return "ok";
        }
        catch (ReportFormatException)
        {
            return "format";
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }

    private static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = input.ToList();
        var edits = random.Next(1, 6);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveAt(at); break;
                case 2: bytes.Insert(at, "{}[]\",:-0e9\\"u8[random.Next(12)]); break;
                case 3: bytes.RemoveRange(at, bytes.Count - at); break;
                default: bytes.InsertRange(at, bytes.Skip(random.Next(bytes.Count)).Take(random.Next(1, 40)).ToList()); break;
            }
        }

        return [.. bytes];
    }

    private static byte[] Truncate(byte[] gz, Random random) =>
        random.Next(4) == 0 ? gz[..random.Next(gz.Length)] : gz;
}
