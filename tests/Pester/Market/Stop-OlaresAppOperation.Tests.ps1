BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Stop-OlaresAppOperation on Olares <Os>' -ForEach @(
    @{ Os = '1.12.5'; Body = @{ sync = $true } }
    @{ Os = '1.12.6'; Body = @{ app_name = 'firefox'; source = 'market.olares'; sync = $true; version = '1.2.0' } }
) {
    BeforeEach {
        $testHome = Initialize-MarketTest $emulator -OsVersion $Os
        Add-MarketFault $emulator -App firefox -Kind hang -State installing -Operation install
        Install-OlaresApp firefox
        Wait-MarketRow $emulator firefox installing
    }
    AfterEach { Remove-TestHome $testHome }

    It 'cancels with the versions body and waits for the canceled state' {
        $r = Stop-OlaresAppOperation firefox -Wait @fast
        ($r.Operation, $r.State, $r.OpType) | Should -Be @('cancel', 'installingCanceled', 'install')
        Get-MarketBody $emulator DELETE '/apps/firefox/install' | Should -Be (ConvertTo-ExpectedJson $Body)
    }

    It 'counts the row disappearing after it was seen as success' {
        Add-MarketFault $emulator -App firefox -Kind hang -State installingCanceling -Operation cancel
        # One state read before the cancel request, one poll that sees the row; then it goes.
        $r = Invoke-WaitWithRowChange $emulator 'Stop-OlaresAppOperation firefox -Wait -PollInterval 0.05 -Timeout 20' firefox installingCanceling -Remove -Polls 2
        $r.Errors | Should -BeNullOrEmpty
        $r.Output[0].Status | Should -Be 'success'
        $r.Output[0].State | Should -BeNullOrEmpty
    }

    It 'reports a failed cancel' {
        Add-MarketFault $emulator -App firefox -Kind fail -State installingCanceling -Operation cancel -Reason 'too late'
        $e = Get-ErrorRecord { Stop-OlaresAppOperation firefox -Wait @fast -ErrorAction Stop }
        ($e.Exception.State, $e.Exception.Reason) | Should -Be @('installingCancelFailed', 'too late')
    }
}

Describe 'Stop-OlaresAppOperation' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'succeeds when the operation ends at <state> instead (any op)' -ForEach @(
        @{ state = 'running'; op = 'install' }, @{ state = 'installFailed'; op = 'install' }, @{ state = 'uninstalled'; op = 'uninstall' }
    ) {
        Set-MarketRow $emulator firefox downloading install
        Add-MarketFault $emulator -App firefox -Kind hang -State downloadingCanceling -Operation cancel
        $r = Invoke-WaitWithRowChange $emulator 'Stop-OlaresAppOperation firefox -Wait -PollInterval 0.05 -Timeout 20' firefox downloadingCanceling $state -OpType $op -Polls 2
        $r.Errors | Should -BeNullOrEmpty
        ($r.Output[0].State, $r.Output[0].OpType) | Should -Be @($state, $op)
    }

    It 'keeps the servers refusal when there is nothing to cancel' {
        Set-MarketRow $emulator firefox running install
        $e = Get-ErrorRecord { Stop-OlaresAppOperation firefox -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresRequestFailed,*'
        $e.Exception.Message | Should -Match 'nothing to cancel'
    }
}
