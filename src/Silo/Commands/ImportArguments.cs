namespace TlsRptPlatform.Silo.Commands;

/// <summary><c>import --domain NAME [--url URL] [--format mbox|zip|report|eml] FILE</c>.</summary>
internal sealed record ImportArguments(string Domain, string File, Uri? Url, string? Format)
{
    public const string Usage = "usage: import --domain NAME [--url URL] [--format mbox|zip|report|eml] FILE";

    public static ImportArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? domain = null, file = null, url = null, format = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--domain" when i + 1 < args.Count:
                    domain = args[++i];
                    break;
                case "--url" when i + 1 < args.Count:
                    url = args[++i];
                    break;
                case "--format" when i + 1 < args.Count:
                    format = args[++i];
                    break;
                case var option when option.StartsWith("--", StringComparison.Ordinal):
                    error = $"unknown or incomplete option '{option}'";
                    return null;
                default:
                    if (file is not null)
                    {
                        error = "one FILE at a time";
                        return null;
                    }

                    file = args[i];
                    break;
            }
        }

        if (domain is null || file is null)
        {
            error = Usage;
            return null;
        }

        if (url is not null && !Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            error = $"'{url}' is not an absolute URL";
            return null;
        }

        error = null;
        return new ImportArguments(domain, file, url is null ? null : new Uri(url), format);
    }
}
