BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Update-OlaresApp on Olares <Os>' -ForEach @{ Os = '1.12.5' }, @{ Os = '1.12.6' } {
    BeforeEach {
        $testHome = Initialize-MarketTest $emulator -OsVersion $Os
        Set-MarketRow $emulator jellyfin running install -Version 10.8.0
    }
    AfterEach { Remove-TestHome $testHome }

    It 'upgrades to the latest version from the rows source and waits until it runs' {
        $r = Update-OlaresApp jellyfin -Wait @fast
        $r.Status | Should -Be 'success'
        ($r.State, $r.OpType, $r.Version) | Should -Be @('running', 'upgrade', '10.9.7')
        Get-MarketBody $emulator PUT '/apps/jellyfin/upgrade' | Should -Be (ConvertTo-ExpectedJson @{ source = 'market.olares'; app_name = 'jellyfin'; version = '10.9.7'; sync = $true })
    }
}

Describe 'Update-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'reports a failed upgrade with the reason; the row keeps the requested version' {
        Set-MarketRow $emulator jellyfin running install -Version 10.8.0
        Add-MarketFault $emulator -App jellyfin -Kind fail -State upgrading -Reason 'image pull failed'
        $e = Get-ErrorRecord { Update-OlaresApp jellyfin -Version 10.9.7 -Wait @fast -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresAppOperationFailed,*'
        $e.Exception.Message | Should -Be "upgrade 'jellyfin' failed: state=upgradeFailed op=upgrade reason: image pull failed"
        (Get-OlaresAppStatus jellyfin).Version | Should -Be '10.9.7'
    }

    It 'refuses an invalid version before any request' {
        $e = Get-ErrorRecord { Update-OlaresApp jellyfin -Version 'latest' -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresInvalidVersion,*'
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'upgrades what is piped from Get-OlaresApp -Installed' {
        Set-MarketRow $emulator jellyfin running install -Version 10.8.0
        Set-MarketRow $emulator firefox stopped stop -Version 1.1.0
        $results = Get-OlaresApp -Installed | Where-Object { $_.InstalledVersion -ne $_.Version } | Update-OlaresApp -Wait @fast
        ($results | Sort-Object Name).Name | Should -Be @('firefox', 'jellyfin')
        ($results | Sort-Object Name).Version | Should -Be @('1.2.0', '10.9.7')
    }

    It 'does nothing with -WhatIf' {
        Set-MarketRow $emulator jellyfin running install -Version 10.8.0
        Update-OlaresApp jellyfin -WhatIf
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'keeps the servers refusal' {
        Set-MarketRow $emulator jellyfin downloading install
        $e = Get-ErrorRecord { Update-OlaresApp jellyfin -Version 10.9.7 -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresRequestFailed,*'
        $e.Exception.Message | Should -Match 'cannot upgrade jellyfin while downloading'
    }
}
