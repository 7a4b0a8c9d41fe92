BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Resume-OlaresApp on Olares <Os>' -ForEach @(
    @{ Os = '1.12.5'; Body = @{ appName = 'firefox' } }
    @{ Os = '1.12.6'; Body = @{ app_name = 'firefox'; source = 'market.olares' } }
) {
    BeforeEach { $testHome = Initialize-MarketTest $emulator -OsVersion $Os }
    AfterEach { Remove-TestHome $testHome }

    It 'resumes with the versions body and waits until running' {
        Set-MarketRow $emulator firefox stopped stop
        $r = Resume-OlaresApp firefox -Wait @fast
        ($r.State, $r.OpType) | Should -Be @('running', 'resume')
        Get-MarketBody $emulator POST '/apps/resume' | Should -Be (ConvertTo-ExpectedJson $Body)
    }
}

Describe 'Resume-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'fails at <state>' -ForEach @(@{ state = 'resumeFailed'; kind = 'fail' }, @{ state = 'resumingCanceled'; kind = 'cancel' }) {
        Set-MarketRow $emulator firefox stopped stop
        Add-MarketFault $emulator -App firefox -Kind $kind -State resuming -Reason 'no memory'
        $e = Get-ErrorRecord { Resume-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresAppOperationFailed,*'
        $e.Exception.State | Should -Be $state
    }

    It 'fails at resumingCancelFailed' {
        Set-MarketRow $emulator firefox stopped stop
        Add-MarketFault $emulator -App firefox -Kind hang -State resuming
        $r = Invoke-WaitWithRowChange $emulator 'Resume-OlaresApp firefox -Wait -PollInterval 0.05 -Timeout 20' firefox resuming resumingCancelFailed -OpType resume -Reason stuck -Polls 2
        $r.Errors[0].FullyQualifiedErrorId | Should -BeLike 'OlaresAppOperationFailed,*'
        ($r.Errors[0].Exception.State, $r.Errors[0].Exception.Reason) | Should -Be @('resumingCancelFailed', 'stuck')
    }

    It 'counts an app already running with an empty opType as success at once' {
        Set-MarketRow $emulator firefox running ''
        (Resume-OlaresApp firefox -Wait @fast).State | Should -Be 'running'
    }

    It 'takes names from the pipeline' {
        Set-MarketRow $emulator firefox stopped stop
        Set-MarketRow $emulator jellyfin stopped stop
        @('firefox', 'jellyfin' | Resume-OlaresApp -Wait @fast).State | Should -Be @('running', 'running')
    }
}
