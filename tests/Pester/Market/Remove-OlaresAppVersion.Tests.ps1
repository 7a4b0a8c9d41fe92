BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Remove-OlaresAppVersion' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'deletes a version of an uploaded chart' {
        Remove-OlaresAppVersion mychart 0.1.0 -Confirm:$false | Should -BeNullOrEmpty
        Get-MarketBody $emulator DELETE '/local-apps/delete' | Should -Be (ConvertTo-ExpectedJson @{ app_name = 'mychart'; app_version = '0.1.0'; source = 'upload' })
        Get-OlaresApp mychart -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'takes apps from the pipeline' {
        Get-OlaresApp -Source studio | Remove-OlaresAppVersion -Confirm:$false
        Get-MarketBody $emulator DELETE '/local-apps/delete' | Should -Be (ConvertTo-ExpectedJson @{ app_name = 'hello'; app_version = '0.0.1'; source = 'studio' })
    }

    It 'reports an unknown version as OlaresNotFound and an installed one as refused' {
        $e = Get-ErrorRecord { Remove-OlaresAppVersion mychart 9.9.9 -Confirm:$false -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresNotFound,*'
        Set-MarketRow $emulator mychart running install -Source upload -Version 0.1.0
        $e = Get-ErrorRecord { Remove-OlaresAppVersion mychart 0.1.0 -Confirm:$false -ErrorAction Stop }
        $e.Exception.Message | Should -Match 'uninstall it first'
    }

    It 'refuses an invalid version before any request and does nothing with -WhatIf' {
        $e = Get-ErrorRecord { Remove-OlaresAppVersion mychart 'one' -Confirm:$false -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresInvalidVersion,*'
        Remove-OlaresAppVersion mychart 0.1.0 -WhatIf
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }
}
