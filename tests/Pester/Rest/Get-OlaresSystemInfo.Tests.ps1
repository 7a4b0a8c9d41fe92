BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner' -OsVersion '1.12.6'
    $fqid = ',Olares.PowerShell.Commands.SystemInfo.GetOlaresSystemInfoCommand'

    function Get-StoredProfile {
        (Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | ConvertFrom-Json).profiles | Where-Object olaresId -eq 'alice@olares.com'
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresSystemInfo' {
    BeforeEach {
        $testHome = New-TestHome
        $null = Connect-TestUser $emulator
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ osVersion = '1.12.6' }
        Reset-EmulatorCounters $emulator
    }
    AfterEach { Remove-TestHome $testHome }

    It 'reads olares-info and caches the version in config.json, where olares-cli keeps it' {
        $before = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
        $info = Get-OlaresSystemInfo
        $info | Should -BeOfType ([Olares.PowerShell.Output.OlaresSystemInfo])
        $info.OsVersion | Should -Be '1.12.6'
        $info.OlaresId | Should -Be 'alice@olares.com'
        $info.WizardStatus | Should -Be 'completed'
        $info.TailScaleEnable | Should -BeTrue
        $info.Olaresd | Should -Be '1.12.0-emulator'
        $info.CachedVersion | Should -Be '1.12.6'
        $info.FromCache | Should -BeFalse
        $info.Profile | Should -Be 'alice@olares.com'
        $stored = Get-StoredProfile
        $stored.backendVersion | Should -Be '1.12.6'
        $stored.backendVersionRefreshedAt | Should -BeGreaterOrEqual $before
        $info.VersionCachedAt.ToUnixTimeSeconds() | Should -Be $stored.backendVersionRefreshedAt
    }

    It 'replaces the cache after the server was upgraded; -Cached then shows it without a request' {
        $null = Get-OlaresSystemInfo
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ osVersion = '1.12.7' }
        (Get-OlaresSystemInfo).CachedVersion | Should -Be '1.12.7'
        Reset-EmulatorCounters $emulator
        $cached = Get-OlaresSystemInfo -Cached
        $cached.OsVersion | Should -Be '1.12.7'
        $cached.FromCache | Should -BeTrue
        $cached.OlaresId | Should -BeNullOrEmpty
        @((Invoke-EmulatorAdmin $emulator 'requests')).Count | Should -Be 0
    }

    It 'works with -Cached without a login' {
        $null = Get-OlaresSystemInfo
        Remove-Item (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/alice_olares.com.enc')
        (Get-OlaresSystemInfo -Cached).CachedVersion | Should -Be '1.12.6'
        { Get-OlaresSystemInfo -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotLoggedIn$fqid"
    }

    It 'says with a typed error that nothing is cached yet' {
        $e = $null
        try { Get-OlaresSystemInfo -Cached -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be "OlaresVersionNotCached$fqid"
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $e.ErrorDetails.RecommendedAction | Should -Be 'Get-OlaresSystemInfo -Profile alice@olares.com'
    }

    It 'warns about an unreadable version and leaves the cache alone' {
        $null = Get-OlaresSystemInfo
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ osVersion = 'banana' }
        $info = Get-OlaresSystemInfo -WarningVariable warnings -WarningAction SilentlyContinue
        $info.OsVersion | Should -Be 'banana'
        $info.CachedVersion | Should -Be '1.12.6'
        "$warnings" | Should -Match 'unreadable Olares version "banana"'
        (Get-StoredProfile).backendVersion | Should -Be '1.12.6'
    }

    It 'turns a server failure into a typed error' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'olares-info'; status = 500; count = 1 }
        { Get-OlaresSystemInfo -ErrorAction Stop } | Should -Throw -ErrorId "OlaresServerError$fqid"
    }
}
