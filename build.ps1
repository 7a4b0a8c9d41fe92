#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates the Olares PowerShell module.
.DESCRIPTION
    Build    lays out an importable module under out/Olares (manifest, assemblies per edition, formats, help, about
             topics, LICENSE). The manifest's ModuleVersion comes from Directory.Build.props and its CmdletsToExport
             from the [Cmdlet] classes of the built assembly.
    Package  builds, then writes out/packages/Olares.<version>.nupkg: the package Publish-PSResource would upload.
    Test   builds, runs the xunit tests, then the Pester tests against the built module, each Pester file in a
           fresh `pwsh -NoProfile` process; ends with one line "N passed, N failed" and exits non-zero on failure.
    Demo   builds, starts the bundled Olares emulator and runs a short scripted session against it.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Package', 'Test', 'Demo', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Only Pester files whose name matches this wildcard (Test task).
    [string] $PesterFilter = '*',

    # Skip the xunit run (Test task), for quick Pester iterations.
    [switch] $SkipUnit,

    # Skip the Pester run (Test task).
    [switch] $SkipPester
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'Olares'
$pwshPath = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Invoke-Native {
    param([string] $What, [scriptblock] $Command)
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE" }
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = (& dotnet nuget locals global-packages --list) -join "`n"
    if ($line -match 'global-packages:\s*(.+)$') { return $Matches[1].Trim() }
    return Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages'
}

function Get-PesterManifest {
    Invoke-Native 'Restoring Pester' { dotnet restore (Join-Path $root 'tools/tools.csproj') --verbosity quiet }
    $manifest = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $manifest)) { throw "Pester was restored but $manifest is missing" }
    return $manifest
}

