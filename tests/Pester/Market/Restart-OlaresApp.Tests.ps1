BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Restart-OlaresApp' {
    AfterEach { Remove-TestHome $testHome }

    It 'needs Olares 1.12.6: on 1.12.5 it fails typed without sending anything' {
        $testHome = Initialize-MarketTest $emulator -OsVersion 1.12.5
        Set-MarketRow $emulator firefox running install
        $e = Get-ErrorRecord { Restart-OlaresApp firefox -Wait -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresNotSupportedByServer,Olares.PowerShell.Commands.Market.RestartOlaresAppCommand'
        $e.CategoryInfo.Category | Should -Be 'NotImplemented'
        $e.Exception.Message | Should -Match '1\.12\.6.*1\.12\.5'
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'waits past the old running row: only a newer statusTime counts' {
        $testHome = Initialize-MarketTest $emulator -OsVersion 1.12.6
        Set-MarketRow $emulator firefox running install
        $before = (Get-OlaresAppStatus firefox).StatusTime
        Set-MarketStepWithRequests $emulator
        Reset-EmulatorCounters $emulator
        $r = Restart-OlaresApp firefox -Wait @fast
        $r.State | Should -Be 'running'
        $r.StatusTime | Should -BeGreaterThan $before
        # The first step shows the unchanged row; a watch without the statusTime rule would stop at the first poll
        # (one state read before the request, then the polls).
        Get-StatePollCount $emulator | Should -BeGreaterThan 2
        Get-MarketBody $emulator POST '/apps/restart' | Should -Be (ConvertTo-ExpectedJson @{ app_name = 'firefox'; source = 'market.olares' })
    }

    It 'fails at <state>' -ForEach @(@{ state = 'stopFailed'; at = 'stopping' }, @{ state = 'resumeFailed'; at = 'resuming' }) {
        $testHome = Initialize-MarketTest $emulator -OsVersion 1.12.6
        Set-MarketRow $emulator firefox running install
        Add-MarketFault $emulator -App firefox -Kind fail -State $at -Reason 'boom'
        $e = Get-ErrorRecord { Restart-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        $e.Exception.State | Should -Be $state
        $e.Exception.Operation | Should -Be 'restart'
    }

    It 'fails at resumingCanceled' {
        $testHome = Initialize-MarketTest $emulator -OsVersion 1.12.6
        Set-MarketRow $emulator firefox running install
        Add-MarketFault $emulator -App firefox -Kind cancel -State resuming
        $e = Get-ErrorRecord { Restart-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        $e.Exception.State | Should -Be 'resumingCanceled'
    }

    It 'fails at resumingCancelFailed (a state newer than the restart)' {
        $testHome = Initialize-MarketTest $emulator -OsVersion 1.12.6
        Set-MarketRow $emulator firefox running install
        Add-MarketFault $emulator -App firefox -Kind hang -State resuming
        $r = Invoke-WaitWithRowChange $emulator 'Restart-OlaresApp firefox -Wait -PollInterval 0.05 -Timeout 20' firefox resuming resumingCancelFailed -OpType resume -Reason stuck -Polls 2
        ($r.Errors[0].Exception.State, $r.Errors[0].Exception.Reason) | Should -Be @('resumingCancelFailed', 'stuck')
    }

    It 'does nothing with -WhatIf' {
        $testHome = Initialize-MarketTest $emulator -OsVersion 1.12.6
        Restart-OlaresApp firefox -WhatIf
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }
}
