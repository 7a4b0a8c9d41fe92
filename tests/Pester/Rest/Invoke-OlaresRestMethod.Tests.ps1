# Invoke-OlaresRestMethod: any Olares API through the module's refreshing session, against a real emulator process
# (and a second one that plays another origin).
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'bob:Passw0rd!:normal'
    $other = Start-TestEmulator
    $fqid = ',Olares.PowerShell.Commands.Rest.InvokeOlaresRestMethodCommand'

    function Get-Seen([string] $Path, $Server = $emulator) {
        @((Invoke-EmulatorAdmin $Server 'requests') | Where-Object path -eq $Path)
    }
}

AfterAll {
    Stop-TestEmulator $emulator
    Stop-TestEmulator $other
}

Describe 'Invoke-OlaresRestMethod' {
    BeforeEach {
        $testHome = New-TestHome
        $null = Connect-TestUser $emulator
        Reset-EmulatorCounters $emulator
        Reset-EmulatorCounters $other
    }
    AfterEach { Remove-TestHome $testHome }

    It 'turns a JSON answer into objects, a top-level array as one object as Invoke-RestMethod does' {
        (Invoke-OlaresRestMethod desktop /api/olares-info).data.osVersion | Should -Be '1.12.6'
        $items = Invoke-OlaresRestMethod -Service desktop -Path /api/_rest/array
        $items.Count | Should -Be 3
        $items.id | Should -Be 1, 2, 3
        $items[0] | Should -BeOfType ([pscustomobject])
        (Invoke-OlaresRestMethod desktop /api/_rest/array | Measure-Object).Count | Should -Be 1
        ((Invoke-OlaresRestMethod desktop /api/_rest/array) | Select-Object -First 1).name | Should -Be 'one'
    }

    It 'writes text as a string, binary as one byte[], and the raw text with -Raw' {
        Invoke-OlaresRestMethod desktop /api/_rest/text | Should -Be "plain words`n"
        $bytes = Invoke-OlaresRestMethod desktop '/api/_rest/bytes?size=1000'
        , $bytes | Should -BeOfType ([byte[]])
        $bytes.Length | Should -Be 1000
        $raw = Invoke-OlaresRestMethod desktop /api/_rest/array -Raw
        $raw | Should -BeOfType ([string])
        ($raw | ConvertFrom-Json).Count | Should -Be 3
    }

    It 'sends an object -Body as JSON, a string as given, with the content type' {
        $echo = Invoke-OlaresRestMethod desktop /api/_rest/echo -Method POST -Body ([ordered]@{ name = 'x'; on = $true; n = 3; tags = @('a', 'b') })
        $echo.body | Should -Be '{"name":"x","on":true,"n":3,"tags":["a","b"]}'
        $echo.contentType | Should -Be 'application/json; charset=utf-8'
        $echo.method | Should -Be 'POST'
        $echo.user | Should -Be 'alice'

        $echo = Invoke-OlaresRestMethod desktop /api/_rest/echo -Method PUT -Body 'päl=1' -ContentType 'text/plain; charset=utf-8' -Headers @{ 'X-Trace' = 't1' }
        $echo.body | Should -Be 'päl=1'
        $echo.contentType | Should -Be 'text/plain; charset=utf-8'
        $echo.headers.'X-Trace' | Should -Be 't1'
    }

    It 'refreshes a stale token once and sends the body again' {
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
        $echo = Invoke-OlaresRestMethod desktop /api/_rest/echo -Method PATCH -Body @{ step = 2 }
        $echo.body | Should -Be '{"step":2}'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
        (Get-Seen '/desktop/api/_rest/echo').Count | Should -Be 2
    }

    It 'refreshes before sending an -InFile body when the token is about to expire, and sends it once' {
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ tokenLifetimeSeconds = 2 }
        try {
            $null = Connect-TestUser $emulator
            $file = Join-Path $testHome 'in.bin'
            $data = [byte[]]::new(200000); [Random]::new(5).NextBytes($data)
            [IO.File]::WriteAllBytes($file, $data)
            Reset-EmulatorCounters $emulator
            # Half of the 2 s lifetime is gone: a body that cannot be resent is preceded by a refresh.
            Start-Sleep -Milliseconds 1300
            $answer = Invoke-OlaresRestMethod desktop /api/_test/consume -Method POST -InFile $file
            $answer.length | Should -Be 200000
            $answer.sha256 | Should -Be (Get-FileHash $file -Algorithm SHA256).Hash.ToLowerInvariant()
            (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
            (Get-Seen '/desktop/api/_test/consume').Count | Should -Be 1
        }
        finally {
            $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ tokenLifetimeSeconds = 3600 }
        }
    }

    It 'answers an -InFile body rejected after sending with OlaresRequestNotResent, refreshed so that running again works' {
        $file = Join-Path $testHome 'in2.bin'
        [IO.File]::WriteAllBytes($file, [byte[]](1..100))
        # The server ends the token early (as when another tool rotated the grant): nothing local says it expired.
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
        Reset-EmulatorCounters $emulator
        $e = $null
        try { $null = Invoke-OlaresRestMethod desktop /api/_test/consume -Method POST -InFile $file -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be "OlaresRequestNotResent$fqid"
        $e.ErrorDetails.RecommendedAction | Should -Match 'again'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
        (Get-Seen '/desktop/api/_test/consume').Count | Should -Be 1
        (Invoke-OlaresRestMethod desktop /api/_test/consume -Method POST -InFile $file).length | Should -Be 100
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
    }

    It 'refuses a -Uri outside the profile''s services with a typed error, and sends nothing there' {
        $e = $null
        try { Invoke-OlaresRestMethod -Uri "$($other.BaseUrl)/public/echo" -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be "OlaresForeignOrigin$fqid"
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.ErrorDetails.RecommendedAction | Should -Match '-Anonymous'
        (Get-Seen '/public/echo' $other).Count | Should -Be 0
    }

    It 'sends a -Uri request with -Anonymous, without the token or the cookie' {
        $echo = Invoke-OlaresRestMethod -Uri "$($other.BaseUrl)/public/echo?x=1" -Anonymous
        $echo.query | Should -Be '?x=1'
        $echo.headers.PSObject.Properties.Name | Should -Not -Contain 'X-Authorization'
        $echo.headers.PSObject.Properties.Name | Should -Not -Contain 'Cookie'
        $seen = Get-Seen '/public/echo' $other
        $seen.Count | Should -Be 1
        $seen[0].headers.PSObject.Properties.Name | Should -Not -Contain 'X-Authorization'
    }

    It 'takes a -Uri on the profile''s own services with the login' {
        (Invoke-OlaresRestMethod -Uri "$($emulator.BaseUrl)/desktop/api/_rest/echo").user | Should -Be 'alice'
    }

    It 'follows a redirect to another origin without the credentials' {
        $to = [uri]::EscapeDataString("$($other.BaseUrl)/public/echo")
        $echo = Invoke-OlaresRestMethod desktop "/api/_rest/redirect?to=$to"
        $echo.path | Should -Be '/public/echo'
        $echo.headers.PSObject.Properties.Name | Should -Not -Contain 'X-Authorization'
        $echo.headers.PSObject.Properties.Name | Should -Not -Contain 'Cookie'
        (Get-Seen '/desktop/api/_rest/redirect')[0].headers.'X-Authorization' | Should -Match '^eyJ'
    }

    It 'streams a large -OutFile download with flat memory' {
        $size = 256MB
        $big = Join-Path $testHome 'big.bin'
        $out = Invoke-InChildPwsh -Script @"
`$env:OLARES_CLI_HOME='$($env:OLARES_CLI_HOME)'; `$env:OLARES_CLI_DATA_DIR='$($env:OLARES_CLI_DATA_DIR)'
`$process = [Diagnostics.Process]::GetCurrentProcess()
Invoke-OlaresRestMethod desktop '/api/_rest/bytes?size=4000000' -OutFile '$testHome/warm.bin'
[GC]::Collect(); `$process.Refresh(); `$before = `$process.PeakWorkingSet64
Invoke-OlaresRestMethod desktop '/api/_rest/bytes?size=$size&seed=7' -OutFile '$big' -ResponseHeadersVariable headers -StatusCodeVariable status
`$process.Refresh()
'GROWTH=' + (`$process.PeakWorkingSet64 - `$before)
'SHA=' + `$headers['X-Content-Sha256']
'STATUS=' + `$status
"@
        $text = $out -join "`n"
        $text | Should -Match 'STATUS=200'
        (Get-Item $big).Length | Should -Be $size
        $expected = [regex]::Match($text, 'SHA=([0-9a-f]{64})').Groups[1].Value
        (Get-FileHash $big -Algorithm SHA256).Hash.ToLowerInvariant() | Should -Be $expected
        $growth = [long][regex]::Match($text, 'GROWTH=(-?\d+)').Groups[1].Value
        Write-Host ("    peak working set grew by {0:N1} MiB for a {1:N0} MiB download" -f ($growth / 1MB), ($size / 1MB))
        # Buffering the answer would grow the peak by at least its size; streaming keeps it to a few buffers.
        $growth | Should -BeLessThan ($size / 4)
        @(Get-ChildItem $testHome -Filter '*.olares-partial' -Force).Count | Should -Be 0
    }

    It 'makes an error status a typed error, and -SkipHttpErrorCheck gives the answer and its status' {
        { Invoke-OlaresRestMethod desktop '/api/_rest/status?code=404' -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound$fqid"
        { Invoke-OlaresRestMethod desktop '/api/_rest/status?code=502' -ErrorAction Stop } | Should -Throw -ErrorId "OlaresServerError$fqid"
        $answer = Invoke-OlaresRestMethod desktop '/api/_rest/status?code=418' -SkipHttpErrorCheck -StatusCodeVariable status
        $status | Should -Be 418
        $answer.message | Should -Be 'status 418 as asked'
    }

    It 'reports a 401 that survives the refresh as "log in again"' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'rest'; status = 401; count = 2 }
        $e = $null
        try { Invoke-OlaresRestMethod desktop /api/_rest/echo -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be "OlaresAuthenticationRejected$fqid"
        $e.ErrorDetails.RecommendedAction | Should -Be 'Connect-Olares -OlaresId alice@olares.com'
    }

    It 'refuses bad arguments before any request: <Case>' -ForEach @(
        @{ Case = 'unknown service'; Params = @{ Service = 'nope'; Path = '/x' }; Id = 'OlaresUnknownService' }
        @{ Case = 'absolute path'; Params = @{ Service = 'desktop'; Path = 'https://example.com/x' }; Id = 'OlaresInvalidRestPath' }
        @{ Case = 'relative -Uri'; Params = @{ Uri = '/desktop/api/x' }; Id = 'OlaresInvalidUri' }
        @{ Case = 'body on GET'; Params = @{ Service = 'desktop'; Path = '/api/_rest/echo'; Body = @{ a = 1 } }; Id = 'OlaresInvalidBody' }
        @{ Case = 'body and file'; Params = @{ Service = 'desktop'; Path = '/api/_rest/echo'; Method = 'POST'; Body = 'x'; InFile = $PSCommandPath }; Id = 'OlaresInvalidBody' }
        @{ Case = 'content header without body'; Params = @{ Service = 'desktop'; Path = '/api/_rest/echo'; Headers = @{ 'Content-Type' = 'text/plain' } }; Id = 'OlaresInvalidHeader' }
    ) {
        { Invoke-OlaresRestMethod @Params -ErrorAction Stop } | Should -Throw -ErrorId "$Id$fqid"
        @((Invoke-EmulatorAdmin $emulator 'requests')).Count | Should -Be 0
    }

    It 'completes the service names with Tab' {
        $line = 'Invoke-OlaresRestMethod -Service d'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'desktop', 'dashboard'
        $line = 'Invoke-OlaresRestMethod con'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'control-hub'
    }

    It 'takes -Profile from piped objects, each call as its own account' {
        $null = Connect-TestUser $emulator -OlaresId bob@olares.com -Name work
        $users = Get-OlaresProfile | Invoke-OlaresRestMethod desktop /api/_rest/echo | ForEach-Object user
        ($users | Sort-Object) | Should -Be 'alice', 'bob'
    }

    It 'never writes the token to verbose or debug output' {
        $DebugPreference = 'Continue'
        $all = Invoke-OlaresRestMethod desktop /api/_rest/echo -Verbose 4>&1 5>&1
        $echo = $all | Where-Object { $_ -isnot [System.Management.Automation.InformationalRecord] }
        $token = $echo.headers.'X-Authorization'
        $token | Should -Match '^eyJ'
        $messages = $all | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] } | ForEach-Object Message
        $messages | Should -Not -BeNullOrEmpty
        ($messages -join "`n") | Should -Not -Match ([regex]::Escape($token))
    }
}
