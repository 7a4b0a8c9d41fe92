#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates the Olares PowerShell module.
.DESCRIPTION
    Build    lays out an importable module under out/Olares (manifest, assemblies per edition, formats, help, about
             topics, LICENSE). The manifest's ModuleVersion comes from Directory.Build.props and its CmdletsToExport
             from the [Cmdlet] classes of the built assembly.
    Package  builds, then writes out/packages/Olares.<version>.nupkg: the package Publish-PSResource would upload.
    Test     builds, then runs side by side the xunit tests and the Pester tests against the built module (the Pester
             files spread over -PesterProcesses shared `pwsh -NoProfile` processes, one emulator each, plus a fresh
             process for each file that needs one); prints each log as its process ends, the time per phase, and one
             last line "N passed, N failed"; exits non-zero on failure.
    Demo     builds, starts the bundled Olares emulator and runs a short scripted session against it.
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
    [string[]] $PesterFilter = '*',

    # Skip the xunit run (Test task), for quick Pester iterations.
    [switch] $SkipUnit,

    # Skip the Pester run (Test task).
    [switch] $SkipPester,

    # How many pwsh processes share the Pester files that need no fresh process (Test task).
    [ValidateRange(1, 8)]
    [int] $PesterProcesses = 2
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
    $manifest = Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
    if (Test-Path $manifest) { return $manifest }
    Invoke-Native 'Restoring Pester' { dotnet restore (Join-Path $root 'tools/tools.csproj') --verbosity quiet }
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
    $helpWatch = [Diagnostics.Stopwatch]::StartNew()
    & $pwshPath -NoProfile -NonInteractive -File $help -ModulePath (Join-Path $moduleOut 'Olares.psd1') -DocsPath (Join-Path $root 'docs/en-US') -OutputPath (Join-Path $moduleOut 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml')
    if ($LASTEXITCODE -ne 0) { throw 'Building the help failed' }
    $desktopHelp = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut 'bin/Desktop/en-US')
    Copy-Item (Join-Path $moduleOut 'bin/Core/en-US/Olares.PowerShell.dll-Help.xml') $desktopHelp
    $about = New-Item -ItemType Directory -Force -Path (Join-Path $moduleOut 'en-US')
    Copy-Item (Join-Path $root 'docs/en-US/about_*.help.txt') $about
    $script:HelpSeconds = $helpWatch.Elapsed.TotalSeconds

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

# The test processes run side by side (the machine has cores to spare while any one of them waits on a child process,
# a socket or its own single thread); each writes to a log under out/ that is printed as soon as that process ends.
function Start-TestLane {
    param([Parameter(Mandatory)] [string] $Name, [Parameter(Mandatory)] [string] $Command, [Parameter(Mandatory)] [string[]] $Arguments)
    $log = Join-Path $out "$Name.log"
    $job = Start-ThreadJob -Name $Name -ThrottleLimit 16 -ArgumentList $Command, $Arguments, $log -ScriptBlock {
        param($Command, $Arguments, $Log)
        $watch = [Diagnostics.Stopwatch]::StartNew()
        & $Command @Arguments *> $Log
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Seconds = $watch.Elapsed.TotalSeconds }
    }
    [pscustomobject]@{ Name = $Name; Job = $job; Log = $log }
}

# Waits for the lanes, printing each one's log when it ends; returns name -> { ExitCode, Seconds }.
function Wait-TestLane {
    param([Parameter(Mandatory)] [object[]] $Lanes)
    $done = @{}
    $pending = [Collections.Generic.List[object]]::new()
    foreach ($lane in $Lanes) { $pending.Add($lane) }
    while ($pending.Count -gt 0) {
        $finished = Wait-Job -Job $pending.Job -Any
        $lane = $pending | Where-Object { $_.Job.Id -eq $finished.Id } | Select-Object -First 1
        $null = $pending.Remove($lane)
        $result = Receive-Job $lane.Job -Wait -AutoRemoveJob -ErrorAction Continue | Select-Object -Last 1
        if (-not $result) { $result = [pscustomobject]@{ ExitCode = -1; Seconds = 0 } }
        Write-Host ("==> {0} ({1:0} s)" -f $lane.Name, $result.Seconds) -ForegroundColor Cyan
        if (Test-Path $lane.Log) { Get-Content $lane.Log | Out-Host }
        $done[$lane.Name] = $result
    }
    return $done
}

