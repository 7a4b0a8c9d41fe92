#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The refresh herd: P processes x R runspaces call the server at once, on a fresh token and on a stale one.
.DESCRIPTION
    Prints, for each case, the wall time from the start signal to the last answer, the refresh calls the server
    received and its refresh-token reuse detections, then the stale/fresh wall-time ratio. Goals: exactly one
    refresh for the stale herd (any P x R), and a ratio of at most 1.3 (the herd waits for one refresh, not for a
    queue of them). Run after ./build.ps1 Build.
.EXAMPLE
    dotnet pwsh ./bench/refresh-herd.ps1 -Processes 8 -Runspaces 8
#>
param(
    [int] $Processes = 8,
    [int] $Runspaces = 8,
    [int] $RefreshLatencyMs = 100,
    [int] $Rounds = 3
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$module = Join-Path $root 'out/Olares/Olares.psd1'
$env:OLARES_TEST_EMULATOR = Join-Path $root 'tests/Olares.Emulator/bin/Release/net10.0/Olares.Emulator.dll'
if (-not (Test-Path $module) -or -not (Test-Path $env:OLARES_TEST_EMULATOR)) { throw 'Build first: dotnet pwsh ./build.ps1 Build' }
Import-Module (Join-Path $root 'tests/Pester/OlaresTestHelpers.psm1')
Import-Module $module
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

$benchHome = New-TestHome
$emulator = Start-TestEmulator -RefreshLatencyMs $RefreshLatencyMs
try {
    Connect-TestUser $emulator
    $work = Join-Path $benchHome 'herd'

    function Invoke-Herd([bool] $Stale) {
        Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
        $null = New-Item -ItemType Directory $work
        if ($Stale) { $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST }
        Reset-EmulatorCounters $emulator
        $barrier = Join-Path $work 'go'
        $script = @"
Import-Module '$module'
Set-Content (Join-Path '$work' "ready-`$PID") 'ready'
while (-not (Test-Path '$barrier')) { Start-Sleep -Milliseconds 2 }
`$names = 1..$Runspaces | ForEach-Object -ThrottleLimit $Runspaces -Parallel { Import-Module '$module'; (Get-OlaresUser -ErrorAction Stop).Name }
Set-Content (Join-Path '$work' "done-`$PID") ("{0} {1}" -f [DateTime]::UtcNow.Ticks, @(`$names).Count)
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($script))
        $procs = 1..$Processes | ForEach-Object { Start-Process $pwsh -ArgumentList '-NoProfile', '-NonInteractive', '-EncodedCommand', $encoded -PassThru }
        while (@(Get-ChildItem $work -Filter 'ready-*').Count -lt $Processes) {
            if (@($procs | Where-Object HasExited).Count -gt 0) { throw 'a herd process exited early' }
            Start-Sleep -Milliseconds 20
        }
        $start = [DateTime]::UtcNow
        Set-Content $barrier 'go'
        $procs | ForEach-Object { $_.WaitForExit() }
        $done = Get-ChildItem $work -Filter 'done-*' | ForEach-Object { Get-Content $_.FullName -Raw }
        if (@($done).Count -ne $Processes) { throw "only $(@($done).Count) of $Processes processes finished" }
        $answers = ($done | ForEach-Object { [int]($_ -split ' ')[1] } | Measure-Object -Sum).Sum
        $end = ($done | ForEach-Object { [long]($_ -split ' ')[0] } | Measure-Object -Maximum).Maximum
        $state = Get-EmulatorState $emulator
        [pscustomobject]@{
            Case          = $Stale ? 'stale' : 'fresh'
            WallSeconds   = [math]::Round(([DateTime]::new($end, 'Utc') - $start).TotalSeconds, 3)
            Answers       = $answers
            RefreshCalls  = $state.refreshCalls
            ReuseDetected = $state.reuseDetections
        }
    }

    $results = foreach ($round in 1..$Rounds) { Invoke-Herd $false; Invoke-Herd $true }
    $results | Format-Table -AutoSize | Out-Host
    $fresh = ($results | Where-Object Case -eq 'fresh' | Measure-Object WallSeconds -Average).Average
    $stale = ($results | Where-Object Case -eq 'stale' | Measure-Object WallSeconds -Average).Average
    $maxRefresh = ($results | Where-Object Case -eq 'stale' | Measure-Object RefreshCalls -Maximum).Maximum
    $minRefresh = ($results | Where-Object Case -eq 'stale' | Measure-Object RefreshCalls -Minimum).Minimum
    $ratio = $stale / $fresh
    "refresh-herd {0} processes x {1} runspaces, refresh latency {2} ms, {3} rounds" -f $Processes, $Runspaces, $RefreshLatencyMs, $Rounds
    "  fresh token: {0:0.000} s   stale token: {1:0.000} s   ratio stale/fresh: {2:0.00} (goal <= 1.30)" -f $fresh, $stale, $ratio
    "  refresh calls per stale herd: {0}..{1} (goal exactly 1); per fresh herd: {2}" -f $minRefresh, $maxRefresh, ($results | Where-Object Case -eq 'fresh' | Measure-Object RefreshCalls -Maximum).Maximum
}
finally {
    Stop-TestEmulator $emulator
    Remove-TestHome $benchHome
}
