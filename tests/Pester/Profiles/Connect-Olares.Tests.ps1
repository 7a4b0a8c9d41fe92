BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'bob:S3cret!:normal:246810'
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Connect-Olares' {
    BeforeEach { $testHome = New-TestHome }
    AfterEach { Remove-TestHome $testHome }

    It 'logs in with -Credential, validates with one call and saves a profile olares-cli can read' {
        Reset-EmulatorCounters $emulator
        $p = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -PassThru
        $p.OlaresId | Should -Be 'alice@olares.com'
        $p.Status | Should -Be 'LoggedIn'
        $p.IsCurrent | Should -BeTrue
        $p.OwnerRole | Should -Be 'owner'
        $p.ExpiresAt | Should -BeGreaterThan (Get-Date)
        $state = Get-EmulatorState $emulator
        $state.hits.PSObject.Properties.Name | Should -Contain 'POST /auth/api/firstfactor'
        $state.hits.PSObject.Properties.Name | Should -Contain 'GET /desktop/api/backend/v1/user-info'

        $config = Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | ConvertFrom-Json
        $config.currentProfile | Should -Be 'alice@olares.com'
        $config.profiles[0].olaresId | Should -Be 'alice@olares.com'
        $config.profiles[0].ownerRole | Should -Be 'owner'
        # The token sits in olares-cli's encrypted file store, not in config.json.
        Test-Path (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/alice_olares.com.enc') | Should -BeTrue
        (Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw) | Should -Not -Match 'eyJ'
    }

    It 'outputs nothing without -PassThru' {
        $out = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template
        $out | Should -BeNullOrEmpty
    }

    It 'sends the salted MD5 of the password and the local name, never the password' {
        Reset-EmulatorCounters $emulator
        $null = Connect-Olares -OlaresId alice -Credential (New-TestCredential 'alice') -ServiceUrlTemplate $emulator.Template
        $requests = Invoke-EmulatorAdmin $emulator 'requests'
        ($requests | ConvertTo-Json -Depth 6) | Should -Not -Match 'Passw0rd'
        (Get-OlaresProfile).OlaresId | Should -Be 'alice@olares.com'
    }

    It 'refuses a wrong password with a typed error and writes nothing' {
        { Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential -Password 'wrong') -ServiceUrlTemplate $emulator.Template -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresLoginFailed,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
        Test-Path (Join-Path $env:OLARES_CLI_HOME 'config.json') | Should -BeFalse
        Test-Path (Join-Path $env:OLARES_CLI_DATA_DIR 'olares-cli/alice_olares.com.enc') | Should -BeFalse
    }

    It 'gives the exact command to run in the error details' {
        $err = $null
        Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential -Password 'wrong') -ServiceUrlTemplate $emulator.Template -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err[0].ErrorDetails.RecommendedAction | Should -Match 'Connect-Olares -OlaresId alice@olares.com'
        $err[0].TargetObject | Should -Be 'alice@olares.com'
    }

    It 'refuses a malformed olaresId before any request: <Id>' -ForEach @(
        @{ Id = 'a@b@c' }, @{ Id = '@olares.com' }, @{ Id = 'alice@' }, @{ Id = 'al ice@olares.com' }, @{ Id = 'alice@olares..com' }
    ) {
        Reset-EmulatorCounters $emulator
        { Connect-Olares -OlaresId $Id -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresInvalidId,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
        @((Get-EmulatorState $emulator).hits.PSObject.Properties).Count | Should -Be 0
    }

    It 'refuses to overwrite a live login without -Force, and does with -Force' {
        $null = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template
        { Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresAlreadyLoggedIn,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
        $p = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -Force -PassThru
        $p.Status | Should -Be 'LoggedIn'
    }

    It 'needs -Totp for a two-factor account in a non-interactive host' {
        $out = Invoke-InChildPwsh -NonInteractive -Script @"
`$env:OLARES_CLI_HOME='$($env:OLARES_CLI_HOME)'; `$env:OLARES_CLI_DATA_DIR='$($env:OLARES_CLI_DATA_DIR)'
try { Connect-Olares -OlaresId bob@olares.com -Credential ([pscredential]::new('bob', (ConvertTo-SecureString 'S3cret!' -AsPlainText -Force))) -ServiceUrlTemplate '$($emulator.Template)' }
catch { 'FQID=' + `$_.FullyQualifiedErrorId; 'ACTION=' + `$_.ErrorDetails.RecommendedAction }
"@
        ($out -join "`n") | Should -Match 'FQID=OlaresTwoFactorRequired'
        ($out -join "`n") | Should -Match 'ACTION=Connect-Olares -OlaresId bob@olares.com -Totp'
    }

    It 'logs in a two-factor account with -Totp' {
        $p = Connect-Olares -OlaresId bob@olares.com -Credential (New-TestCredential 'bob' 'S3cret!') -Totp 246810 -ServiceUrlTemplate $emulator.Template -PassThru
        $p.Status | Should -Be 'LoggedIn'
        (Get-OlaresUser).OwnerRole | Should -Be 'normal'
    }

    It 'refuses a wrong TOTP code' {
        { Connect-Olares -OlaresId bob@olares.com -Credential (New-TestCredential 'bob' 'S3cret!') -Totp 111111 -ServiceUrlTemplate $emulator.Template -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresLoginFailed,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
    }

    It 'asks for a credential instead of blocking in a non-interactive host' {
        $out = Invoke-InChildPwsh -NonInteractive -Script @"
`$env:OLARES_CLI_HOME='$($env:OLARES_CLI_HOME)'; `$env:OLARES_CLI_DATA_DIR='$($env:OLARES_CLI_DATA_DIR)'
try { Connect-Olares -OlaresId alice@olares.com -ServiceUrlTemplate '$($emulator.Template)' } catch { 'FQID=' + `$_.FullyQualifiedErrorId }
"@
        ($out -join "`n") | Should -Match 'FQID=OlaresCredentialRequired'
    }

    It 'imports a grant with -RefreshToken' {
        $first = Join-Path $testHome 'first'
        $env:OLARES_CLI_HOME = "$first/config"; $env:OLARES_CLI_DATA_DIR = "$first/data"
        $null = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template
        # Read the refresh token the way a user would export it: from the stored grant.
        $rt = & {
            $asm = [Olares.Storage.StoredToken].Assembly
            $store = [Olares.Storage.TokenStoreFactory]::CreateDefault([Olares.Platform.OlaresEnvironment]::Current)
            $store.Get('alice@olares.com').RefreshToken
        }
        $second = Join-Path $testHome 'second'
        $env:OLARES_CLI_HOME = "$second/config"; $env:OLARES_CLI_DATA_DIR = "$second/data"
        $p = Connect-Olares -OlaresId alice@olares.com -RefreshToken (ConvertTo-SecureString $rt -AsPlainText -Force) -ServiceUrlTemplate $emulator.Template -PassThru
        $p.Status | Should -Be 'LoggedIn'
        (Get-OlaresUser).Name | Should -Be 'alice'
    }

    It 'refuses an unknown refresh token with a typed error' {
        { Connect-Olares -OlaresId alice@olares.com -RefreshToken (ConvertTo-SecureString 'not-a-token' -AsPlainText -Force) -ServiceUrlTemplate $emulator.Template -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresLoginFailed,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
        Test-Path (Join-Path $env:OLARES_CLI_HOME 'config.json') | Should -BeFalse
    }

    It 'keeps the login when the check of the new token gets <Kind> instead of JSON, with a warning' -ForEach @(
        @{ Kind = 'html' }, @{ Kind = 'truncated' }
    ) {
        Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'user-info'; kind = $Kind; count = 1; status = 200 } | Out-Null
        Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -WarningVariable warned -WarningAction SilentlyContinue -ErrorAction Stop
        ($warned -join "`n") | Should -Match 'Logged in, but'
        (Get-OlaresProfile alice@olares.com).Status | Should -Be 'LoggedIn'
        (Get-OlaresUser).Name | Should -Be 'alice'
    }

    It 'says what it did on the host, and outputs nothing' {
        $out = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -InformationVariable said
        $out | Should -BeNullOrEmpty
        ($said | ForEach-Object { "$_" }) -join "`n" | Should -Match 'Logged in as alice@olares.com.*token stored via'
    }

    It 'changes nothing with -WhatIf' {
        Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -WhatIf
        Test-Path (Join-Path $env:OLARES_CLI_HOME 'config.json') | Should -BeFalse
    }

    It 'names an unreachable server in a typed error' {
        { Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate 'http://127.0.0.1:1/{service}' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresUnreachable,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
    }

    It 'refuses a template without {service}' {
        { Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate 'http://127.0.0.1:1/' -ErrorAction Stop } |
            Should -Throw -ErrorId 'OlaresInvalidServiceUrlTemplate,Olares.PowerShell.Commands.Profiles.ConnectOlaresCommand'
    }

    It 'keeps the URL template outside config.json so olares-cli rewriting it loses nothing' {
        $null = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template
        $path = Join-Path $env:OLARES_CLI_HOME 'config.json'
        # What olares-cli does on save: drop unknown keys, re-serialize.
        $config = Get-Content $path -Raw | ConvertFrom-Json
        $config | ConvertTo-Json -Depth 5 | Set-Content $path
        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-OlaresProfile).ServiceUrlTemplate | Should -Be $emulator.Template
    }

    It 'with -NoSwitch keeps the current profile current' {
        $null = Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template
        $null = Connect-Olares -OlaresId bob@olares.com -Credential (New-TestCredential 'bob' 'S3cret!') -Totp 246810 -ServiceUrlTemplate $emulator.Template -NoSwitch
        (Get-OlaresProfile -Current).OlaresId | Should -Be 'alice@olares.com'
    }
}
