#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Upload and download throughput of the files cmdlets against curl, and the peak working set, in one run.
.DESCRIPTION
    Starts the bundled emulator, logs in, creates a random file of -SizeMiB, then runs -Rounds rounds of four legs,
    interleaved so that background load hits both sides alike (each leg timed on its own):
      1. Send-OlaresFile                        (chunked upload, -ChunkSize)
      2. curl, the same chunk protocol          (one curl process, one request per chunk, keep-alive; the file is
                                                 split into chunk files beforehand, untimed, because curl cannot send
                                                 a byte range of a file as a form part)
      3. Get-OlaresFile                         (raw download)
      4. curl -o                                (raw download of the same file)
    Prints the median MiB/s of each side over the rounds and their ratio (goals: download >= 1.0x curl, upload >=
    0.95x curl; the ratio of the best rounds is shown too: on a shared machine one lucky leg moves it), and the
    highest working set of this process during the cmdlet legs above its idle working set (goal:
    < 100 MiB whatever the size). Every copy is checked byte for byte (SHA-256).

    Then the many-small-files case, -SmallFiles files of -SmallFileKiB KiB in one folder, -ThrottleLimit at a time:
      5. Send-OlaresFile of the folder             (files per second; reported, no curl counterpart)
      6. Get-OlaresFile of the folder              (files per second)
      7. curl --parallel --parallel-max <limit>    (the same raw URLs, one curl process, keep-alive)
    Goal: the cmdlet download >= 0.8x curl's files per second. -SmallFiles 0 skips this case.
.EXAMPLE
    dotnet pwsh ./build.ps1 Build; dotnet pwsh ./bench/transfer.ps1 -SizeMiB 1024
.EXAMPLE
    dotnet pwsh ./bench/transfer.ps1 -SizeMiB 64 -SmallFiles 300 -SmallFileKiB 16 -ThrottleLimit 4
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 65536)] [int] $SizeMiB = 1024,
    [ValidateRange(1024, 1073741824)] [long] $ChunkSize = 8MB,
    [ValidateRange(1, 20)] [int] $Rounds = 3,
    [ValidateRange(0, 100000)] [int] $SmallFiles = 300,
    [ValidateRange(1, 65536)] [int] $SmallFileKiB = 16,
    [ValidateRange(1, 64)] [int] $ThrottleLimit = 4,
    [string] $Configuration = 'Release',
    [string] $WorkDirectory = [IO.Path]::GetTempPath()
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = Split-Path $PSScriptRoot
$manifest = Join-Path $root 'out/Olares/Olares.psd1'
$env:OLARES_TEST_EMULATOR = Join-Path $root "tests/Olares.Emulator/bin/$Configuration/net10.0/Olares.Emulator.dll"
if (-not (Test-Path $manifest) -or -not (Test-Path $env:OLARES_TEST_EMULATOR)) { throw "Build first: dotnet pwsh ./build.ps1 Build" }
$curl = (Get-Command curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1).Source
if (-not $curl) { throw 'curl is needed on PATH for the comparison' }
Import-Module (Join-Path $root 'tests/Pester/OlaresTestHelpers.psm1')
Import-Module $manifest

# Samples this process's working set every 100 ms on a background thread (where the kernel keeps no resettable peak).
Add-Type -TypeDefinition @'
using System.Diagnostics;
using System.Threading;
public sealed class OlaresBenchPeakSampler {
    private long _peak; private volatile bool _stop; private Thread _thread;
    public long Peak { get { return Interlocked.Read(ref _peak); } }
    public void Start() {
        _peak = 0; _stop = false;
        _thread = new Thread(() => {
            using (var p = Process.GetCurrentProcess()) {
                while (!_stop) { p.Refresh(); var ws = p.WorkingSet64; if (ws > _peak) Interlocked.Exchange(ref _peak, ws); Thread.Sleep(100); }
            }
        }) { IsBackground = true };
        _thread.Start();
    }
    public long Stop() { _stop = true; _thread.Join(); return Peak; }
}
'@

