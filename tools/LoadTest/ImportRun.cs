using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;

namespace TlsRptPlatform.LoadTest;

/// <summary>
/// <c>--import mbox|zip</c>: builds an archive of <c>--reports</c> reports for one domain (an mbox of report e-mails,
/// or a zip of .json.gz files), uploads it as the tenant and follows the job; prints upload and import time.
/// </summary>
internal static class ImportRun
{
    public static async Task<int> RunAsync(HttpClient http, string apiKey, string domain, string format, int reports, Func<string, int, byte[]> report)
    {
        var archive = format == "zip" ? Zip(domain, reports, report) : Mbox(domain, reports, report);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        var clock = Stopwatch.StartNew();
        using var content = new ByteArrayContent(archive);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync($"/v1/domains/{domain}/imports", content);
        response.EnsureSuccessStatusCode();
        var uploaded = clock.Elapsed;
        var location = response.Headers.Location!.ToString();
        JsonNode job;
        while ((string)(job = (await http.GetFromJsonAsync<JsonNode>(location))!)["status"]! is "queued" or "running")
        {
            await Task.Delay(100);
        }

        clock.Stop();
        var accepted = (long)job["accepted"]!;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import={format} reports={reports} bytes={archive.Length} status={job["status"]} accepted={accepted} refused={job["refused"]} " +
            $"upload={uploaded.TotalSeconds:F1}s seconds={clock.Elapsed.TotalSeconds:F1} throughput={accepted / clock.Elapsed.TotalSeconds:F0}/s"));
        return accepted == reports ? 0 : 1;
    }

    private static byte[] Mbox(string domain, int reports, Func<string, int, byte[]> report)
    {
        var unix = FormatOptions.Default.Clone();
        unix.NewLineFormat = NewLineFormat.Unix;
        using var output = new MemoryStream();
        for (var n = 0; n < reports; n++)
        {
            output.Write("From MAILER-DAEMON Mon Jan  5 00:00:00 2026\n"u8);
            using var message = MailSender.Message(domain, $"tlsrpt@{domain}", report(domain, n));
            // Base64 bodies never start a line with "From ", so no quoting is needed.
            message.WriteTo(unix, output);
            output.Write("\n"u8);
        }

        return output.ToArray();
    }

    private static byte[] Zip(string domain, int reports, Func<string, int, byte[]> report)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (var n = 0; n < reports; n++)
            {
                using var entry = zip.CreateEntry(string.Create(CultureInfo.InvariantCulture, $"reports/{n}.json.gz"), CompressionLevel.NoCompression).Open();
                entry.Write(report(domain, n));
            }
        }

        return output.ToArray();
    }
}
