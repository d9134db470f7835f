using TlsRptPlatform.Silo.Hosting;

if (args.FirstOrDefault() == "migrate")
{
    return await PlatformHost.MigrateAsync(args[1..]);
}

var app = PlatformHost.Build(args);
await app.RunAsync();
return 0;
