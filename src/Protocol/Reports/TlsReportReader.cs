using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TlsRptPlatform.Protocol.Text;

namespace TlsRptPlatform.Protocol.Reports;

/// <summary>
/// Reads an RFC 8460 §4.4 report from UTF-8 JSON. Required fields are enforced; the deviations real senders are
/// known to make are accepted and listed in <see cref="TlsReport.Deviations"/>. Any bad input ends in a
/// <see cref="ReportFormatException"/> and nothing else.
/// </summary>
public static partial class TlsReportReader
{
    private const int MaxDeviationsKept = 32;

    public static TlsReport Parse(ReadOnlyMemory<byte> utf8Json, ReportLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (utf8Json.Length > limits.MaxDecompressedBytes)
        {
            throw new ReportFormatException(ReportErrorKind.TooLarge, "$", $"The report is larger than {limits.MaxDecompressedBytes} bytes.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            throw new ReportFormatException(ReportErrorKind.Malformed, ex.Path ?? "$", $"The body is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            return new Reader(limits).ReadReport(document.RootElement);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?(?<zone>[Zz]|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();

    private sealed class Reader(ReportLimits limits)
    {
        private readonly List<string> _deviations = [];
        private int _failureDetailCount;

        public TlsReport ReadReport(JsonElement root)
        {
            RequireKind(root, JsonValueKind.Object, "$");

            var organization = RequiredString(root, "organization-name", "$");
            var reportId = RequiredString(root, "report-id", "$");

            var range = RequiredProperty(root, "date-range", "$");
            RequireKind(range, JsonValueKind.Object, "$.date-range");
            var start = RequiredDateTime(range, "start-datetime", "$.date-range");
            var end = RequiredDateTime(range, "end-datetime", "$.date-range");
            if (end < start)
            {
                throw Invalid("$.date-range.end-datetime", "end-datetime is before start-datetime.");
            }

            // RFC 8460 §4.4 requires contact-info; small senders send null or leave it out.
            var contact = OptionalString(root, "contact-info", "$", "contact-info-missing");

            var policiesElement = RequiredProperty(root, "policies", "$");
            RequireKind(policiesElement, JsonValueKind.Array, "$.policies");
            var count = policiesElement.GetArrayLength();
            if (count > limits.MaxPolicies)
            {
                throw new ReportFormatException(ReportErrorKind.TooLarge, "$.policies", $"The report has {count} policies; at most {limits.MaxPolicies} are accepted.");
            }

            var policies = new List<PolicyResult>(count);
            var index = 0;
            foreach (var policy in policiesElement.EnumerateArray())
            {
                policies.Add(ReadPolicy(policy, $"$.policies[{index++}]"));
            }

            if (policies.Count == 0)
            {
                Deviation("policies-empty");
            }

            return new TlsReport(organization, start, end, contact, reportId, policies, _deviations);
        }

        private PolicyResult ReadPolicy(JsonElement element, string path)
        {
            RequireKind(element, JsonValueKind.Object, path);
            var policyPath = path + ".policy";
            var policy = RequiredProperty(element, "policy", path);
            RequireKind(policy, JsonValueKind.Object, policyPath);

            var type = RequiredString(policy, "policy-type", policyPath);
            if (type is not ("sts" or "tlsa" or "no-policy-found"))
            {
                Deviation("unknown-policy-type");
            }

            var policyStrings = StringList(policy, "policy-string", policyPath, "policy-string-missing");
            var domain = OptionalString(policy, "policy-domain", policyPath, "policy-domain-missing");
            var mxHosts = StringList(policy, "mx-host", policyPath, deviationWhenMissing: null);

            var summaryPath = path + ".summary";
            var summary = RequiredProperty(element, "summary", path);
            RequireKind(summary, JsonValueKind.Object, summaryPath);
            var successful = RequiredCount(summary, "total-successful-session-count", summaryPath);
            var failed = RequiredCount(summary, "total-failure-session-count", summaryPath);

            var details = ReadFailureDetails(element, path);
            if (details.Count > 0 && details.Sum(d => d.FailedSessionCount) != failed)
            {
                // Mail.ru's summaries disagree with their details; both are kept as sent.
                Deviation("failure-count-mismatch");
            }

            return new PolicyResult(type, policyStrings, domain, mxHosts, successful, failed, details);
        }

        private List<FailureDetail> ReadFailureDetails(JsonElement policy, string path)
        {
            if (!policy.TryGetProperty("failure-details", out var array) || array.ValueKind == JsonValueKind.Null)
            {
                return [];
            }

            var arrayPath = path + ".failure-details";
            RequireKind(array, JsonValueKind.Array, arrayPath);
            var length = array.GetArrayLength();
            _failureDetailCount += length;
            if (_failureDetailCount > limits.MaxFailureDetails)
            {
                throw new ReportFormatException(ReportErrorKind.TooLarge, arrayPath, $"The report has more than {limits.MaxFailureDetails} failure details.");
            }

            var details = new List<FailureDetail>(length);
            var index = 0;
            foreach (var detail in array.EnumerateArray())
            {
                var detailPath = $"{arrayPath}[{index++}]";
                RequireKind(detail, JsonValueKind.Object, detailPath);
                details.Add(new FailureDetail(
                    RequiredString(detail, "result-type", detailPath),
                    OptionalString(detail, "sending-mta-ip", detailPath, "sending-mta-ip-missing"),
                    OptionalString(detail, "receiving-mx-hostname", detailPath, null),
                    OptionalString(detail, "receiving-mx-helo", detailPath, null),
                    OptionalString(detail, "receiving-ip", detailPath, null),
                    RequiredCount(detail, "failed-session-count", detailPath),
                    OptionalString(detail, "additional-information", detailPath, null),
                    OptionalString(detail, "failure-reason-code", detailPath, null)));
            }

            return details;
        }

        private static JsonElement RequiredProperty(JsonElement parent, string name, string parentPath)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                throw Invalid($"{parentPath}.{name}", $"Required field '{name}' is missing.");
            }

            return value;
        }

        private string RequiredString(JsonElement parent, string name, string parentPath)
        {
            var value = RequiredProperty(parent, name, parentPath);
            RequireKind(value, JsonValueKind.String, parentPath, name);
            var text = BoundedString(value, parentPath, name);
            if (string.IsNullOrWhiteSpace(text))
            {
                throw Invalid($"{parentPath}.{name}", $"Required field '{name}' is empty.");
            }

            return text;
        }

        private string? OptionalString(JsonElement parent, string name, string parentPath, string? deviationWhenMissing)
        {
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (deviationWhenMissing is not null)
                {
                    Deviation(deviationWhenMissing);
                }

                return null;
            }

            RequireKind(value, JsonValueKind.String, parentPath, name);
            var text = BoundedString(value, parentPath, name);
            if (text.Length == 0)
            {
                Deviation("empty-string-field");
                return null;
            }

            return text;
        }

        private List<string> StringList(JsonElement parent, string name, string parentPath, string? deviationWhenMissing)
        {
            var path = $"{parentPath}.{name}";
            if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (deviationWhenMissing is not null)
                {
                    Deviation(deviationWhenMissing);
                }

                return [];
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                // RFC 8460 erratum 6241: the RFC's example shows mx-host as one string; senders copied it.
                Deviation($"{name}-as-string");
                return [BoundedString(value, parentPath, name)];
            }

            RequireKind(value, JsonValueKind.Array, path);
            var length = value.GetArrayLength();
            if (length > limits.MaxPolicies)
            {
                throw new ReportFormatException(ReportErrorKind.TooLarge, path, $"'{name}' has {length} entries; at most {limits.MaxPolicies} are accepted.");
            }

            var list = new List<string>(length);
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    RequireKind(item, JsonValueKind.String, $"{path}[{index}]");
                }

                list.Add(BoundedString(item, path, index: index++));
            }

