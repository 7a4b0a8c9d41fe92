# Runs one Pester file in this (fresh) process against the built module and writes its counts as JSON.
param(
    [Parameter(Mandatory)] [string] $TestFile,
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [Parameter(Mandatory)] [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
$env:OLARES_TEST_MODULE = $ModuleManifest
$env:OLARES_TEST_EMULATOR = $EmulatorDll
$config = New-PesterConfiguration
$config.Run.Path = $TestFile
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$result = Invoke-Pester -Configuration $config
@{ Passed = $result.PassedCount; Failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount } |
    ConvertTo-Json | Set-Content -Path $ResultFile -Encoding utf8