function Invoke-Build {
    Write-Host "==> Building ($Configuration)" -ForegroundColor Cyan
    Invoke-Native 'dotnet build' { dotnet build (Join-Path $root 'Olares.sln') -c $Configuration --nologo --verbosity quiet '-clp:ErrorsOnly;Summary' }

    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $moduleOut
    $version = ([xml](Get-Content (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.Version

    # Our own assemblies go to bin/<edition>; everything else to Dependencies/<edition>, served to this module only
    # (the Olares.Dpapi bridge included: it must load beside the third-party assembly it calls).
    $ours = 'Olares.PowerShell', 'Olares.Core'
    foreach ($edition in @(@{ Name = 'Core'; Tfm = 'net8.0' }, @{ Name = 'Desktop'; Tfm = 'net472' })) {
        $source = Join-Path $root "src/Olares.PowerShell/bin/$Configuration/$($edition.Tfm)"
        $bin = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut "bin/$($edition.Name)")
        $deps = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut "Dependencies/$($edition.Name)")
        foreach ($file in Get-ChildItem $source -File) {
            if ($file.Name -match '^System\.Management\.Automation' -or $file.Extension -notin '.dll', '.pdb') { continue }
            $target = if ($ours -contains $file.BaseName) { $bin } else { $deps }
            Copy-Item $file.FullName $target
        }
    }

    # The manifest, stamped with the build's version and the cmdlets the assembly defines.
    $cmdlets = @(Get-CmdletName (Join-Path $moduleOut 'bin/Core/Olares.PowerShell.dll'))
    $list = "@(`n" + (($cmdlets | ForEach-Object { "        '$_'" }) -join "`n") + "`n    )"
    $manifest = Get-Content (Join-Path $root 'Olares.psd1') -Raw
    foreach ($field in 'ModuleVersion', 'CmdletsToExport') {
        if ($manifest -notmatch "(?m)^\s*$field\s*=") { throw "Olares.psd1 has no $field to stamp" }
    }
    $manifest = $manifest -replace "ModuleVersion(\s*)=\s*'[^']*'([ \t]*#[^\r\n]*)?", "ModuleVersion`$1= '$version'"
    $manifest = $manifest -replace "CmdletsToExport(\s*)=\s*@\([^)]*\)([ \t]*#[^\r\n]*)?", "CmdletsToExport`$1= $list"
    Set-Content (Join-Path $moduleOut 'Olares.psd1') $manifest -Encoding utf8 -NoNewline
    Copy-Item (Join-Path $root 'module/Olares.psm1') $moduleOut
    Copy-Item (Join-Path $root 'module/*.format.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut

    # Cmdlet help (MAML, next to the assembly of each edition) and the about topics (en-US of the module root).
    $help = Join-Path $root 'tools/Build-Help.ps1'
    & $pwshPath -NoProfile -NonInteractive -File $help -ModulePath (Join-Path $moduleOut 'Olares.psd1') -DocsPath (Join-Path $root 'docs/en-US') -OutputPath (Join-Path $moduleOut 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml')
    if ($LASTEXITCODE -ne 0) { throw 'Building the help failed' }
    $desktopHelp = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut 'bin/Desktop/en-US')
    Copy-Item (Join-Path $moduleOut 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml') $desktopHelp
    $about = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut 'en-US')
    Copy-Item (Join-Path $root 'docs/en-US/about_*.help.txt') $about

    Write-Host "Module laid out in $moduleOut" -ForegroundColor Green
}

# The cmdlets an assembly defines (its [Cmdlet] classes), read in a child process so the build does not lock the file.
function Get-CmdletName([string] $Assembly) {
    $names = & $pwshPath -NoProfile -NonInteractive -Command "(Import-Module '$Assembly' -PassThru).ExportedCmdlets.Keys | Sort-Object"
    if ($LASTEXITCODE -ne 0 -or -not $names) { throw "Could not list the cmdlets of $Assembly" }
    $names
}

function Invoke-Package {
    $packages = Join-Path $out 'packages'
    if (Test-Path $packages) { Remove-Item $packages -Recurse -Force }
    & $pwshPath -NoProfile -NonInteractive -File (Join-Path $root 'tools/New-ModulePackage.ps1') -ModulePath $moduleOut -OutputPath $packages
    if ($LASTEXITCODE -ne 0) { throw 'Packaging failed' }
}

function Get-EmulatorDll {
    $dll = Join-Path $root "tests/Olares.Emulator/bin/$Configuration/net10.0/Olares.Emulator.dll"
    if (-not (Test-Path $dll)) { throw "The emulator is not built: $dll" }
    return $dll
}

function Invoke-UnitTests {
    Write-Host '==> xunit' -ForegroundColor Cyan
    $results = Join-Path $out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    & dotnet test (Join-Path $root 'tests/Unit/Olares.Tests.Unit.csproj') -c $Configuration --no-build --nologo `
        --logger 'trx;LogFileName=unit.trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    $trx = Get-ChildItem $results -Filter *.trx -Recurse | Select-Object -First 1
    if (-not $trx) { return @{ Passed = 0; Failed = 1 } }
    $counters = ([xml](Get-Content $trx.FullName)).TestRun.ResultSummary.Counters
    return @{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

function Invoke-PesterTests {
    Write-Host '==> Pester (each file in a fresh pwsh -NoProfile)' -ForegroundColor Cyan
    $pester = Get-PesterManifest
    $totals = @{ Passed = 0; Failed = 0 }
    $files = Get-ChildItem (Join-Path $root 'tests/Pester') -Recurse -Filter '*.Tests.ps1' | Where-Object Name -Like $PesterFilter | Sort-Object FullName
    foreach ($file in $files) {
        $resultFile = Join-Path $out "pester-$($file.BaseName).json"
        Remove-Item $resultFile -ErrorAction SilentlyContinue
        & $pwshPath -NoProfile -NonInteractive -File (Join-Path $root 'tests/Pester/Invoke-PesterFile.ps1') `
            -TestFile $file.FullName -PesterManifest $pester -ModuleManifest (Join-Path $moduleOut 'Olares.psd1') `
            -EmulatorDll (Get-EmulatorDll) -ResultFile $resultFile | Out-Host
        if (Test-Path $resultFile) {
            $r = Get-Content $resultFile -Raw | ConvertFrom-Json
            $totals.Passed += $r.Passed
            $totals.Failed += $r.Failed
        }
        else {
            Write-Host "Pester file $($file.Name) produced no result (the child process crashed)" -ForegroundColor Red
            $totals.Failed += 1
        }
    }

    return $totals
}

function Invoke-Demo {
    $emulator = Get-EmulatorDll
    & $pwshPath -NoProfile -File (Join-Path $root 'tools/Demo.ps1') -ModuleManifest (Join-Path $moduleOut 'Olares.psd1') -EmulatorDll $emulator
    if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)" }
}

switch ($Task) {
    'Clean' {
        Remove-Item $out -Recurse -Force -ErrorAction SilentlyContinue
        Invoke-Native 'dotnet clean' { dotnet clean (Join-Path $root 'Olares.sln') --nologo --verbosity quiet }
    }
    'Build' { Invoke-Build }
    'Package' {
        Invoke-Build
        Invoke-Package
    }
    'Demo' {
        Invoke-Build
        Invoke-Demo
    }
    'Test' {
        $started = Get-Date
        Invoke-Build
        $unit = if ($SkipUnit) { @{ Passed = 0; Failed = 0 } } else { Invoke-UnitTests }
        $pester = if ($SkipPester) { @{ Passed = 0; Failed = 0 } } else { Invoke-PesterTests }
        $passed = $unit.Passed + $pester.Passed
        $failed = $unit.Failed + $pester.Failed
        Write-Host ("xunit: {0} passed, {1} failed; Pester: {2} passed, {3} failed; {4:0} s" -f $unit.Passed, $unit.Failed, $pester.Passed, $pester.Failed, ((Get-Date) - $started).TotalSeconds)
        Write-Output "$passed passed, $failed failed"
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
}
