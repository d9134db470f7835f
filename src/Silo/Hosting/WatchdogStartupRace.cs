using System.Diagnostics;

namespace TlsRptPlatform.Silo.Hosting;

/// <summary>
/// Orleans 10.4's silo watchdog starts its platform thread before it starts the stopwatch of its component thread, so
/// the first check can read a stopwatch that was never started and report "Participant check thread has not
/// completed for …" with the machine's uptime — on every fresh start, reading like a deadlock. This gives the
/// watchdog a logger that drops exactly that impossible report (a stall longer than this process has run) and passes
/// everything else, real stalls included, through unchanged.
/// </summary>
internal static class WatchdogStartupRace
{
    private const string WatchdogType = "Orleans.Runtime.Watchdog, Orleans.Runtime";

    public static IServiceCollection FilterWatchdogStartupRace(this IServiceCollection services)
    {
        // The watchdog type is internal; if a later Orleans renames it, nothing is filtered and nothing breaks.
        if (Type.GetType(WatchdogType) is { } watchdog)
        {
            services.AddSingleton(
                typeof(ILogger<>).MakeGenericType(watchdog),
                provider => Activator.CreateInstance(
                    typeof(Filter<>).MakeGenericType(watchdog), provider.GetRequiredService<ILoggerFactory>().CreateLogger(watchdog.FullName!))!);
        }

        return services;
    }

    private sealed class Filter<T>(ILogger inner) : ILogger<T>
    {
        private const string StallTemplate = "Participant check thread has not completed";

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsStartupRace(state))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }

        private static bool IsStartupRace<TState>(TState state) =>
            state is IReadOnlyList<KeyValuePair<string, object?>> values
            && values.Any(v => v.Key == "{OriginalFormat}" && v.Value is string format && format.StartsWith(StallTemplate, StringComparison.Ordinal))
            && values.Any(v => v.Value is TimeSpan stall && stall > Uptime);

        private static TimeSpan Uptime => DateTime.Now - Process.GetCurrentProcess().StartTime;
    }
}
