BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresAppStatus' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'lists the state rows of every source' {
        Set-MarketRow $emulator firefox downloading install -Progress '45.20'
        Set-MarketRow $emulator hello running '' -Source studio -Progress '0.00'
        $rows = Get-OlaresAppStatus | Sort-Object Name
        $rows | Should -BeOfType ([Olares.PowerShell.Output.OlaresAppStatus])
        $rows.Name | Should -Be @('firefox', 'hello')
        $rows[0].State | Should -Be 'downloading'
        $rows[0].OpType | Should -Be 'install'
        $rows[0].Progress | Should -Be 45.2
        $rows[0].StatusTime | Should -BeOfType ([DateTimeOffset])
        $rows[0].StatusTime | Should -BeGreaterThan ([DateTimeOffset]::UtcNow.AddMinutes(-1))
        $rows[1].Progress | Should -BeNullOrEmpty
        $rows[1].Source | Should -Be 'studio'
        $text = $rows | Out-String
        $text | Should -Match 'firefox\s+downloading\s+install\s+45\.20%'
        $text | Should -Match 'hello\s+running\s+-\s+-'
        (Get-OlaresAppStatus -Source st*).Name | Should -Be 'hello'
        (Get-OlaresAppStatus fire*).Name | Should -Be 'firefox'
    }

    It 'reports a literal name without state as OlaresNotFound' {
        $e = Get-ErrorRecord { Get-OlaresAppStatus firefox -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresNotFound,Olares.PowerShell.Commands.Market.GetOlaresAppStatusCommand'
    }

    It '-Wait succeeds at <state>' -ForEach @(@{ state = 'stopped' }, @{ state = 'uninstalled' }, @{ state = 'downloadingCanceled' }) {
        Set-MarketRow $emulator firefox $state -OpType install
        (Get-OlaresAppStatus firefox -Wait @fast).State | Should -Be $state
    }

    It '-Wait fails at <state>' -ForEach @(@{ state = 'applyEnvFailed' }, @{ state = 'upgradingCancelFailed' }) {
        Set-MarketRow $emulator firefox $state -OpType install -Reason 'disk full'
        $e = Get-ErrorRecord { Get-OlaresAppStatus firefox -Wait @fast -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresAppOperationFailed,*'
        $e.Exception.State | Should -Be $state
        $e.Exception.Reason | Should -Be 'disk full'
    }

    It '-Wait follows an install to running' {
        Install-OlaresApp firefox
        (Get-OlaresAppStatus firefox -Wait @fast).State | Should -Be 'running'
    }

    It '-Wait counts a row that disappears after it was seen as success, and outputs nothing' {
        Set-MarketRow $emulator firefox uninstalling uninstall
        $r = Invoke-WaitWithRowChange $emulator 'Get-OlaresAppStatus firefox -Wait -PollInterval 0.05 -Timeout 20' firefox uninstalling -Remove
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -BeNullOrEmpty
        Get-MarketRow $emulator | Should -BeNullOrEmpty
    }

    It '-Wait keeps waiting for a row never seen, then times out' {
        $e = Get-ErrorRecord { Get-OlaresAppStatus firefox -Wait -Timeout 1 -PollInterval 0.1 -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresWatchTimeout,*'
        $e.Exception.Message | Should -Match 'last state: unknown'
    }

    It '-Wait needs one app name without wildcards' {
        foreach ($e in (Get-ErrorRecord { Get-OlaresAppStatus -Wait -ErrorAction Stop }),
            (Get-ErrorRecord { Get-OlaresAppStatus fire* -Wait -ErrorAction Stop }),
            (Get-ErrorRecord { Get-OlaresAppStatus a, b -Wait -ErrorAction Stop })) {
            $e.FullyQualifiedErrorId | Should -Be 'OlaresWaitNeedsName,Olares.PowerShell.Commands.Market.GetOlaresAppStatusCommand'
        }
        Get-StatePollCount $emulator | Should -Be 0
    }

    It '-Wait tolerates <count> failed polls in a row: <outcome>' -ForEach @(
        @{ count = 5; outcome = 'success' }, @{ count = 6; outcome = 'failure' }
    ) {
        Set-MarketRow $emulator firefox running install
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'market-state'; status = 503; count = $count }
        $e = Get-ErrorRecord { Get-OlaresAppStatus firefox -Wait @fast -ErrorAction Stop -WarningVariable warnings -WarningAction SilentlyContinue }
        if ($outcome -eq 'success') { $e | Should -BeNullOrEmpty } else { $e.FullyQualifiedErrorId | Should -BeLike 'OlaresServerError,*' }
        Get-StatePollCount $emulator | Should -Be 6
    }
}
