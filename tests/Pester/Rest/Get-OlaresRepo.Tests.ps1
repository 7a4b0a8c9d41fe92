BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner'
    $fqid = ',Olares.PowerShell.Commands.Files.GetOlaresRepoCommand'

    function Set-Repos([string] $Type, [object[]] $Repos) {
        $null = Invoke-EmulatorAdmin $emulator 'repos' -Method POST -Body @{ user = 'alice'; type = $Type; repos = $Repos }
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresRepo' {
    BeforeEach {
        $testHome = New-TestHome
        $null = Connect-TestUser $emulator
        $null = Invoke-EmulatorAdmin $emulator 'repos/reset' -Method POST
        Set-Repos share_to_me @(
            @{ repo_id = 'c2a1f7e0-0000-4000-8000-000000000002'; repo_name = "Bob's photos"; encrypted = 'true'; size = '12345'; share_permission = 'r'
               share_type = 'personal'; user_email = 'bob@olares.com'; user_name = 'Bob'; last_modified = '2026-05-01T10:00:00Z' })
        Set-Repos shared @(
            @{ repo_id = 'd3b2e8f1-0000-4000-8000-000000000003'; repo_name = 'Team'; encrypted = $false; size = 7; share_permission = 'rw'
               user_email = 'carol@olares.com' })
        Reset-EmulatorCounters $emulator
    }
    AfterEach { Remove-TestHome $testHome }

    It 'lists your own repos by default, with the id and path the files cmdlets use' {
        $repo = Get-OlaresRepo
        $repo | Should -BeOfType ([Olares.PowerShell.Output.OlaresRepo])
        $repo.Name | Should -Be 'My Library'
        $repo.Type | Should -Be 'Mine'
        $repo.Id | Should -Match '^[0-9a-f]{8}-[0-9a-f]{4}-'
        $repo.Path | Should -Be "sync/$($repo.Id)"
        $repo.Owner | Should -Be 'alice (alice@olares.com)'
        $repo.Permission | Should -Be 'rw'
        $repo.Profile | Should -Be 'alice@olares.com'
        (Invoke-EmulatorAdmin $emulator 'requests').query | Should -Be ''
    }

    It 'lists every kind with -Type All, reading string-encoded flags and sizes' {
        $repos = Get-OlaresRepo -Type All
        $repos.Type | Should -Be 'Mine', 'SharedToMe', 'Shared'
        $bobs = $repos | Where-Object Type -eq 'SharedToMe'
        $bobs.Encrypted | Should -BeTrue
        $bobs.Size | Should -Be 12345
        $bobs.Permission | Should -Be 'r'
        $bobs.Counterparty | Should -Be 'Bob (bob@olares.com)'
        $bobs.LastModified | Should -Be ([DateTimeOffset]'2026-05-01T10:00:00Z')
        ($repos | Where-Object Type -eq 'Shared').Counterparty | Should -Be 'carol@olares.com'
        (Invoke-EmulatorAdmin $emulator 'requests').query | Sort-Object | Should -Be '', 'type=share_to_me', 'type=shared'
    }

    It 'filters by name with wildcards, and finds a repo by id in any list' {
        (Get-OlaresRepo -Type SharedToMe, Shared -Name 'bob*').Name | Should -Be "Bob's photos"
        (Get-OlaresRepo -Id 'd3b2e8f1-0000-4000-8000-000000000003').Name | Should -Be 'Team'
        $e = $null
        try { Get-OlaresRepo -Id 'nope' -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be "OlaresNotFound$fqid"
        $e.ErrorDetails.RecommendedAction | Should -Be 'Get-OlaresRepo -Type All'
    }

    It 'reports a name that matches nothing as a non-terminating error' {
        $found = Get-OlaresRepo 'My Library', 'Nothing' -ErrorVariable errors -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'My Library'
        $errors[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound$fqid"
    }

    It 'pipes to Get-OlaresChildItem, which lists the repo''s content' {
        $repo = Get-OlaresRepo
        $folder = Join-Path $emulator.FilesRoot "alice/sync/$($repo.Id)"
        $null = New-Item -ItemType Directory -Force -Path $folder
        Set-Content (Join-Path $folder 'notes.txt') 'hello'
        (Get-OlaresRepo | Get-OlaresChildItem).Name | Should -Be 'notes.txt'
    }

    It 'turns a business failure answered with HTTP 200 into a typed error with the server''s words' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'repos'; status = 200; count = 1; body = '{"code":-1,"message":"server says no","repos":null}' }
        $e = $null
        try { Get-OlaresRepo -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be "OlaresRequestFailed$fqid"
        $e.Exception.Message | Should -Match 'server says no'
    }
}
