using TlsRptPlatform.Silo.Hosting;

var app = PlatformHost.Build(args);
await app.RunAsync();
