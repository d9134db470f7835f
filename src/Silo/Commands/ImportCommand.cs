using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using TlsRptPlatform.Api.Imports;

namespace TlsRptPlatform.Silo.Commands;

/// <summary>
/// <c>dotnet run --project src/Silo -- import --domain example.com FILE</c>: uploads an archive to the running
/// platform with the admin key (<c>Platform:AdminApiKey</c>, e.g. <c>Platform__AdminApiKey</c>) and follows the job
/// with a progress bar. It goes through the same API as a tenant's upload, so the platform's limits, deduplication
/// and job record apply unchanged, and it works against one process or a cluster alike.
/// </summary>
internal static class ImportCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive)
    {
        var arguments = ImportArguments.Parse(args, out var problem);
        if (arguments is null)
        {
            await error.WriteLineAsync(problem);
            return 2;
        }

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        var key = configuration["Platform:AdminApiKey"];
        if (string.IsNullOrEmpty(key))
        {
            await error.WriteLineAsync("Set the admin key the platform runs with: Platform__AdminApiKey=... (it is printed once at the platform's first start).");
            return 2;
        }

        if (!File.Exists(arguments.File))
        {
            await error.WriteLineAsync($"{arguments.File}: no such file");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = arguments.Url ?? BaseUrl(configuration), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var bar = new ProgressBar(error, interactive);
        var job = await UploadAsync(http, arguments, bar, error);
        if (job is null)
        {
            return 1;
        }

        while (job.Status is "queued" or "running")
        {
            bar.Job(job);
            await Task.Delay(PollInterval);
            job = await http.GetFromJsonAsync<ImportResponse>($"/v1/imports/{job.Id}", Json) ?? job;
        }

        bar.Job(job);
        bar.Done();
        await ReportAsync(job, output);
        return job.Status == "completed" ? 0 : 1;
    }

    private static async Task<ImportResponse?> UploadAsync(HttpClient http, ImportArguments arguments, ProgressBar bar, TextWriter error)
    {
        await using var file = File.OpenRead(arguments.File);
        using var content = new ProgressContent(file, sent => bar.Upload(sent, file.Length));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var query = $"fileName={Uri.EscapeDataString(Path.GetFileName(arguments.File))}" + (arguments.Format is null ? string.Empty : $"&format={Uri.EscapeDataString(arguments.Format)}");
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync($"/v1/domains/{Uri.EscapeDataString(arguments.Domain)}/imports?{query}", content);
        }
        catch (HttpRequestException ex)
        {
            bar.Done();
            await error.WriteLineAsync($"The platform at {http.BaseAddress} cannot be reached: {ex.Message} (give its address with --url)");
            return null;
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<ImportResponse>(Json);
            }

            bar.Done();
            var details = await ReadProblemAsync(response);
            await error.WriteLineAsync($"The import was refused ({(int)response.StatusCode}): {details}");
            return null;
        }
    }

    private static async Task ReportAsync(ImportResponse job, TextWriter output)
    {
        await output.WriteLineAsync($"Import {job.Id} of {job.FileName} ({job.Format}) for {job.Domain}: {job.Status}");
        await output.WriteLineAsync($"  {job.Accepted:N0} accepted, {job.Duplicates:N0} duplicates, {job.Refused:N0} refused");
        foreach (var refusal in job.Refusals)
        {
            await output.WriteLineAsync($"  refused ({refusal.Reason}): {refusal.Count:N0}");
            foreach (var example in refusal.Examples)
            {
                await output.WriteLineAsync($"    {example.Item}: {example.Detail}");
            }
        }

        if (job.Error is not null)
        {
            await output.WriteLineAsync($"  stopped: {job.Error}");
        }
    }

    private static async Task<string> ReadProblemAsync(HttpResponseMessage response)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json);
            return problem?.Detail ?? problem?.Title ?? response.ReasonPhrase ?? "no detail";
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "no detail";
        }
    }

    /// <summary>The platform's own first URL from its settings (<c>Urls</c>), with a wildcard host made loopback.</summary>
    private static Uri BaseUrl(IConfiguration configuration)
    {
        var first = (configuration["Urls"] ?? "http://localhost:8080").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];
        return new Uri(first.Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal));
    }
}