function Get-Idle {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
    $p = [Diagnostics.Process]::GetCurrentProcess(); $p.Refresh(); $p.WorkingSet64
}

# On Linux the kernel keeps the peak resident set (VmHWM) and resets it on request: nothing runs during the leg.
# Elsewhere a thread samples the working set every 100 ms (on Linux that sampling itself would cost CPU during
# the leg: Process.Refresh re-reads /proc for every thread).
$kernelPeak = Test-Path '/proc/self/clear_refs'
function Get-KernelPeak { [long]((Select-String -Path /proc/self/status -Pattern '^VmHWM:\s+(\d+)').Matches[0].Groups[1].Value) * 1KB }

# CPU seconds of this process, of its finished children (curl) and of the emulator: on a shared machine the wall
# times move with the load, the CPU each side spends per leg much less.
function Get-CpuSeconds {
    $self = [Diagnostics.Process]::GetCurrentProcess(); $self.Refresh(); $emulator.Process.Refresh()
    $children = 0.0
    if (Test-Path /proc/self/stat) {
        $stat = (Get-Content /proc/self/stat -Raw).Substring((Get-Content /proc/self/stat -Raw).LastIndexOf(')') + 2).Split(' ')
        $children = ([long]$stat[13] + [long]$stat[14]) / 100.0
    }
    [pscustomobject]@{ Self = $self.TotalProcessorTime.TotalSeconds; Children = $children; Emulator = $emulator.Process.TotalProcessorTime.TotalSeconds }
}

