BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'carol:Passw0rd!:admin'
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresUser' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator
        Connect-TestUser $emulator -OlaresId carol@olares.com
    }
    AfterEach { Remove-TestHome $testHome }

    It 'asks the server who the current profile is' {
        $u = Get-OlaresUser
        $u.Name | Should -Be 'carol'
        $u.OwnerRole | Should -Be 'admin'
        $u.OlaresId | Should -Be 'carol@olares.com'
        $u | Should -BeOfType ([Olares.PowerShell.Output.OlaresUser])
    }

    It 'uses another profile with -Profile' {
        (Get-OlaresUser -Profile alice@olares.com).Name | Should -Be 'alice'
    }

    It 'sends X-Authorization, the auth_token cookie and X-Unauth-Error' {
        Reset-EmulatorCounters $emulator
        $null = Get-OlaresUser
        $r = (Invoke-EmulatorAdmin $emulator 'requests') | Where-Object path -eq '/desktop/api/backend/v1/user-info' | Select-Object -Last 1
        $r.headers.'X-Authorization' | Should -Match '^eyJ'
        $r.headers.Cookie | Should -Match ('auth_token=' + [regex]::Escape($r.headers.'X-Authorization'))
        $r.headers.'X-Unauth-Error' | Should -Be 'Non-Redirect'
        $r.headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization'
    }

    It 'fails fast with OlaresNotLoggedIn when the token is gone' {
        Remove-Item (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/carol_olares.com.enc')
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresNotLoggedIn,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.ErrorDetails.RecommendedAction | Should -Be 'Connect-Olares -OlaresId carol@olares.com'
    }

    It 'reports an unknown -Profile as a typed error' {
        { Get-OlaresUser -Profile nobody -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresProfileNotFound,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
    }

    It 'lets scripts catch the typed exception' {
        Remove-Item (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/carol_olares.com.enc')
        $caught = $null
        try { Get-OlaresUser -ErrorAction Stop } catch [Olares.Errors.OlaresNotLoggedInException] { $caught = $_.Exception.OlaresId }
        $caught | Should -Be 'carol@olares.com'
    }

    It 'turns a server that answers HTML into a typed error' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'user-info'; kind = 'html'; count = 1; status = 200 }
        { Get-OlaresUser -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresUnexpectedResponse,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
    }

    It 'reports a 403 on a token granted moments ago as OlaresPermissionDenied, without rotating the login' {
        Reset-EmulatorCounters $emulator
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'api'; status = 403; count = 2 }
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresPermissionDenied,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.CategoryInfo.Category | Should -Be 'PermissionDenied'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Get-OlaresUser'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 0
    }

    It 'reports a 401 that survives the refresh as a typed "log in again"' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'api'; status = 401; count = 2 }
        { Get-OlaresUser -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresAuthenticationRejected,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
    }

    It 'reports a 404 as OlaresNotFound' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'user-info'; status = 404; count = 1 }
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresNotFound,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'reports a 500 as a retryable server error' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'user-info'; status = 500; count = 1 }
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresServerError,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.Exception.IsRetryable | Should -BeTrue
    }

    It 'reports a corrupt token file as a typed error and leaves it alone' {
        $enc = Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/carol_olares.com.enc'
        [IO.File]::WriteAllBytes($enc, [byte[]](1..40))
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresTokenStoreUnreadable,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.CategoryInfo.Category | Should -Be 'ReadError'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Connect-Olares'
        [IO.File]::ReadAllBytes($enc).Count | Should -Be 40
    }

    It 'reports a damaged master key as a typed error, and a new login cannot silently replace it' {
        $key = Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/master.key'
        [IO.File]::WriteAllBytes($key, [byte[]](1..7))
        { Get-OlaresUser -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresTokenStoreUnreadable*'
        $before = Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw
        { Connect-TestUser $emulator -OlaresId carol@olares.com -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresTokenStore*'
        Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | Should -Be $before
        [IO.File]::ReadAllBytes($key).Count | Should -Be 7
    }
}
