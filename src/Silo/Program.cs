using TlsRptPlatform.Silo.Commands;
using TlsRptPlatform.Silo.Hosting;

if (args.FirstOrDefault() == "migrate")
{
    return await PlatformHost.MigrateAsync(args[1..]);
}

if (args.FirstOrDefault() == "import")
{
    return await ImportCommand.RunAsync(args[1..], Console.Out, Console.Error, interactive: !Console.IsErrorRedirected);
}

if (args.FirstOrDefault() == "create-operator")
{
    return await CreateOperatorCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

var app = PlatformHost.Build(args);
// Only the process of its own: a host built in-process (tests, tools) must not end the process it lives in.
app.ExitAfterDeadline(app.Configuration);
await app.RunAsync();
return 0;
