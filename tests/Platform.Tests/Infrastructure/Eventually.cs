namespace TlsRptPlatform.Platform.Tests.Infrastructure;

/// <summary>Waits for something that happens in the background (a delivery, a scheduled check) to become true.</summary>
public static class Eventually
{
    public static Task TrueAsync(Func<bool> condition, int seconds = 30, string? what = null) =>
        TrueAsync(() => Task.FromResult(condition()), seconds, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, int seconds = 30, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what ?? "the condition"} did not become true within {seconds} s");
            await Task.Delay(200);
        }
    }
}
