BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'carol:Passw0rd!:admin'
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Use-OlaresProfile' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator -Name work
        Connect-TestUser $emulator -OlaresId carol@olares.com
    }
    AfterEach { Remove-TestHome $testHome }

    It 'switches by name and records the previous profile as olares-cli does' {
        Use-OlaresProfile work
        (Get-OlaresProfile -Current).OlaresId | Should -Be 'alice@olares.com'
        $config = Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | ConvertFrom-Json
        $config.currentProfile | Should -Be 'work'
        $config.previousProfile | Should -Be 'carol@olares.com'
    }

    It 'switches by olaresId and back with -Previous' {
        Use-OlaresProfile alice@olares.com
        Use-OlaresProfile -Previous
        (Get-OlaresProfile -Current).OlaresId | Should -Be 'carol@olares.com'
    }

    It 'makes cmdlets use the new current profile' {
        Use-OlaresProfile work
        (Get-OlaresUser).Name | Should -Be 'alice'
        Use-OlaresProfile carol@olares.com
        (Get-OlaresUser).Name | Should -Be 'carol'
    }

    It 'outputs the profile with -PassThru' {
        $p = Use-OlaresProfile work -PassThru
        $p.IsCurrent | Should -BeTrue
        $p.Name | Should -Be 'work'
    }

    It 'refuses an unknown profile with a typed error and changes nothing' {
        $before = Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw
        { Use-OlaresProfile nobody -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresProfileNotFound,Olares.PowerShell.Commands.Profiles.UseOlaresProfileCommand'
        Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | Should -Be $before
    }

    It 'refuses -Previous when there is none' {
        Remove-TestHome $testHome
        $testHome = New-TestHome
        Connect-TestUser $emulator
        { Use-OlaresProfile -Previous -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresNoPreviousProfile*'
    }

    It 'completes profile names' {
        $result = TabExpansion2 -inputScript 'Use-OlaresProfile wo' -cursorColumn 'Use-OlaresProfile wo'.Length
        $result.CompletionMatches.CompletionText | Should -Contain 'work'
    }
}