            return list;
        }

        private static long RequiredCount(JsonElement parent, string name, string parentPath)
        {
            var value = RequiredProperty(parent, name, parentPath);
            RequireKind(value, JsonValueKind.Number, parentPath, name);
            if (!value.TryGetInt64(out var count))
            {
                throw Invalid($"{parentPath}.{name}", $"'{name}' must be a whole number of at most {ReportLimits.MaxSessionCount}.");
            }

            if (count < 0)
            {
                throw Invalid($"{parentPath}.{name}", $"'{name}' must not be negative.");
            }

            if (count > ReportLimits.MaxSessionCount)
            {
                throw Invalid($"{parentPath}.{name}", $"'{name}' is {count}; a count above {ReportLimits.MaxSessionCount} sessions is not credible.");
            }

            return count;
        }

        private DateTimeOffset RequiredDateTime(JsonElement parent, string name, string parentPath)
        {
            var path = $"{parentPath}.{name}";
            var text = RequiredString(parent, name, parentPath);
            var match = Rfc3339().Match(text);
            if (!match.Success || !DateTimeOffset.TryParse(
                    text.Replace(' ', 'T'),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                    out var value))
            {
                throw Invalid(path, $"'{name}' is not an RFC 3339 date-time: '{Truncate(text)}'.");
            }

            if (!match.Groups["zone"].Success)
            {
                // Microsoft sends date-times without a zone designator; they are UTC.
                Deviation("datetime-without-zone");
            }

            return value;
        }

        /// <remarks>The path is assembled only on failure: building it for every field would double the allocations.</remarks>
        private string BoundedString(JsonElement value, string parentPath, string? name = null, int index = -1)
        {
            string text;
            try
            {
                text = value.GetString()!;
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument defers UTF-8 validation of string values until they are read.
                throw new ReportFormatException(ReportErrorKind.Malformed, PathOf(parentPath, name, index), "A string is not valid UTF-8.", ex);
            }

            if (text.Length > limits.MaxStringLength)
            {
                throw new ReportFormatException(ReportErrorKind.TooLarge, PathOf(parentPath, name, index), $"A string is longer than {limits.MaxStringLength} characters.");
            }

            return text;
        }

        private static void RequireKind(JsonElement element, JsonValueKind kind, string parentPath, string? name = null)
        {
            if (element.ValueKind != kind)
            {
                throw Invalid(PathOf(parentPath, name, -1), $"Expected {Describe(kind)}, found {Describe(element.ValueKind)}.");
            }
        }

        private static string PathOf(string parentPath, string? name, int index) =>
            index >= 0 ? $"{parentPath}[{index}]" : name is null ? parentPath : $"{parentPath}.{name}";

        private void Deviation(string code)
        {
            if (_deviations.Count < MaxDeviationsKept && !_deviations.Contains(code))
            {
                _deviations.Add(code);
            }
        }

        private static ReportFormatException Invalid(string path, string message) =>
            new(ReportErrorKind.Invalid, path, message);

        private static string Truncate(string text) => Excerpt.Of(text, 65);

        private static string Describe(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
    }
}
