# Tab completion of app names, versions, sources and categories, with the session's login, against the emulator.
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Market/MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'bob:S3cret!:normal'
    function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Market argument completion' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'completes catalog app names for Install-OlaresApp' {
        (Complete 'Install-OlaresApp fi').CompletionText | Should -Be 'firefox'
        (Complete 'Install-OlaresApp ').CompletionText | Should -Contain 'jellyfin'
    }

    It 'completes installed app names for the cmdlets that act on installed apps' {
        $fast = Get-FastWait
        $null = Install-OlaresApp firefox -Wait @fast
        (Complete 'Stop-OlaresApp ').CompletionText | Should -Be 'firefox'
        (Complete 'Get-OlaresApp -Installed ').CompletionText | Should -Be 'firefox'
        (Complete 'Get-OlaresAppStatus f').CompletionText | Should -Be 'firefox'
    }

    It 'completes the versions of the named app, sources and categories' {
        (Complete 'Install-OlaresApp jellyfin -Version ').CompletionText | Should -Be '10.9.7'
        (Complete 'Get-OlaresApp -Source ').CompletionText | Should -Contain 'market.olares'
        (Complete 'Get-OlaresApp -Category Ent').CompletionText | Should -Be 'Entertainment'
    }

    It 'quotes values with spaces' {
        (Complete 'Get-OlaresApp -Category Dev').CompletionText | Should -Be "'Developer Tools'"
    }

    It 'uses the login of the -Profile already typed' {
        Connect-TestUser $emulator -OlaresId bob@olares.com -Password 'S3cret!' -Name work
        Use-OlaresProfile alice@olares.com
        $fast = Get-FastWait
        $null = Install-OlaresApp jellyfin -Profile work -Wait @fast
        (Complete 'Stop-OlaresApp -Profile work ').CompletionText | Should -Be 'jellyfin'
        Complete 'Stop-OlaresApp ' | Should -BeNullOrEmpty
    }

    It 'answers from a short cache instead of asking the server again' {
        $deadline = (Get-Date).AddSeconds(20)
        while (-not (Complete 'Install-OlaresApp f') -and (Get-Date) -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $before = @(Get-MarketRequest $emulator -Method GET).Count
        (Complete 'Install-OlaresApp j').CompletionText | Should -Be 'jellyfin'
        @(Get-MarketRequest $emulator -Method GET).Count | Should -Be $before
    }

    It 'fails silently without a login, and never prompts' {
        Remove-TestHome $testHome
        $testHome = New-TestHome
        Complete 'Install-OlaresApp f' | Should -BeNullOrEmpty
    }
}
