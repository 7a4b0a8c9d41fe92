# The module against a broken or hostile server.
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner'

    function Add-Failure([string] $Target, [string] $Kind, [int] $Status = 200) {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = $Target; kind = $Kind; status = $Status; count = 1 }
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'A hostile server' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator
    }
    AfterEach { Remove-TestHome $testHome }

    It 'ends a gzip bomb (1 GiB inflated) in a typed error, the process staying well under 400 MiB' {
        Add-Failure 'user-info' 'gzipbomb'
        # A fresh process, so that its peak working set is this command's alone.
        $out = Invoke-InChildPwsh @'
$ErrorActionPreference = 'Continue'
try { Get-OlaresUser -ErrorAction Stop } catch { 'error ' + $_.FullyQualifiedErrorId + ' ' + $_.CategoryInfo.Category }
'peak ' + (Get-Process -Id $PID).PeakWorkingSet64
'@
        $out | Should -Contain 'error OlaresResponseTooLarge,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand InvalidData'
        $peak = [long](($out | Where-Object { "$_" -like 'peak *' }) -replace '^peak ', '')
        Write-Host ("    peak working set of the child pwsh: {0:0} MiB" -f ($peak / 1MB))
        $peak | Should -BeGreaterThan 0
        $peak | Should -BeLessThan 400MB
    }

    It 'reports a body cut short as a connection error, not a local file error' {
        Add-Failure 'market-data' 'short'
        $e = $null
        try { Get-OlaresApp -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresUnreachable,*'
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
        $e.Exception | Should -BeOfType ([Olares.Errors.OlaresConnectionException])
    }

    It 'names the bound when an answer is too large' {
        Add-Failure 'user-info' 'gzipbomb'
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresResponseTooLarge,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.Exception.Message | Should -Match 'larger than 64 MiB'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Get-OlaresProfile'
        (Get-OlaresUser).Name | Should -Be 'alice'
    }
}
