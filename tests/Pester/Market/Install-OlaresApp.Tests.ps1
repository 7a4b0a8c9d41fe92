BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'carol:Passw0rd!:admin'
    $fast = Get-FastWait
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Install-OlaresApp on Olares <Os>' -ForEach @{ Os = '1.12.5'; Style = 'wrapped' }, @{ Os = '1.12.6'; Style = 'direct' } {
    BeforeEach { $testHome = Initialize-MarketTest $emulator -OsVersion $Os }
    AfterEach { Remove-TestHome $testHome }

    It 'installs the latest version, waits until it runs and outputs the final state' {
        $r = Install-OlaresApp firefox -Env ([ordered]@{ LANG = 'de'; DEBUG = $true }) -Wait @fast
        $r | Should -BeOfType ([Olares.PowerShell.Output.OlaresAppOperationResult])
        ($r.Status, $r.State, $r.OpType, $r.Version) | Should -Be @('success', 'running', 'install', '1.2.0')
        Get-MarketBody $emulator POST '/apps/firefox/install' | Should -Be (ConvertTo-ExpectedJson @{
                source = 'market.olares'; app_name = 'firefox'; version = '1.2.0'; sync = $true
                envs = @(@{ envName = 'LANG'; value = 'de' }, @{ envName = 'DEBUG'; value = 'true' })
            })
        Get-MarketBody $emulator POST '/apps' | Should -Be (ConvertTo-ExpectedJson @{ apps = @(@{ appid = 'firefox'; sourceDataName = 'market.olares' }) })
        (Get-MarketRow $emulator).state | Should -Be 'running'
    }

    It 'names the missing env vars (<Style> check answer)' {
        $null = Invoke-EmulatorAdmin $emulator 'market/config' -Method POST -Body @{ envCheckStyle = $Style }
        $e = Get-ErrorRecord { Install-OlaresApp n8n -Env @{ N8N_PORT = 'eighty' } -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresMissingEnv,Olares.PowerShell.Commands.Market.InstallOlaresAppCommand'
        $e.Exception | Should -BeOfType ([Olares.Errors.OlaresMissingEnvException])
        $e.Exception.MissingValues | Should -Be @('N8N_HOST')
        $e.Exception.InvalidValues | Should -Be @('N8N_PORT')
        $e.Exception.Message | Should -Match 'Missing required values: N8N_HOST'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.ErrorDetails.RecommendedAction | Should -Match 'N8N_HOST'
        (Install-OlaresApp n8n -Env @{ N8N_HOST = 'n8n.local'; N8N_PORT = 8080 } -PassThru).Status | Should -Be 'accepted'
    }
}