function Start-UnitTests {
    $results = Join-Path $out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    Start-TestLane -Name 'xunit' -Command 'dotnet' -Arguments @('test', (Join-Path $root 'tests/Unit/Olares.Tests.Unit.csproj'), '-c', $Configuration,
        '--no-build', '--nologo', '--logger', 'trx;LogFileName=unit.trx', '--logger', 'console;verbosity=minimal', '--results-directory', $results)
}

function Get-UnitTestCounts {
    $trx = Get-ChildItem (Join-Path $out 'TestResults') -Filter *.trx -Recurse -ErrorAction SilentlyContinue | Select-Object -First 1
    if (-not $trx) {
        Write-Host 'xunit produced no results file' -ForegroundColor Red
        return @{ Passed = 0; Failed = 1 }
    }
    $counters = ([xml](Get-Content $trx.FullName)).TestRun.ResultSummary.Counters
    return @{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

# Pester files that get a pwsh process of their own: the module's loading contract wants a process where nothing
# else was loaded first. The other files are spread over a few shared processes, each with one emulator that
# Start-TestEmulator hands to one file after another, reinitialized (per-test config dirs keep the tests apart); that
# saves a pwsh start, a Pester and module import and an emulator start per file.
$script:FreshProcessPesterFiles = @('Module.Tests.ps1')

function Start-PesterTests {
    $pester = Get-PesterManifest
    # Several patterns: an array, or one comma-separated string (what `pwsh -File build.ps1 -PesterFilter a*,b*` passes).
    $patterns = @($PesterFilter | ForEach-Object { $_ -split ',' } | ForEach-Object Trim | Where-Object { $_ })
    $files = @(Get-ChildItem (Join-Path $root 'tests/Pester') -Recurse -Filter '*.Tests.ps1' | Where-Object { $name = $_.Name; $patterns | Where-Object { $name -like $_ } } | Sort-Object FullName)
    $groups = @()
    foreach ($file in $files | Where-Object Name -In $script:FreshProcessPesterFiles) { $groups += , @{ Name = "pester-$($file.BaseName)"; Files = @($file); Shared = $false } }
    # Spread the shared files by size (a rough measure of their run time), biggest first onto the lightest process.
    $shared = @($files | Where-Object Name -NotIn $script:FreshProcessPesterFiles | Sort-Object Length -Descending)
    $count = [Math]::Min($PesterProcesses, $shared.Count)
    $buckets = @(for ($i = 0; $i -lt $count; $i++) { @{ Name = "pester-shared-$($i + 1)"; Files = [Collections.Generic.List[object]]::new(); Size = 0L; Shared = $true } })
    foreach ($file in $shared) {
        $lightest = $buckets | Sort-Object { $_.Size } | Select-Object -First 1
        $lightest.Files.Add($file)
        $lightest.Size += $file.Length
    }
    $groups += $buckets
    foreach ($group in $groups) {
        $resultFile = Join-Path $out "$($group.Name).json"
        Remove-Item $resultFile -ErrorAction SilentlyContinue
        $arguments = @('-NoProfile', '-NonInteractive', '-File', (Join-Path $root 'tests/Pester/Invoke-PesterRun.ps1'),
            '-TestFile', (@($group.Files | Sort-Object FullName).FullName -join [IO.Path]::PathSeparator), '-PesterManifest', $pester,
            '-ModuleManifest', (Join-Path $moduleOut 'Olares.psd1'), '-EmulatorDll', (Get-EmulatorDll), '-ResultFile', $resultFile)
        if ($group.Shared) { $arguments += '-ShareEmulator' }
        Start-TestLane -Name $group.Name -Command $pwshPath -Arguments $arguments
    }
}

function Get-PesterTestCounts {
    param([Parameter(Mandatory)] [object[]] $Lanes)
    $totals = @{ Passed = 0; Failed = 0 }
    $files = @()
    foreach ($lane in $Lanes) {
        $resultFile = Join-Path $out "$($lane.Name).json"
        if (-not (Test-Path $resultFile)) {
            Write-Host "Pester process $($lane.Name) produced no result (it crashed)" -ForegroundColor Red
            $totals.Failed += 1
            continue
        }
        $run = Get-Content $resultFile -Raw | ConvertFrom-Json
        Write-Host ('{0}: {1} passed, {2} failed; CPU: pwsh {3} s, emulator {4} s' -f $lane.Name, $run.Passed, $run.Failed, $run.RunnerCpu, $run.EmulatorCpu)
        $totals.Passed += $run.Passed
        $totals.Failed += $run.Failed
        $files += $run.Files
    }
    $slowest = @($files | Sort-Object Seconds -Descending | Select-Object -First 5 | ForEach-Object { '{0} {1} s' -f (Split-Path $_.Path -Leaf), $_.Seconds })
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
    'Package' {
        Invoke-Build
        Invoke-Package
    }
    'Demo' {
        Invoke-Build
        Invoke-Demo
    }
    'Test' {
        $phases = [ordered]@{}
        $watch = [Diagnostics.Stopwatch]::StartNew()
        # The compiler server (the SDK's default, switched off in some environments) compiles the projects in one warm
        # process: about a quarter off a fresh build here. It is shut down as soon as the build is over.
        $sharedCompilation = $env:UseSharedCompilation
        $env:UseSharedCompilation = 'true'
        try { Invoke-Build }
        finally {
            dotnet build-server shutdown --vbcscompiler *> $null
            $env:UseSharedCompilation = $sharedCompilation
        }
        $phases['restore/build'] = $watch.Elapsed.TotalSeconds - $script:HelpSeconds
        $phases['help'] = $script:HelpSeconds
        # xunit and the Pester processes run side by side; each lane's log is printed when it ends.
        $watch.Restart()
        $unitLane = if (-not $SkipUnit) { Start-UnitTests }
        $pesterLanes = @(if (-not $SkipPester) { Start-PesterTests })
        $lanes = @(@($unitLane) + $pesterLanes | Where-Object { $_ })
        $ended = if ($lanes) { Wait-TestLane $lanes } else { @{} }
        $testsWall = $watch.Elapsed.TotalSeconds
        $unit = if ($unitLane) { Get-UnitTestCounts } else { @{ Passed = 0; Failed = 0 } }
        $pester = if ($pesterLanes) { Get-PesterTestCounts $pesterLanes } else { @{ Passed = 0; Failed = 0 } }
        if ($unitLane) { $phases['xunit'] = $ended['xunit'].Seconds }
        if ($pesterLanes) { $phases['Pester'] = ($pesterLanes | ForEach-Object { $ended[$_.Name].Seconds } | Measure-Object -Maximum).Maximum }
        $passed = $unit.Passed + $pester.Passed
        $failed = $unit.Failed + $pester.Failed
        Write-Host ('Time per phase: ' + (($phases.GetEnumerator() | ForEach-Object { '{0} {1:0} s' -f $_.Key, $_.Value }) -join ', ') +
            ('; xunit and Pester side by side {0:0} s; total {1:0} s' -f $testsWall, ($phases['restore/build'] + $phases['help'] + $testsWall)))
        Write-Host ("xunit: {0} passed, {1} failed; Pester: {2} passed, {3} failed" -f $unit.Passed, $unit.Failed, $pester.Passed, $pester.Failed)
        Write-Output "$passed passed, $failed failed"
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
}
