using System.Collections.Concurrent;

namespace TlsRptPlatform.Platform.Tests.Grains;

[Alias("TlsRptPlatform.Tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Start")]
    Task StartAsync(TimeSpan due);

    [Alias("Names")]
    Task<string[]> NamesAsync();

    [Alias("Stop")]
    Task StopAsync();
}

/// <summary>A grain that only registers a reminder and notes its ticks, to exercise the reminder provider.</summary>
[GrainType("test-reminder-probe")]
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "probe";

    public static ConcurrentDictionary<string, int> Ticks { get; } = new(StringComparer.Ordinal);

    public Task StartAsync(TimeSpan due) => this.RegisterOrUpdateReminder(ReminderName, due, TimeSpan.FromMinutes(1));

    public async Task<string[]> NamesAsync() =>
        (await this.GetReminders()).Select(r => r.ReminderName).ToArray();

    public async Task StopAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        Ticks.AddOrUpdate(this.GetPrimaryKeyString(), 1, (_, n) => n + 1);
        return Task.CompletedTask;
    }
}