function Measure-Leg([scriptblock] $Action, [switch] $Sample) {
    $idle = Get-Idle
    $sampler = [OlaresBenchPeakSampler]::new()
    if ($Sample) {
        if ($kernelPeak) { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') } else { $sampler.Start() }
    }
    $cpu0 = Get-CpuSeconds
    $sw = [Diagnostics.Stopwatch]::StartNew()
    & $Action
    $sw.Stop()
    $cpu1 = Get-CpuSeconds
    $peak = if (-not $Sample) { 0 } elseif ($kernelPeak) { (Get-KernelPeak) - $idle } else { $sampler.Stop() - $idle }
    [pscustomobject]@{
        Seconds = $sw.Elapsed.TotalSeconds; PeakAboveIdle = [Math]::Max(0, $peak)
        ClientCpu = ($cpu1.Self - $cpu0.Self) + ($cpu1.Children - $cpu0.Children); EmulatorCpu = $cpu1.Emulator - $cpu0.Emulator
    }
}

function Invoke-Curl([string[]] $Arguments) {
    & $curl @Arguments
    if ($LASTEXITCODE -ne 0) { throw "curl failed with exit code $LASTEXITCODE" }
}

$work = Join-Path $WorkDirectory ("olares-bench-" + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory $work
$testHome = New-TestHome
$emulator = Start-TestEmulator
try {
    Connect-TestUser $emulator
    $size = [long]$SizeMiB * 1MB
    $source = Join-Path $work 'source.bin'
    Write-Host "Writing a random $SizeMiB MiB file..."
    $block = [byte[]]::new(4MB); $rng = [Random]::new(42)
    $fs = [IO.File]::Create($source)
    try { for ($left = $size; $left -gt 0; $left -= $block.Length) { $rng.NextBytes($block); $fs.Write($block, 0, [Math]::Min($block.Length, $left)) } } finally { $fs.Dispose() }
    $sourceHash = (Get-FileHash $source -Algorithm SHA256).Hash

    $null = New-OlaresFolder drive/Home/bench
    # Warm-up: JIT (the cmdlets' and the emulator's, whose chunk loop only gets fast after a few full chunks) and
    # connections, so that the legs measure transfer only, and no leg warms the emulator for the other side.
    $warm = Join-Path $work 'warm.bin'; [IO.File]::WriteAllBytes($warm, [byte[]]::new([Math]::Min(4 * $ChunkSize, 64MB)))
    Send-OlaresFile $warm drive/Home/bench/ -ChunkSize $ChunkSize
    $null = Get-OlaresFile drive/Home/bench/warm.bin -Destination (Join-Path $work "warm-back.bin")

    $token = [Olares.Storage.TokenStoreFactory]::CreateDefault([Olares.Platform.OlaresEnvironment]::Current).Get('alice@olares.com').AccessToken
    $files = "$($emulator.BaseUrl)/files"

    # curl's upload needs the chunks as files (curl cannot send a byte range of a file as a form part): split once, untimed.
    $chunks = Join-Path $work 'chunks'; $null = New-Item -ItemType Directory $chunks
    $count = [int][Math]::Ceiling($size / $ChunkSize)
    $in = [IO.File]::OpenRead($source); $buffer = [byte[]]::new([Math]::Min($ChunkSize, 64MB))
    try {
        for ($i = 0; $i -lt $count; $i++) {
            $out = [IO.File]::Create((Join-Path $chunks "c$i")); $want = [Math]::Min($ChunkSize, $size - $i * $ChunkSize)
            try { while ($want -gt 0) { $n = $in.Read($buffer, 0, [Math]::Min($buffer.Length, $want)); $out.Write($buffer, 0, $n); $want -= $n } } finally { $out.Dispose() }
        }
    } finally { $in.Dispose() }
    $link = Invoke-RestMethod "$files/upload/upload-link/node-1/?file_path=%2Fdrive%2FHome%2Fbench%2F&from=web" -Headers @{ 'X-Authorization' = $token }
    $md5 = [BitConverter]::ToString([Security.Cryptography.MD5]::Create().ComputeHash([Text.Encoding]::UTF8.GetBytes('/drive/Home/bench/curl.bin'))).Replace('-', '').ToLowerInvariant()
    $config = [Text.StringBuilder]::new()
    for ($i = 0; $i -lt $count; $i++) {
        $from = $i * $ChunkSize; $len = [Math]::Min($ChunkSize, $size - $from)
        if ($i -gt 0) { $null = $config.AppendLine('next') }
        $null = $config.AppendLine("url = `"$files$link&ret-json=1`"").AppendLine('silent').AppendLine('output = "/dev/null"').AppendLine('fail')
        foreach ($h in "X-Authorization: $token", "Content-Range: bytes $from-$($from + $len - 1)/$size", 'Content-Disposition: attachment; filename="curl.bin"') { $null = $config.AppendLine("header = `"$h`"") }
        $fields = [ordered]@{ resumableChunkNumber = $i + 1; resumableChunkSize = $ChunkSize; resumableCurrentChunkSize = $len; resumableTotalSize = $size
            resumableType = 'application/octet-stream'; resumableIdentifier = $md5; resumableFilename = 'curl.bin'; resumableRelativePath = 'curl.bin'
            resumableTotalChunks = $count; parent_dir = '/drive/Home/bench/'; driveType = 'Drive' }
        foreach ($f in $fields.GetEnumerator()) { $null = $config.AppendLine("form-string = `"$($f.Key)=$($f.Value)`"") }
        $null = $config.AppendLine("form = `"file=@$(Join-Path $chunks "c$i");filename=curl.bin;type=application/octet-stream`"")
    }
    $configFile = Join-Path $work 'curl-upload.cfg'; Set-Content $configFile $config.ToString()

    $stored = Join-Path $emulator.FilesRoot 'alice/drive/Home/bench/source.bin'
    $downTarget = Join-Path $work 'cmdlet-download.bin'
    $curlTarget = Join-Path $work 'curl-download.bin'
    $runs = @{ UpCmdlet = @(); UpCurl = @(); DownCmdlet = @(); DownCurl = @() }
    $legs = [ordered]@{
        UpCmdlet   = {
            $runs.UpCmdlet += Measure-Leg -Sample { Send-OlaresFile $source drive/Home/bench/ -ChunkSize $ChunkSize -ProgressAction SilentlyContinue }
            if ((Get-FileHash $stored -Algorithm SHA256).Hash -ne $sourceHash) { throw 'The cmdlet upload does not match the source' }
        }
        UpCurl     = {
            $runs.UpCurl += Measure-Leg { Invoke-Curl @('-K', $configFile) }
            if ((Get-FileHash (Join-Path $emulator.FilesRoot 'alice/drive/Home/bench/curl.bin') -Algorithm SHA256).Hash -ne $sourceHash) { throw 'The curl upload does not match the source' }
        }
        DownCmdlet = {
            $runs.DownCmdlet += Measure-Leg -Sample { $null = Get-OlaresFile drive/Home/bench/source.bin -Destination $downTarget -ProgressAction SilentlyContinue }
            if ((Get-FileHash $downTarget -Algorithm SHA256).Hash -ne $sourceHash) { throw 'The cmdlet download does not match the source' }
        }
        DownCurl   = {
            $runs.DownCurl += Measure-Leg { Invoke-Curl @('-s', '--fail', '-o', $curlTarget, '-H', "X-Authorization: $token", "$files/api/raw/drive/Home/bench/source.bin") }
            if ((Get-FileHash $curlTarget -Algorithm SHA256).Hash -ne $sourceHash) { throw 'The curl download does not match the source' }
        }
    }
    for ($round = 1; $round -le $Rounds; $round++) {
        Write-Host "Round $round of $Rounds..."
        # Odd rounds run the cmdlet first, even rounds curl first: whatever one leg leaves behind (a warm page cache,
        # a busy disk) falls on both sides alike.
        $order = if ($round % 2) { 'UpCmdlet', 'UpCurl', 'DownCmdlet', 'DownCurl' } else { 'UpCurl', 'UpCmdlet', 'DownCurl', 'DownCmdlet' }
        foreach ($leg in $order) {
            # Earlier copies are deleted untimed, so that no leg pays for freeing the previous one (and no upload meets
            # an existing file: Send-OlaresFile refuses it without -Force, and the server would keep both as "name(1)").
            if ($leg -like 'Down*') { Remove-Item $downTarget, $curlTarget -ErrorAction SilentlyContinue }
            elseif ($leg -eq 'UpCmdlet') { Remove-Item $stored -ErrorAction SilentlyContinue }
            else { Remove-Item (Join-Path $emulator.FilesRoot 'alice/drive/Home/bench/curl.bin') -ErrorAction SilentlyContinue }
            . $legs[$leg]
        }
    }

    $median = { param($legs) $sorted = @($legs.Seconds | Sort-Object); if ($sorted.Count % 2) { $sorted[[int][Math]::Floor($sorted.Count / 2)] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 } }
    $best = { param($legs) ($legs | Measure-Object Seconds -Minimum).Minimum }
    $peak = { param($legs) ($legs | Measure-Object PeakAboveIdle -Maximum).Maximum }
    $summary = foreach ($leg in 'UpCmdlet', 'UpCurl', 'DownCmdlet', 'DownCurl') {
        @{ $leg = [pscustomobject]@{ Seconds = & $median $runs[$leg]; Best = & $best $runs[$leg]; PeakAboveIdle = & $peak $runs[$leg] } }
    }
    $upCmdlet, $upCurl, $downCmdlet, $downCurl = $summary | ForEach-Object { $_.Values }
    $mb0 = $size / 1MB
    foreach ($leg in 'UpCmdlet', 'UpCurl', 'DownCmdlet', 'DownCurl') {
        Write-Host ("  {0,-10} MiB/s per round: {1}; CPU s per round, client/emulator: {2}" -f $leg, (($runs[$leg] | ForEach-Object { '{0:0.0}' -f ($mb0 / $_.Seconds) }) -join ', '),
            (($runs[$leg] | ForEach-Object { '{0:0.00}/{1:0.00}' -f $_.ClientCpu, $_.EmulatorCpu }) -join ', '))
    }

    $mb = $size / 1MB
    $rows = foreach ($r in @(
            @{ Leg = 'upload'; Cmdlet = $upCmdlet; Curl = $upCurl; Goal = 0.95 }
            @{ Leg = 'download'; Cmdlet = $downCmdlet; Curl = $downCurl; Goal = 1.0 })) {
        $ratio = $r.Curl.Seconds / $r.Cmdlet.Seconds
        [pscustomobject]@{
            Leg                   = $r.Leg
            'Cmdlet MiB/s'        = [Math]::Round($mb / $r.Cmdlet.Seconds, 1)
            'curl MiB/s'          = [Math]::Round($mb / $r.Curl.Seconds, 1)
            'Ratio'               = [Math]::Round($ratio, 2)
            'Ratio of bests'      = [Math]::Round($r.Curl.Best / $r.Cmdlet.Best, 2)
            'Goal'                = ">= $($r.Goal)"
            'Peak WS above idle'  = '{0:0.0} MiB' -f ($r.Cmdlet.PeakAboveIdle / 1MB)
            'Met'                 = ($ratio -ge $r.Goal) -and ($r.Cmdlet.PeakAboveIdle -lt 100MB)
        }
    }

    $load = if (Test-Path /proc/loadavg) { ', load average ' + ((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ') } else { '' }
    Write-Host ("`n{0} MiB, chunk {1} MiB, median of {2} rounds, PowerShell {3}, {4} cores{5}" -f $SizeMiB, ($ChunkSize / 1MB), $Rounds, $PSVersionTable.PSVersion, [Environment]::ProcessorCount, $load)
    $rows | Format-Table -AutoSize | Out-String -Width 250 | Write-Host

    if ($SmallFiles -gt 0) {
        # A folder of many small files: the per-file cost (requests, local file operations, output) dominates.
        $small = Join-Path $work 'small'; $null = New-Item -ItemType Directory $small
        $smallRng = [Random]::new(7); $smallBytes = [byte[]]::new($SmallFileKiB * 1KB)
        $smallHashes = @{}
        for ($i = 0; $i -lt $SmallFiles; $i++) {
            $smallRng.NextBytes($smallBytes); $name = 'f{0:00000}.bin' -f $i
            [IO.File]::WriteAllBytes((Join-Path $small $name), $smallBytes)
            $smallHashes[$name] = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($smallBytes))
        }
        $checkSmall = {
            param($folder, $who)
            $got = @(Get-ChildItem $folder -File)
            if ($got.Count -ne $SmallFiles) { throw "$who wrote $($got.Count) of $SmallFiles small files" }
            foreach ($f in $got) { if ((Get-FileHash $f.FullName -Algorithm SHA256).Hash -ne $smallHashes[$f.Name]) { throw "$who changed $($f.Name)" } }
        }
        $smallRuns = @{ Up = @(); Down = @(); Curl = @() }
        # Warm-up of the many-files paths (planner walk, parallel workers), untimed.
        $null = New-OlaresFolder drive/Home/bench-small-warm
        Send-OlaresFile $small drive/Home/bench-small-warm/ -ThrottleLimit $ThrottleLimit -ProgressAction SilentlyContinue
        $null = Get-OlaresFile drive/Home/bench-small-warm/small -Destination (Join-Path $work 'small-warm/') -ThrottleLimit $ThrottleLimit -ProgressAction SilentlyContinue
        for ($round = 1; $round -le $Rounds; $round++) {
            Write-Host "Small files, round $round of $Rounds..."
            $null = New-OlaresFolder "drive/Home/bench-small-$round"
            $smallRuns.Up += Measure-Leg { Send-OlaresFile $small "drive/Home/bench-small-$round/" -ThrottleLimit $ThrottleLimit -ProgressAction SilentlyContinue }
            & $checkSmall (Join-Path $emulator.FilesRoot "alice/drive/Home/bench-small-$round/small") 'Send-OlaresFile'
            $downSmall = Join-Path $work "down-small-$round"
            $curlSmall = Join-Path $work "curl-small-$round"; $null = New-Item -ItemType Directory $curlSmall
            $cfg = [Text.StringBuilder]::new()
            foreach ($name in $smallHashes.Keys) {
                $null = $cfg.AppendLine("url = `"$files/api/raw/drive/Home/bench-small-1/small/$name`"").AppendLine("output = `"$(Join-Path $curlSmall $name)`"")
            }
            $cfgFile = Join-Path $work "curl-small-$round.cfg"; Set-Content $cfgFile $cfg.ToString()
            $downLeg = {
                $smallRuns.Down += Measure-Leg { $null = Get-OlaresFile drive/Home/bench-small-1/small -Destination "$downSmall/" -ThrottleLimit $ThrottleLimit -ProgressAction SilentlyContinue }
                & $checkSmall (Join-Path $downSmall 'small') 'Get-OlaresFile'
            }
            $curlLeg = {
                $smallRuns.Curl += Measure-Leg { Invoke-Curl @('-s', '--no-progress-meter', '--fail', '--parallel', '--parallel-max', $ThrottleLimit, '-H', "X-Authorization: $token", '-K', $cfgFile) }
                & $checkSmall $curlSmall 'curl'
            }
            # Alternate which side goes first, as for the large file.
            if ($round % 2) { . $downLeg; . $curlLeg } else { . $curlLeg; . $downLeg }
            Remove-Item $downSmall, $curlSmall -Recurse -Force
        }

        $fps = { param($legs) $SmallFiles / (& $median $legs) }
        foreach ($leg in 'Up', 'Down', 'Curl') {
            Write-Host ("  small {0,-5} files/s per round: {1}; CPU s per round, client/emulator: {2}" -f $leg, (($smallRuns[$leg] | ForEach-Object { '{0:0}' -f ($SmallFiles / $_.Seconds) }) -join ', '),
                (($smallRuns[$leg] | ForEach-Object { '{0:0.00}/{1:0.00}' -f $_.ClientCpu, $_.EmulatorCpu }) -join ', '))
        }

        $downRatio = (& $fps $smallRuns.Down) / (& $fps $smallRuns.Curl)
        $smallRows = @(
            [pscustomobject]@{ Leg = 'upload (small files)'; 'Cmdlet files/s' = [Math]::Round((& $fps $smallRuns.Up)); 'curl files/s' = '-'; Ratio = '-'; Goal = 'reported'; Met = '-' }
            [pscustomobject]@{ Leg = 'download (small files)'; 'Cmdlet files/s' = [Math]::Round((& $fps $smallRuns.Down)); 'curl files/s' = [Math]::Round((& $fps $smallRuns.Curl))
                Ratio = [Math]::Round($downRatio, 2); Goal = '>= 0.8'; Met = $downRatio -ge 0.8 }
        )
        $load = if (Test-Path /proc/loadavg) { ', load average ' + ((Get-Content /proc/loadavg -Raw).Split(' ')[0..2] -join ' ') } else { '' }
        Write-Host ("`n{0} files of {1} KiB, -ThrottleLimit {2} (curl --parallel-max {2}), median of {3} rounds{4}" -f $SmallFiles, $SmallFileKiB, $ThrottleLimit, $Rounds, $load)
        $smallRows | Format-Table -AutoSize | Out-String -Width 250 | Write-Host
    }
}
finally {
    Stop-TestEmulator $emulator
    Remove-TestHome $testHome
    Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue
}
