# Runs the build graph on Windows or PowerShell: ./build.ps1 --target=NAME [options].
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$hostDll = Join-Path $root 'build/bin/Release/net10.0/Build.dll'
$stamp = Join-Path $root 'build/bin/.host-built'
$inputs = @('build', 'src', 'templates') | ForEach-Object { Join-Path $root $_ }
$stale = -not (Test-Path $hostDll) -or -not (Test-Path $stamp)
if (-not $stale) {
    $built = (Get-Item $stamp).LastWriteTimeUtc
    $stale = [bool](Get-ChildItem -Path $inputs -Recurse -File |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } |
        Select-Object -First 1)
}
if ($stale) {
    New-Item -ItemType Directory -Force -Path (Split-Path $stamp) | Out-Null
    $started = Get-Date
    dotnet build (Join-Path $root 'build/Build.csproj') -c Release --nologo -v quiet -clp:ErrorsOnly
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    New-Item -ItemType File -Force -Path $stamp | Out-Null
    (Get-Item $stamp).LastWriteTimeUtc = $started.ToUniversalTime()
}
Push-Location $root
try {
    dotnet $hostDll @args
    exit $LASTEXITCODE
}
finally {
    Pop-Location
}
