#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates the Olares PowerShell module.
.DESCRIPTION
    Build  lays out an importable module under out/Olares (manifest, assemblies per edition, formats, help).
    Test   builds, runs the xunit tests, then the Pester tests against the built module (in one shared
           `pwsh -NoProfile` process and emulator, except the files that need a fresh process); prints the time per
           phase and ends with one line "N passed, N failed"; exits non-zero on failure.
    Demo   builds, starts the bundled Olares emulator and runs a short scripted session against it.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Clean')]
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

    # The manifest, stamped with the build's version.
    (Get-Content (Join-Path $root 'Olares.psd1') -Raw) -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion          = '$version'" |
        Set-Content (Join-Path $moduleOut 'Olares.psd1') -Encoding utf8
    Copy-Item (Join-Path $root 'module/Olares.psm1') $moduleOut
    Copy-Item (Join-Path $root 'module/*.format.ps1xml') $moduleOut

    # Our own assemblies go to bin/<edition>; everything else to Dependencies/<edition>, served to this module only.
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

    $help = Join-Path $root 'tools/Build-Help.ps1'
    $helpWatch = [Diagnostics.Stopwatch]::StartNew()
    if (Test-Path $help) {
        & $pwshPath -NoProfile -NonInteractive -File $help -ModulePath (Join-Path $moduleOut 'Olares.psd1') -DocsPath (Join-Path $root 'docs/en-US') -OutputPath (Join-Path $moduleOut 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml')
        if ($LASTEXITCODE -ne 0) { throw 'Building the help failed' }
        $desktopHelp = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut 'bin/Desktop/en-US')
        Copy-Item (Join-Path $moduleOut 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml') $desktopHelp
    }
    $script:HelpSeconds = $helpWatch.Elapsed.TotalSeconds

    Write-Host "Module laid out in $moduleOut" -ForegroundColor Green
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

# Pester files that get a pwsh process of their own: the module's loading contract wants a process where nothing
# else was loaded first. Every other file runs in one shared process against one shared emulator (per-test config
# dirs and the emulator's reinitialization keep them apart), which saves a pwsh start, a Pester and module import and
# an emulator start per file.
$script:FreshProcessPesterFiles = @('Module.Tests.ps1')

function Invoke-PesterProcess {
    param([Parameter(Mandatory)] [IO.FileInfo[]] $Files, [Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Pester, [switch] $ShareEmulator)
    $resultFile = Join-Path $out "pester-$Name.json"
    Remove-Item $resultFile -ErrorAction SilentlyContinue
    $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Pester/Invoke-PesterRun.ps1'),
        '-TestFile', ($Files.FullName -join [IO.Path]::PathSeparator), '-PesterManifest', $Pester,
        '-ModuleManifest', (Join-Path $moduleOut 'Olares.psd1'), '-EmulatorDll', (Get-EmulatorDll), '-ResultFile', $resultFile)
    if ($ShareEmulator) { $arguments += '-ShareEmulator' }
    & $pwshPath @arguments | Out-Host
    if (-not (Test-Path $resultFile)) {
        Write-Host "Pester run '$Name' produced no result (the pwsh process crashed)" -ForegroundColor Red
        return [pscustomobject]@{ Passed = 0; Failed = 1; Files = @() }
    }
    Get-Content $resultFile -Raw | ConvertFrom-Json
}

function Invoke-PesterTests {
    Write-Host '==> Pester' -ForegroundColor Cyan
    $pester = Get-PesterManifest
    $totals = @{ Passed = 0; Failed = 0 }
    $files = @(Get-ChildItem (Join-Path $root 'tests/Pester') -Recurse -Filter '*.Tests.ps1' | Where-Object Name -Like $PesterFilter | Sort-Object FullName)
    $runs = @()
    $shared = @($files | Where-Object Name -NotIn $script:FreshProcessPesterFiles)
    if ($shared) { $runs += Invoke-PesterProcess -Files $shared -Name 'shared' -Pester $pester -ShareEmulator }
    foreach ($file in $files | Where-Object Name -In $script:FreshProcessPesterFiles) {
        $runs += Invoke-PesterProcess -Files $file -Name $file.BaseName -Pester $pester
    }
    foreach ($run in $runs) {
        $totals.Passed += $run.Passed
        $totals.Failed += $run.Failed
    }
    $slowest = @($runs.Files | Sort-Object Seconds -Descending | Select-Object -First 5 | ForEach-Object { '{0} {1} s' -f (Split-Path $_.Path -Leaf), $_.Seconds })
    if ($slowest) { Write-Host ('Slowest Pester files: ' + ($slowest -join ', ')) }
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
    'Demo' {
        Invoke-Build
        Invoke-Demo
    }
    'Test' {
        $phases = [ordered]@{}
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Invoke-Build
        $phases['restore/build'] = $watch.Elapsed.TotalSeconds - $script:HelpSeconds
        $phases['help'] = $script:HelpSeconds
        $watch.Restart()
        $unit = if ($SkipUnit) { @{ Passed = 0; Failed = 0 } } else { Invoke-UnitTests }
        $phases['xunit'] = $watch.Elapsed.TotalSeconds
        $watch.Restart()
        $pester = if ($SkipPester) { @{ Passed = 0; Failed = 0 } } else { Invoke-PesterTests }
        $phases['Pester'] = $watch.Elapsed.TotalSeconds
        $passed = $unit.Passed + $pester.Passed
        $failed = $unit.Failed + $pester.Failed
        $total = 0.0; foreach ($v in $phases.Values) { $total += $v }
        Write-Host ('Time per phase: ' + (($phases.GetEnumerator() | ForEach-Object { '{0} {1:0} s' -f $_.Key, $_.Value }) -join ', ') + ('; total {0:0} s' -f $total))
        Write-Host ("xunit: {0} passed, {1} failed; Pester: {2} passed, {3} failed" -f $unit.Passed, $unit.Failed, $pester.Passed, $pester.Failed)
        Write-Output "$passed passed, $failed failed"
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
}
