# Inside an Olares app container: the platform mounts a credential (OLARES_CLI_CREDENTIALS_DIR/credential.json) and a
# writable cache (OLARES_CLI_CACHE_DIR). A runbook there needs no login; the module shares its state with olares-cli.
# The container is simulated by those two variables, a folder written the way app-service writes it, and an
# emulator that issues managed (non-rotating) grants.
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'bob:S3cret!:normal'
    $modulePath = $env:OLARES_TEST_MODULE

    function New-TestContainer {
        $root = Join-Path ([IO.Path]::GetTempPath()) ("olares-container-" + [guid]::NewGuid().ToString('N'))
        $credentials = Join-Path $root 'olares/credentials'
        $cache = Join-Path $root 'olares/cache'
        $null = New-Item -ItemType Directory -Path $credentials, (Join-Path $cache 'config')
        Remove-Item Env:OLARES_CLI_HOME, Env:OLARES_CLI_DATA_DIR -ErrorAction SilentlyContinue
        $env:OLARES_CLI_CREDENTIALS_DIR = $credentials
        $env:OLARES_CLI_CACHE_DIR = $cache
        # The image points the managed identity's services at the emulator (this module's URL template).
        @{ profiles = @{ 'alice@olares.com' = @{ serviceUrlTemplate = $emulator.Template } } } | ConvertTo-Json -Depth 4 |
            Set-Content (Join-Path $cache 'config/olares-powershell.json')
        [pscustomobject]@{ Root = $root; Credentials = $credentials; Cache = $cache; File = (Join-Path $credentials 'credential.json') }
    }

    # What app-service does on install (or repair): derive a grant and write credential.json. Returns the token.
    function Add-ManagedGrant {
        param($Container, [string] $User = 'alice', [string] $App = 'lares', [switch] $FirstFactorOnly)
        $rt = (Invoke-EmulatorAdmin $emulator 'managed-grants' -Method POST -Body @{ user = $User; fa2 = [bool] $FirstFactorOnly }).refreshToken
        $previous = if (Test-Path $Container.File) { (Get-Item $Container.File).LastWriteTimeUtc } else { [datetime]::MinValue }
        @{ refreshToken = $rt; olaresId = "$User@olares.com"; appName = $App } | ConvertTo-Json | Set-Content $Container.File
        $now = [datetime]::UtcNow
        (Get-Item $Container.File).LastWriteTimeUtc = if ($now -gt $previous) { $now } else { $previous.AddSeconds(1) }
        $rt
    }

    function Get-ThrownError([scriptblock] $Script) {
        try { & $Script; $null } catch { $_ }
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Inside an Olares app container' {
    BeforeEach {
        $container = New-TestContainer
        Reset-EmulatorCounters $emulator
    }
    AfterEach {
        Remove-Item Env:OLARES_CLI_CREDENTIALS_DIR, Env:OLARES_CLI_CACHE_DIR -ErrorAction SilentlyContinue
        Remove-Item $container.Root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'runs with no login: Pending with Source platform (lares), one exchange, then LoggedIn; the refresh token is stored nowhere' {
        $rt = Add-ManagedGrant $container
        $listed = Get-OlaresProfile
        $listed.OlaresId | Should -Be 'alice@olares.com'
        $listed.Status | Should -Be 'Pending'
        $listed.Source | Should -Be 'platform (lares)'
        $listed.AppName | Should -Be 'lares'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 0
        # The table names the application that holds the credential; Format-List shows the whole Source.
        ($listed | Format-Table | Out-String -Width 80) | Should -Match '\blares\s*$'
        ($listed | Format-List | Out-String -Width 300) | Should -Match 'platform \(lares\)'

        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-OlaresProfile).Status | Should -Be 'LoggedIn'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1

        $config = Get-Content (Join-Path $container.Cache 'config/config.json') -Raw | ConvertFrom-Json
        $config.profiles[0].managed | Should -BeTrue
        $config.profiles[0].appName | Should -Be 'lares'
        Test-Path (Join-Path $container.Cache 'keychain/olares-cli/alice_olares.com.enc') | Should -BeTrue
        Get-ChildItem $container.Cache -Recurse -File | ForEach-Object { Get-Content $_.FullName -Raw } | Should -Not -Match ([regex]::Escape($rt))
    }

    It 'takes over a profile made by hand, keeping its name and URL template and dropping its stored login' {
        Remove-Item Env:OLARES_CLI_CREDENTIALS_DIR
        Connect-TestUser $emulator -Name work
        (Get-OlaresProfile work).Source | Should -Be 'local'
        $env:OLARES_CLI_CREDENTIALS_DIR = $container.Credentials
        $null = Add-ManagedGrant $container
        $p = Get-OlaresProfile work
        $p.Source | Should -Be 'platform (lares)'
        $p.Status | Should -Be 'Pending'
        $p.ServiceUrlTemplate | Should -Be $emulator.Template
        (Get-Content (Join-Path $container.Cache 'config/config.json') -Raw | ConvertFrom-Json).profiles[0].name | Should -Be 'work'
        Test-Path (Join-Path $container.Cache 'keychain/olares-cli/alice_olares.com.enc') | Should -BeFalse
        (Get-OlaresUser -Profile work).Name | Should -Be 'alice'
        (Invoke-EmulatorAdmin $emulator 'managed-grants/state').managedRefreshes | Should -Be 1
        (Get-EmulatorState $emulator).reuseDetections | Should -Be 0
    }

    It 'refuses Connect-Olares (password or -RefreshToken, even with -Force) and Disconnect-Olares for the managed identity' {
        $null = Add-ManagedGrant $container
        $attempts = @(
            { Connect-Olares -OlaresId alice@olares.com -Credential (New-TestCredential) -ServiceUrlTemplate $emulator.Template -ErrorAction Stop }
            { Connect-Olares -OlaresId alice -Credential (New-TestCredential) -Force -ErrorAction Stop }
            { Connect-Olares -OlaresId alice@olares.com -RefreshToken (ConvertTo-SecureString 'rt' -AsPlainText -Force) -ErrorAction Stop }
            { Disconnect-Olares alice@olares.com -Confirm:$false -ErrorAction Stop }
            { Disconnect-Olares -WhatIf -ErrorAction Stop }
        )
        foreach ($attempt in $attempts) {
            $err = Get-ThrownError $attempt
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike 'OlaresManagedProfile,*'
            $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
            $err.Exception.Message | Should -Match 'application "lares".*uninstall that application to revoke it'
            $err.ErrorDetails.RecommendedAction | Should -Match 'uninstall'
            $err.ErrorDetails.RecommendedAction | Should -Not -Match 'Connect-Olares'
        }

        (Get-OlaresProfile).Status | Should -Be 'Pending'
        (Get-EmulatorState $emulator).hits.'POST /auth/api/firstfactor' | Should -BeNullOrEmpty
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 0
    }

    It 'lets another identity log in inside the container' {
        $null = Add-ManagedGrant $container
        Connect-Olares -OlaresId bob@olares.com -Credential (New-TestCredential bob 'S3cret!') -ServiceUrlTemplate $emulator.Template -ErrorAction Stop
        (Get-OlaresUser).Name | Should -Be 'bob'
        (Get-OlaresProfile bob@olares.com).Source | Should -Be 'local'
        (Get-OlaresProfile alice@olares.com).Source | Should -Be 'platform (lares)'
        Disconnect-Olares bob@olares.com -Confirm:$false
        (Get-OlaresProfile).OlaresId | Should -Be 'alice@olares.com'
    }

    It 'refreshes a stale managed token once for runspaces and processes together' {
        $null = Add-ManagedGrant $container
        (Get-OlaresUser).Name | Should -Be 'alice'
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ refreshLatencyMs = 150 }
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
        Reset-EmulatorCounters $emulator
        try {
            $barrier = Join-Path $container.Root 'go'
            $jobs = 1..2 | ForEach-Object {
                Start-Job {
                    # $env:OLARES_TEST_MODULE and the container's variables are inherited by the job's process and its runspaces.
                    Import-Module $env:OLARES_TEST_MODULE
                    while (-not (Test-Path $using:barrier)) { Start-Sleep -Milliseconds 5 }
                    1..3 | ForEach-Object -ThrottleLimit 3 -Parallel { Import-Module $env:OLARES_TEST_MODULE; (Get-OlaresUser -ErrorAction Stop).Name }
                }
            }
            Start-Sleep -Seconds 3
            Set-Content $barrier 'go'
            $local = 1..6 | ForEach-Object -ThrottleLimit 6 -Parallel { Import-Module $using:modulePath; (Get-OlaresUser -ErrorAction Stop).Name }
            $remote = $jobs | Receive-Job -Wait -AutoRemoveJob
        }
        finally { $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ refreshLatencyMs = 0 } }
        @($local) + @($remote) | Should -HaveCount 12
        @($local) + @($remote) | Sort-Object -Unique | Should -Be 'alice'
        $state = Get-EmulatorState $emulator
        $state.refreshCalls | Should -Be 1
        $state.reuseDetections | Should -Be 0
    }

    It 'fails fast on a revoked credential with a remedy that is not a login, and recovers from a re-issued one' {
        $rt = Add-ManagedGrant $container
        (Get-OlaresUser).Name | Should -Be 'alice'
        $null = Invoke-EmulatorAdmin $emulator 'managed-grants/revoke' -Method POST -Body @{ refreshToken = $rt }
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST

        $err = Get-ThrownError { Get-OlaresUser -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'OlaresTokenInvalidated,*'
        $err.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $err.Exception.Message | Should -Match '"lares"'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Reinstall or repair application "lares"'
        $err.ErrorDetails.RecommendedAction | Should -Not -Match 'Connect-Olares'
        (Get-OlaresProfile).Status | Should -Be 'Invalidated'
        $calls = (Get-EmulatorState $emulator).refreshCalls
        (Get-ThrownError { Get-OlaresUser -ErrorAction Stop }).FullyQualifiedErrorId | Should -BeLike 'OlaresTokenInvalidated,*'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be $calls

        # The owner repairs the app: app-service derives a new grant and the mounted file changes in place.
        $null = Add-ManagedGrant $container
        (Get-OlaresProfile).StatusDetail | Should -Match 're-issued'
        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-OlaresProfile).Status | Should -Be 'LoggedIn'
    }

    It 'refuses a grant that refreshes into a first-factor token and stores nothing' {
        $null = Add-ManagedGrant $container -FirstFactorOnly
        $err = Get-ThrownError { Get-OlaresUser -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'OlaresManagedFirstFactor,*'
        $err.ErrorDetails.RecommendedAction | Should -Not -Match 'Connect-Olares'
        (Get-OlaresProfile).Status | Should -Be 'Pending'
        Test-Path (Join-Path $container.Cache 'keychain/olares-cli/alice_olares.com.enc') | Should -BeFalse
    }

    It 'says what to do when the mounted credential cannot be used, without asking for a login' {
        '{"refreshToken":"rt","olaresId":"alice@olares.com"}' | Set-Content $container.File
        $err = Get-ThrownError { Get-OlaresUser -ErrorAction Stop }
        $err.FullyQualifiedErrorId | Should -BeLike 'OlaresNoProfile,*'
        $err.Exception.Message | Should -Match 'is missing appName'
        $err.ErrorDetails.RecommendedAction | Should -Match 'Reinstall or repair'
        $err.ErrorDetails.RecommendedAction | Should -Not -Match 'Connect-Olares'
    }

    It 'moves its state under $TMPDIR/olares-cli-<uid> when the cache dir cannot be written' {
        $null = Add-ManagedGrant $container
        $blocker = Join-Path $container.Root 'blocker'
        Set-Content $blocker 'a file where the cache dir should be'
        $env:OLARES_CLI_CACHE_DIR = Join-Path $blocker 'cache'
        $tmp = Join-Path $container.Root 'tmp'
        $null = New-Item -ItemType Directory $tmp
        $fallback = Join-Path $tmp ($IsWindows ? 'olares-cli' : "olares-cli-$(id -u)")
        # The image's URL template, where the state really lands.
        $null = New-Item -ItemType Directory (Join-Path $fallback 'config')
        Copy-Item (Join-Path $container.Cache 'config/olares-powershell.json') (Join-Path $fallback 'config')
        $savedTmp = $env:TMPDIR
        $env:TMPDIR = $tmp
        try { $out = Invoke-InChildPwsh '(Get-OlaresUser).Name; (Get-OlaresProfile).Source' }
        finally { if ($null -eq $savedTmp) { Remove-Item Env:TMPDIR } else { $env:TMPDIR = $savedTmp } }
        $out | Should -Be @('alice', 'platform (lares)')
        (Get-Content (Join-Path $fallback 'config/config.json') -Raw | ConvertFrom-Json).profiles[0].managed | Should -BeTrue
        Test-Path (Join-Path $fallback 'keychain/olares-cli/alice_olares.com.enc') | Should -BeTrue
    }
}
