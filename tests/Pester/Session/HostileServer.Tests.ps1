# The module against a broken or hostile server, and the -Debug trace of its HTTP traffic.
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner'

    function Add-Failure([string] $Target, [string] $Kind, [int] $Status = 200) {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = $Target; kind = $Kind; status = $Status; count = 1 }
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'A hostile server' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator
    }
    AfterEach { Remove-TestHome $testHome }

    It 'ends a gzip bomb (1 GiB inflated) in a typed error, the process staying well under 400 MiB' {
        Add-Failure 'user-info' 'gzipbomb'
        # A fresh process, so that its peak working set is this command's alone.
        $out = Invoke-InChildPwsh @'
$ErrorActionPreference = 'Continue'
try { Get-OlaresUser -ErrorAction Stop } catch { 'error ' + $_.FullyQualifiedErrorId + ' ' + $_.CategoryInfo.Category }
'peak ' + (Get-Process -Id $PID).PeakWorkingSet64
'@
        $out | Should -Contain 'error OlaresResponseTooLarge,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand InvalidData'
        $peak = [long](($out | Where-Object { "$_" -like 'peak *' }) -replace '^peak ', '')
        Write-Host ("    peak working set of the child pwsh: {0:0} MiB" -f ($peak / 1MB))
        $peak | Should -BeGreaterThan 0
        $peak | Should -BeLessThan 400MB
    }

    It 'reports a body cut short as a connection error, not a local file error' {
        Add-Failure 'market-data' 'short'
        $e = $null
        try { Get-OlaresApp -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresUnreachable,*'
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
        $e.Exception | Should -BeOfType ([Olares.Errors.OlaresConnectionException])
    }

    It 'names the bound when an answer is too large' {
        Add-Failure 'user-info' 'gzipbomb'
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresResponseTooLarge,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.Exception.Message | Should -Match 'larger than 64 MiB'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Get-OlaresProfile'
        (Get-OlaresUser).Name | Should -Be 'alice'
    }
}

Describe '-Debug' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator
    }
    AfterEach { Remove-TestHome $testHome }

    It 'shows each HTTP request line and status, and never a token or cookie, without prompting' {
        $store = [Olares.Storage.TokenStoreFactory]::CreateDefault([Olares.Platform.OlaresEnvironment]::Current)
        $before = $store.Get('alice@olares.com')
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
        $debug = Get-OlaresUser -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object Message
        $after = $store.Get('alice@olares.com')
        $url = [regex]::Escape("$($emulator.BaseUrl)/desktop/api/backend/v1/user-info")
        $lines = @($debug | Where-Object { $_ -match '^HTTP [A-Z]+ \S+ -> ' })
        $lines.Count | Should -Be 2
        $lines[0] | Should -Match "^HTTP GET $url -> 401 Unauthorized \(\d+ ms\)$"
        $lines[1] | Should -Match "^HTTP GET $url -> 200 OK \(\d+ ms\)$"
        $text = $debug -join "`n"
        # Verbose messages join the debug stream under -Debug instead of prompting (Pester runs non-interactive).
        $text | Should -Match 'Refreshing the access token of alice@olares.com'
        foreach ($secret in $before.AccessToken, $before.RefreshToken, $after.AccessToken, $after.RefreshToken) {
            $text.Contains($secret) | Should -BeFalse
        }
        $text | Should -Not -Match 'auth_token|X-Authorization'
    }

    It 'shows nothing without -Debug' {
        $debug = Get-OlaresUser 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] }
        $debug | Should -BeNullOrEmpty
    }
}
