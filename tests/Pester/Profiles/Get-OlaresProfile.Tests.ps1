BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'carol:Passw0rd!:admin'
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresProfile' {
    BeforeEach { $testHome = New-TestHome }
    AfterEach { Remove-TestHome $testHome }

    It 'lists nothing (and no error) when no profile is configured' {
        $err = $null
        $out = Get-OlaresProfile -ErrorVariable err
        $out | Should -BeNullOrEmpty
        $err | Should -BeNullOrEmpty
    }

    It 'shows each profile with Status, IsCurrent and ExpiresAt, without any network call' {
        Connect-TestUser $emulator -Name work
        Connect-TestUser $emulator -OlaresId carol@olares.com
        Reset-EmulatorCounters $emulator
        $profiles = Get-OlaresProfile
        $profiles.Count | Should -Be 2
        ($profiles | Where-Object IsCurrent).OlaresId | Should -Be 'carol@olares.com'
        ($profiles | Where-Object Name -eq 'work').OlaresId | Should -Be 'alice@olares.com'
        $profiles | ForEach-Object { $_.Status | Should -Be 'LoggedIn' }
        $profiles | ForEach-Object { $_.ExpiresAt | Should -BeOfType [datetime] }
        @((Get-EmulatorState $emulator).hits.PSObject.Properties).Count | Should -Be 0
    }

    It 'filters by name or olaresId, with wildcards' {
        Connect-TestUser $emulator -Name work
        Connect-TestUser $emulator -OlaresId carol@olares.com
        (Get-OlaresProfile work).OlaresId | Should -Be 'alice@olares.com'
        (Get-OlaresProfile carol@olares.com).OlaresId | Should -Be 'carol@olares.com'
        @(Get-OlaresProfile 'c*').Count | Should -Be 1
        (Get-OlaresProfile -Current).OlaresId | Should -Be 'carol@olares.com'
    }

    It 'reports an unknown name as a typed non-terminating error' {
        Connect-TestUser $emulator
        $err = $null
        $null = Get-OlaresProfile nobody -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be 'OlaresProfileNotFound,Olares.PowerShell.Commands.Profiles.GetOlaresProfileCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'shows Expired for a stale access token (not a blocker)' {
        # The server's clock is 10 s behind: the 1 s token it issues has expired by the client's clock at once.
        $null = Set-EmulatorClock $emulator -AdvanceMs -10000
        try {
            $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ tokenLifetimeSeconds = 1 }
            try { Connect-TestUser $emulator } finally { $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ tokenLifetimeSeconds = 3600 } }
            (Get-OlaresProfile).Status | Should -Be 'Expired'
        }
        finally { $null = Set-EmulatorClock $emulator -Reset }
        # Stale for the server too now; the next command refreshes it.
        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-OlaresProfile).Status | Should -Be 'LoggedIn'
    }

    It 'shows Never for a profile without a token and Unknown for an unreadable token' {
        Connect-TestUser $emulator
        Connect-TestUser $emulator -OlaresId carol@olares.com
        Remove-Item (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/alice_olares.com.enc')
        Set-Content (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/carol_olares.com.enc') -Value 'garbage'
        (Get-OlaresProfile alice@olares.com).Status | Should -Be 'Never'
        $carol = Get-OlaresProfile carol@olares.com
        $carol.Status | Should -Be 'Unknown'
        $carol.StatusDetail | Should -Not -BeNullOrEmpty
    }

    It 'shows Invalidated with InvalidatedAt once the grant is dead' {
        Connect-TestUser $emulator
        $null = Invoke-EmulatorAdmin $emulator 'revoke?user=alice' -Method POST
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
        { Get-OlaresUser -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresTokenInvalidated*'
        $p = Get-OlaresProfile
        $p.Status | Should -Be 'Invalidated'
        $p.InvalidatedAt | Should -BeGreaterThan (Get-Date).AddMinutes(-1)
    }

    It 'reports a corrupt config.json as a typed error and leaves it alone' {
        $null = New-Item -ItemType Directory -Force $env:OLARES_CLI_HOME
        Set-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Value '{"profiles": [ {"olaresId": '
        { Get-OlaresProfile -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresConfigInvalid*'
        Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | Should -Match '"olaresId": $'
    }

    It 'formats as a table with a current-profile marker, the name only when it is not the olaresId' {
        Connect-TestUser $emulator
        Connect-TestUser $emulator -OlaresId carol@olares.com -Name work
        $text = Get-OlaresProfile | Out-String -Width 80
        $text | Should -Match '(?m)^\s+alice@olares.com\s+LoggedIn'
        $text | Should -Match '(?m)^\*\s+work\s+carol@olares.com\s+LoggedIn'
    }
}
