# Packs a laid-out module folder (out/Olares) into <OutputPath>/Olares.<version>.nupkg with PSResourceGet's
# Compress-PSResource: the same nupkg Publish-PSResource would upload (nuspec from the manifest, every file of the
# folder), without registering or touching any repository. Checks the package holds what an install needs.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'Olares.psd1')
$null = New-Item -ItemType Directory -Force -Path $OutputPath
Compress-PSResource -Path $ModulePath -DestinationPath $OutputPath
$package = Join-Path $OutputPath "Olares.$($manifest.ModuleVersion).nupkg"
if (-not (Test-Path $package)) { Write-Host "package: $package was not written" -ForegroundColor Red; exit 1 }

Add-Type -AssemblyName System.IO.Compression.FileSystem
$zip = [System.IO.Compression.ZipFile]::OpenRead($package)
try { $entries = @($zip.Entries | ForEach-Object { $_.FullName }) } finally { $zip.Dispose() }
$required = 'Olares.psd1', 'Olares.psm1', 'LICENSE', 'Olares.nuspec', 'en-US/about_Olares.help.txt', 'en-US/about_Olares_Errors.help.txt',
    'bin/Core/Olares.PowerShell.dll', 'bin/Core/Olares.Core.dll', 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml',
    'bin/Desktop/Olares.PowerShell.dll', 'bin/Desktop/Olares.Core.dll', 'bin/Desktop/en-US/Olares.PowerShell.dll-Help.xml'
$required += @($manifest.FormatsToProcess)
$missing = @($required | Where-Object { $_ -notin $entries })
if (-not ($entries -like 'Dependencies/Core/*.dll')) { $missing += 'Dependencies/Core/*.dll' }
if (-not ($entries -like 'Dependencies/Desktop/*.dll')) { $missing += 'Dependencies/Desktop/*.dll' }
if ($missing) { Write-Host "package: $package lacks $($missing -join ', ')" -ForegroundColor Red; exit 1 }
Write-Host "Package written to $package"
