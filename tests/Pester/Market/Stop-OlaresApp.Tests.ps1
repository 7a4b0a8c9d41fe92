BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Stop-OlaresApp on Olares <Os>' -ForEach @(
    @{ Os = '1.12.5'; Body = @{ appName = 'firefox'; all = $true } }
    @{ Os = '1.12.6'; Body = @{ app_name = 'firefox'; source = 'market.olares'; all = $true } }
) {
    BeforeEach { $testHome = Initialize-MarketTest $emulator -OsVersion $Os }
    AfterEach { Remove-TestHome $testHome }

    It 'stops with the versions body and waits until stopped' {
        Set-MarketRow $emulator firefox running install
        $r = Stop-OlaresApp firefox -Cascade -Wait @fast
        ($r.State, $r.OpType) | Should -Be @('stopped', 'stop')
        Get-MarketBody $emulator POST '/apps/stop' | Should -Be (ConvertTo-ExpectedJson $Body)
    }
}

Describe 'Stop-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'counts an app already stopped with an empty opType as success at once' {
        Set-MarketRow $emulator firefox stopped ''
        Reset-EmulatorCounters $emulator
        (Stop-OlaresApp firefox -Wait @fast).State | Should -Be 'stopped'
        Get-StatePollCount $emulator | Should -BeLessOrEqual 2
    }

    It 'reports stopFailed with the reason' {
        Set-MarketRow $emulator firefox running install
        Add-MarketFault $emulator -App firefox -Kind fail -State stopping -Reason 'pod stuck'
        $e = Get-ErrorRecord { Stop-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        ($e.Exception.State, $e.Exception.Reason) | Should -Be @('stopFailed', 'pod stuck')
    }

    It 'shows what it would stop for the piped running apps, and stops nothing (-WhatIf)' {
        Set-MarketRow $emulator firefox running install
        Set-MarketRow $emulator jellyfin stopped stop
        Set-MarketRow $emulator hello running install -Source studio
        # -WhatIf writes to the host; a transcript records it.
        $transcript = Join-Path $testHome 'whatif.txt'
        $null = Start-Transcript -Path $transcript
        try { Get-OlaresApp -Installed | Where-Object State -eq running | Stop-OlaresApp -WhatIf } finally { $null = Stop-Transcript }
        $text = Get-Content $transcript -Raw
        $text | Should -Match 'What if: Performing the operation "Stop" on target "alice@olares\.com: firefox \(market\.olares\)"'
        $text | Should -Match 'What if: Performing the operation "Stop" on target "alice@olares\.com: hello \(studio\)"'
        $text | Should -Not -Match 'jellyfin'
        Get-MarketRequest $emulator -Method POST -Path '/apps/stop' | Should -BeNullOrEmpty
        (Get-MarketRow $emulator | Sort-Object name).state | Should -Be @('running', 'running', 'stopped')
    }

    It 'stops what is piped, pinning each source' {
        Set-MarketRow $emulator hello running install -Source studio
        $r = Get-OlaresAppStatus hello | Stop-OlaresApp -Wait @fast
        $r.Source | Should -Be 'studio'
        (Get-MarketRequest $emulator -Method POST -Path '/apps/stop').body.source | Should -Be 'studio'
    }

    It 'fails typed for an app that is not installed (1.12.6 needs its row)' {
        $e = Get-ErrorRecord { Stop-OlaresApp firefox -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresAppNotInstalled,Olares.PowerShell.Commands.Market.StopOlaresAppCommand'
        Get-MarketRequest $emulator -Method POST | Should -BeNullOrEmpty
    }
}
