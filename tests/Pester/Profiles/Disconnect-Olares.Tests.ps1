BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'carol:Passw0rd!:admin'
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Disconnect-Olares' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator -Name work
        Connect-TestUser $emulator -OlaresId carol@olares.com
    }
    AfterEach { Remove-TestHome $testHome }

    It 'removes the current profile and its token; the previous one becomes current' {
        Disconnect-Olares -Confirm:$false
        Test-Path (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/carol_olares.com.enc') | Should -BeFalse
        $left = Get-OlaresProfile
        $left.OlaresId | Should -Be 'alice@olares.com'
        $left.IsCurrent | Should -BeTrue
    }

    It 'removes a named profile' {
        Disconnect-Olares work -Confirm:$false
        (Get-OlaresProfile).OlaresId | Should -Be 'carol@olares.com'
        Test-Path (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/alice_olares.com.enc') | Should -BeFalse
    }

    It 'does nothing with -WhatIf' {
        Disconnect-Olares work -WhatIf
        @(Get-OlaresProfile).Count | Should -Be 2
    }

    It 'takes profiles from the pipeline' {
        Get-OlaresProfile | Disconnect-Olares -Confirm:$false
        Get-OlaresProfile | Should -BeNullOrEmpty
        # With the last profile gone, the whole token store is purged, as olares-cli does.
        Test-Path (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli') | Should -BeFalse
    }

    It 'reports an unknown profile as a typed error' {
        $err = $null
        Disconnect-Olares nobody -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'OlaresProfileNotFound,Olares.PowerShell.Commands.Profiles.DisconnectOlaresCommand'
        @(Get-OlaresProfile).Count | Should -Be 2
    }

    It 'leaves later cmdlets with a typed "no profile" error' {
        Get-OlaresProfile | Disconnect-Olares -Confirm:$false
        $err = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -Be 'OlaresNoProfile,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $err.ErrorDetails.RecommendedAction | Should -Match '^Connect-Olares -OlaresId'
    }
}
