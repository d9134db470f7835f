# syntax=docker/dockerfile:1
# One image for every role (Platform__Role = all | silo | gateway) and for the migration Job (`migrate`).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
RUN dotnet publish src/Silo/Silo.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# Non-root (the image's built-in 'app' user); nothing is written outside /tmp, so the root file system can be
# mounted read-only. The diagnostics IPC socket also lives in /tmp.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    Platform__DataDirectory=/tmp/data \
    DOTNET_gcServer=1
# 8080 the API, 9464 /metrics (Telemetry:MetricsPort), 11111 and 30000 Orleans.
EXPOSE 8080 9464 11111 30000
ENTRYPOINT ["dotnet", "TlsRptPlatform.Silo.dll"]