Describe 'Install-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'installs a given version from a given source, without looking up the latest' {
        $null = Install-OlaresApp hello -Source studio -Version v0.0.1 -PassThru
        Get-MarketBody $emulator POST '/apps/hello/install' | Should -Be (ConvertTo-ExpectedJson @{ source = 'studio'; app_name = 'hello'; version = 'v0.0.1'; sync = $true })
        Get-MarketRequest $emulator -Method POST -Path '/apps' | Should -BeNullOrEmpty
    }

    It 'returns at once without -Wait: nothing, or the accepted operation with -PassThru' {
        Install-OlaresApp firefox | Should -BeNullOrEmpty
        $r = Install-OlaresApp jellyfin -PassThru
        ($r.Status, $r.Message) | Should -Be @('accepted', 'install started')
        $r.State | Should -BeNullOrEmpty
        Get-StatePollCount $emulator | Should -Be 0
    }

    It 'refuses an invalid version before any request' {
        $e = Get-ErrorRecord { Install-OlaresApp firefox -Version 1.2 -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresInvalidVersion,*'
        $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $e.Exception.Message | Should -Match 'semantic version'
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'refuses an invalid env name before any request' {
        $e = Get-ErrorRecord { Install-OlaresApp n8n -Env @{ '1BAD' = 'x' } -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresInvalidEnvName,*'
        $e.TargetObject | Should -Be '1BAD'
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'turns a failure state into OlaresAppOperationFailed with the reason' {
        Add-MarketFault $emulator -App firefox -Kind fail -State downloading -Reason 'registry unreachable'
        $e = Get-ErrorRecord { Install-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresAppOperationFailed,*'
        ($e.Exception.State, $e.Exception.Reason) | Should -Be @('downloadFailed', 'registry unreachable')
        $e.Exception.Message | Should -Be "install 'firefox' failed: state=downloadFailed op=install reason: registry unreachable"
        $e.TargetObject | Should -Be 'firefox'
    }

    It "shows the server's message of a failed row, not only its reason code" {
        Add-MarketFault $emulator -App firefox -Kind fail -State downloading -Reason 'ImagePullFailed' -Message 'image pull failed: manifest unknown'
        $e = Get-ErrorRecord { Install-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        $e.Exception.Message | Should -Be "install 'firefox' failed: state=downloadFailed op=install reason: image pull failed: manifest unknown"
        ($e.Exception.Reason, $e.Exception.ServerMessage) | Should -Be @('ImagePullFailed', 'image pull failed: manifest unknown')
        (Get-OlaresAppStatus firefox).Message | Should -Be 'image pull failed: manifest unknown'
    }

    It 'fails when the install is canceled elsewhere' {
        Add-MarketFault $emulator -App firefox -Kind cancel -State installing
        $e = Get-ErrorRecord { Install-OlaresApp firefox -Wait @fast -ErrorAction Stop }
        ($e.Exception.State, $e.Exception.OpType) | Should -Be @('installingCanceled', 'install')
    }

    It 'times out with the last state' {
        Add-MarketFault $emulator -App firefox -Kind hang -State installing
        $e = Get-ErrorRecord { Install-OlaresApp firefox -Wait -Timeout 1 -PollInterval 0.1 -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresWatchTimeout,*'
        $e.CategoryInfo.Category | Should -Be 'OperationTimeout'
        $e.Exception.LastState | Should -Be 'installing'
        $e.Exception.Message | Should -Match 'last state: installing, op: install'
    }

    It 'installs several apps named at once, one result each' {
        $results = Install-OlaresApp firefox, jellyfin -Wait @fast
        ($results | Sort-Object Name).Name | Should -Be 'firefox', 'jellyfin'
        $results.State | Sort-Object -Unique | Should -Be 'running'
        $results.Profile | Sort-Object -Unique | Should -Be 'alice@olares.com'
    }

    It 'does nothing with -WhatIf' {
        Install-OlaresApp firefox -WhatIf
        Get-MarketRequest $emulator | Should -BeNullOrEmpty
    }

    It 'takes names from the pipeline and goes on after a failed one' {
        $results = 'nosuchapp', 'firefox' | Install-OlaresApp -PassThru -ErrorVariable failures -ErrorAction SilentlyContinue
        $results.Name | Should -Be 'firefox'
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'OlaresNotFound,*'
    }

    It 'installs as another profile with -Profile' {
        $null = Connect-TestUser $emulator -OlaresId carol@olares.com
        $null = Install-OlaresApp jellyfin -Profile alice@olares.com
        (Get-MarketRow $emulator -User alice).name | Should -Be 'jellyfin'
        Get-MarketRow $emulator -User carol | Should -BeNullOrEmpty
    }

    It 'needs -ComputeMode for apps with several, and refuses it on 1.12.5' {
        $e = Get-ErrorRecord { Install-OlaresApp comfyui -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresComputeModeRequired,*'
        $e.ErrorDetails.RecommendedAction | Should -Be 'Install-OlaresApp comfyui -ComputeMode cpu'
        $null = Install-OlaresApp comfyui -ComputeMode nvidia
        (Get-MarketRequest $emulator -Method POST -Path '/apps/comfyui/install')[-1].body.selectedGpuType | Should -Be 'nvidia'
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ osVersion = '1.12.5' }
        Remove-TestHome $testHome; $testHome = New-TestHome; $null = Connect-TestUser $emulator
        $e = Get-ErrorRecord { Install-OlaresApp comfyui -ComputeMode cpu -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresNotSupportedByServer,*'
    }
}

Describe 'Install-OlaresApp -Wait' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'shows the state and progress with Write-Progress' {
        Set-MarketStepWithRequests $emulator   # downloading is polled twice, the second time half-way
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:OLARES_TEST_MODULE'; Install-OlaresApp firefox -Wait -PollInterval 0.05")
            $out = $ps.Invoke()
            $ps.Streams.Error | Should -BeNullOrEmpty
            $out.State | Should -Be 'running'
            $progress = @($ps.Streams.Progress)
            $progress.Activity | Should -Contain "Install 'firefox'"
            @($progress | Where-Object { $_.StatusDescription -like 'downloading*' -and $_.PercentComplete -gt 0 }).Count | Should -BeGreaterThan 0
            $progress[-1].RecordType | Should -Be 'Completed'
        }
        finally { $ps.Dispose() }
    }

    It 'stops waiting at once on Ctrl+C (the pipeline is stopped)' {
        Add-MarketFault $emulator -App firefox -Kind hang -State downloading
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:OLARES_TEST_MODULE'; Install-OlaresApp firefox -Wait -PollInterval 0.1")
            $handle = $ps.BeginInvoke()
            Wait-MarketRow $emulator firefox downloading
            Start-Sleep -Milliseconds 300
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $handle.IsCompleted | Should -BeTrue
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
    }

    It 'completes a 20 s wait with a 2 s access token, refreshing it along the way' {
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ tokenLifetimeSeconds = 2 }
        $null = Connect-TestUser $emulator
        # pending, downloading, installing, initializing: 4 x 5 s of server time before running. Every request moves
        # the server's clock by 500 ms, so the wait outlives the token many times over without waiting in real time.
        $null = Invoke-EmulatorAdmin $emulator 'market/config' -Method POST -Body @{ stepMs = 5000 }
        Reset-EmulatorCounters $emulator
        $started = (Set-EmulatorClock $emulator -AdvancePerRequestMs 500).unixMs
        $r = Install-OlaresApp firefox -Wait -PollInterval 0.05 -Timeout 60
        ((Get-EmulatorClock $emulator).unixMs - $started) / 1000 | Should -BeGreaterThan 19.5
        $r.State | Should -Be 'running'
        (Get-EmulatorState $emulator).refreshCalls | Should -BeGreaterOrEqual 6
        (Get-EmulatorState $emulator).reuseDetections | Should -Be 0
    }
}
