# Runs Pester files in this pwsh process against the built module and writes the counts (and each file's time) as
# JSON. With -ShareEmulator it starts one emulator process that Start-TestEmulator hands to every file in turn,
# reinitialized as if freshly started; a file that needs a second one at the same time still gets its own.
param(
    [Parameter(Mandatory)] [string[]] $TestFile,
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [Parameter(Mandatory)] [string] $ResultFile,
    [switch] $ShareEmulator
)
$ErrorActionPreference = 'Stop'
# pwsh -File passes each argument as one string: the files come joined with the path separator.
$TestFile = @($TestFile | ForEach-Object { $_ -split [IO.Path]::PathSeparator } | Where-Object { $_ })
Import-Module $PesterManifest -Force
$env:OLARES_TEST_MODULE = $ModuleManifest
$env:OLARES_TEST_EMULATOR = $EmulatorDll
if ($ShareEmulator) {
    Import-Module (Join-Path $PSScriptRoot 'OlaresTestHelpers.psm1') -Global
    $global:OlaresTestSharedEmulator = New-EmulatorProcess
}
try {
    $config = New-PesterConfiguration
    $config.Run.Path = $TestFile
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Normal'
    $result = Invoke-Pester -Configuration $config
}
finally {
    $emulatorCpu = 0
    if ($ShareEmulator) {
        $global:OlaresTestSharedEmulator.Process.Refresh()
        $emulatorCpu = $global:OlaresTestSharedEmulator.Process.TotalProcessorTime.TotalSeconds
        Remove-EmulatorProcess $global:OlaresTestSharedEmulator
    }
}
@{
    # CPU seconds of this process and of the shared emulator (not of the children the tests start).
    RunnerCpu   = [math]::Round([Diagnostics.Process]::GetCurrentProcess().TotalProcessorTime.TotalSeconds, 1)
    EmulatorCpu = [math]::Round($emulatorCpu, 1)
    Passed = $result.PassedCount
    Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    Files  = @($result.Containers | ForEach-Object { @{ Path = "$($_.Item)"; Seconds = [math]::Round($_.Duration.TotalSeconds, 1); Result = "$($_.Result)" } })
} | ConvertTo-Json -Depth 4 | Set-Content -Path $ResultFile -Encoding utf8
