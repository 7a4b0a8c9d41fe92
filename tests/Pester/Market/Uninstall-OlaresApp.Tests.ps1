BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Uninstall-OlaresApp on Olares <Os>' -ForEach @(
    @{ Os = '1.12.5'; Body = @{ sync = $true; all = $false; deleteData = $true }; Cancel = @{ sync = $true } }
    @{ Os = '1.12.6'; Body = @{ app_name = 'firefox'; source = 'market.olares'; sync = $true; all = $false; deleteData = $true; version = '1.2.0' }
        Cancel = @{ app_name = 'firefox'; source = 'market.olares'; sync = $true; version = '1.2.0' } }
) {
    BeforeEach { $testHome = Initialize-MarketTest $emulator -OsVersion $Os }
    AfterEach { Remove-TestHome $testHome }

    It 'uninstalls with the versions body and waits until it is uninstalled' {
        $null = Invoke-EmulatorAdmin $emulator 'market/config' -Method POST -Body @{ keepUninstalledRows = $true }
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        $r = Uninstall-OlaresApp firefox -DeleteData -Wait @fast -Confirm:$false
        ($r.Status, $r.State, $r.OpType) | Should -Be @('success', 'uninstalled', 'uninstall')
        Get-MarketBody $emulator DELETE '/apps/firefox' | Should -Be (ConvertTo-ExpectedJson $Body)
    }

    It 'cancels an install in progress first' {
        Add-MarketFault $emulator -App firefox -Kind hang -State downloading
        Install-OlaresApp firefox
        Wait-MarketRow $emulator firefox downloading
        $r = Uninstall-OlaresApp firefox -DeleteData -Wait @fast -Confirm:$false
        $r.Status | Should -Be 'success'
        Get-MarketBody $emulator DELETE '/apps/firefox/install' | Should -Be (ConvertTo-ExpectedJson $Cancel)
        (Get-MarketRequest $emulator -Method DELETE).path | Should -Be @('/apps/firefox/install', '/apps/firefox')
    }
}

Describe 'Uninstall-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'counts the row disappearing as success' {
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        Add-MarketFault $emulator -App firefox -Kind vanish -State uninstalling
        $r = Uninstall-OlaresApp firefox -DeleteData -Wait @fast -Confirm:$false
        $r.Status | Should -Be 'success'
        $r.State | Should -BeNullOrEmpty
        Get-MarketRow $emulator | Should -BeNullOrEmpty
    }

    It 'cascades a shared app' {
        Set-MarketRow $emulator ollama running install
        $null = Uninstall-OlaresApp ollama -Confirm:$false
        (Get-MarketRequest $emulator -Method DELETE -Path '/apps/ollama').body.all | Should -BeTrue
    }

    It 'succeeds when the row is gone at the first poll' {
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        Add-MarketFault $emulator -App firefox -Kind vanish
        Reset-EmulatorCounters $emulator
        (Uninstall-OlaresApp firefox -Wait @fast -Confirm:$false).Status | Should -Be 'success'
        # One read before the request (the in-flight check), one poll.
        Get-StatePollCount $emulator | Should -Be 2
    }

    It 'reports uninstallFailed with the reason' {
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        Add-MarketFault $emulator -App firefox -Kind fail -State uninstalling -Reason 'volume busy'
        $e = Get-ErrorRecord { Uninstall-OlaresApp firefox -Wait @fast -Confirm:$false -ErrorAction Stop }
        ($e.Exception.State, $e.Exception.Reason) | Should -Be @('uninstallFailed', 'volume busy')
    }

    It 'passes -Cascade:$false to turn off the automatic cascade on 1.12.5' {
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ osVersion = '1.12.5' }
        Remove-TestHome $testHome; $testHome = New-TestHome; $null = Connect-TestUser $emulator
        Set-MarketRow $emulator ollama running install
        $null = Uninstall-OlaresApp ollama -Cascade:$false -Confirm:$false
        (Get-MarketRequest $emulator -Method DELETE -Path '/apps/ollama').body.all | Should -BeFalse
    }

    It 'fails typed for an app that is not installed' {
        $e = Get-ErrorRecord { Uninstall-OlaresApp firefox -Confirm:$false -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresAppNotInstalled,*'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'skips the confirmation with -Force, even where the host cannot prompt' {
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        $ConfirmPreference = 'Low'
        Uninstall-OlaresApp firefox -Force -Wait @fast
        $deletes = @(Get-MarketRequest $emulator -Method DELETE).Count
        $deletes | Should -BeGreaterThan 0
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        Uninstall-OlaresApp firefox -Force -WhatIf
        @(Get-MarketRequest $emulator -Method DELETE).Count | Should -Be $deletes
    }

    It 'asks for confirmation by default and does nothing with -WhatIf' {
        (Get-Command Uninstall-OlaresApp).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false).ConfirmImpact | Should -Be 'High'
        Set-MarketRow $emulator firefox running install -Version 1.2.0
        Uninstall-OlaresApp firefox -WhatIf
        Get-MarketRequest $emulator -Method DELETE | Should -BeNullOrEmpty
    }
}
