using System.Globalization;
using TlsRptPlatform.Api.Imports;

namespace TlsRptPlatform.Silo.Commands;

/// <summary>
/// The import's progress on a terminal: one line redrawn in place, or, when the output is not a terminal (a log, a
/// pipe), a new line only when the status or each tenth of the way changes.
/// </summary>
internal sealed class ProgressBar(TextWriter output, bool interactive)
{
    private const int Width = 30;
    private string? _lastLine;
    private int _lastTenth = -1;

    public void Upload(long sent, long total) =>
        Draw("uploading", total == 0 ? 1 : (double)sent / total, string.Create(CultureInfo.InvariantCulture, $"{sent:N0} of {total:N0} bytes"));

    public void Job(ImportResponse job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Draw(job.Status, job.Progress, string.Create(CultureInfo.InvariantCulture, $"{job.Accepted:N0} accepted · {job.Duplicates:N0} duplicates · {job.Refused:N0} refused"));
    }

    /// <summary>Ends the line being redrawn, so that what follows starts on its own.</summary>
    public void Done()
    {
        if (interactive && _lastLine is not null)
        {
            output.WriteLine();
        }
    }

    private void Draw(string stage, double fraction, string counts)
    {
        fraction = Math.Clamp(fraction, 0, 1);
        var filled = (int)Math.Round(fraction * Width);
        var line = string.Create(CultureInfo.InvariantCulture, $"{stage,-11} [{new string('#', filled)}{new string('-', Width - filled)}] {fraction * 100,3:0}%  {counts}");
        if (line == _lastLine)
        {
            return;
        }

        if (interactive)
        {
            output.Write('\r' + line.PadRight(_lastLine?.Length ?? 0));
        }
        else
        {
            var tenth = (int)(fraction * 10);
            if (_lastLine is not null && tenth == _lastTenth && _lastLine.StartsWith(stage, StringComparison.Ordinal))
            {
                return;
            }

            output.WriteLine(line);
            _lastTenth = tenth;
        }

        _lastLine = line;
        output.Flush();
    }
}
