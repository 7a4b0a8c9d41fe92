BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Copy-OlaresApp on Olares <Os>' -ForEach @{ Os = '1.12.5' }, @{ Os = '1.12.6' } {
    BeforeEach { $testHome = Initialize-MarketTest $emulator -OsVersion $Os }
    AfterEach { Remove-TestHome $testHome }

    It 'clones an app, names the new one and waits until it runs' {
        $r = Copy-OlaresApp vscode -Title 'Code (work)' -Env @{ THEME = 'dark' } -EntranceTitle @{ web = 'Work code' } -Wait @fast
        $r.Operation | Should -Be 'clone'
        $r.TargetName | Should -Match '^vscode[0-9a-f]{6}$'
        $r.State | Should -Be 'running'
        Get-MarketBody $emulator POST '/apps/vscode/clone' | Should -Be (ConvertTo-ExpectedJson @{
                source = 'market.olares'; app_name = 'vscode'; title = 'Code (work)'; sync = $true
                envs = @(@{ envName = 'THEME'; value = 'dark' }); entrances = @(@{ name = 'web'; title = 'Work code' })
            })
        $status = Get-OlaresAppStatus $r.TargetName
        ($status.Title, $status.RawAppName) | Should -Be @('Code (work)', 'vscode')
    }
}

Describe 'Copy-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'refuses an app that does not allow multiple installs, before sending the clone' {
        $e = Get-ErrorRecord { Copy-OlaresApp firefox -Title 'Fox 2' -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresAppNotCloneable,*'
        Get-MarketRequest $emulator -Method POST -Path '/apps/firefox/clone' | Should -BeNullOrEmpty
    }

    It 'refuses an invalid env name before any request' {
        $e = Get-ErrorRecord { Copy-OlaresApp vscode -Title x -Env @{ 'bad name' = 1 } -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresInvalidEnvName,*'
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'outputs the accepted clone with -PassThru and does nothing with -WhatIf' {
        Copy-OlaresApp vscode -Title x -WhatIf
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
        (Copy-OlaresApp vscode -Title x -PassThru).Status | Should -Be 'accepted'
    }
}
