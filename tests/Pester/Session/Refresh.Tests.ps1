# The refreshing session seen from PowerShell: runspaces, thread jobs and separate processes sharing one stale
# token must cost the server exactly one refresh; dead and sick grants give typed errors.
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner'
    $modulePath = $env:OLARES_TEST_MODULE

    # Waits until every job has written its ready-<pid> file (or one of them has ended, which the assertions then show).
    function Wait-JobsReady {
        param($Jobs, [string] $Folder)
        Wait-TestCondition -TimeoutSeconds 120 -What 'the jobs to import the module' {
            @(Get-ChildItem $Folder -Filter 'ready-*').Count -ge @($Jobs).Count -or @($Jobs | Where-Object State -in 'Failed', 'Completed').Count -gt 0
        }
    }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Transparent token refresh' {
    BeforeEach {
        $testHome = New-TestHome
        Connect-TestUser $emulator
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ refreshLatencyMs = 150 }
        # The stored access token is now stale for the server; nothing on the client knows yet.
        $null = Invoke-EmulatorAdmin $emulator 'expire-tokens' -Method POST
        Reset-EmulatorCounters $emulator
    }
    AfterEach {
        $null = Invoke-EmulatorAdmin $emulator 'config' -Method POST -Body @{ refreshLatencyMs = 0 }
        Remove-TestHome $testHome
    }

    It 'refreshes once for 16 runspaces of ForEach-Object -Parallel' {
        $names = 1..16 | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:modulePath
            (Get-OlaresUser -ErrorAction Stop).Name
        }
        $names.Count | Should -Be 16
        $names | Sort-Object -Unique | Should -Be 'alice'
        $state = Get-EmulatorState $emulator
        $state.refreshCalls | Should -Be 1
        $state.reuseDetections | Should -Be 0
    }

    It 'refreshes once for 8 thread jobs' {
        $jobs = 1..8 | ForEach-Object { Start-ThreadJob -ThrottleLimit 8 { Import-Module $using:modulePath; (Get-OlaresUser -ErrorAction Stop).Name } }
        $names = $jobs | Receive-Job -Wait -AutoRemoveJob
        $names.Count | Should -Be 8
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
    }

    It 'refreshes once for 4 Start-Job processes, even with .NET file locking switched off' {
        $env:DOTNET_SYSTEM_IO_DISABLEFILELOCKING = '1'
        try {
            $barrier = Join-Path $testHome 'go'
            $jobs = 1..4 | ForEach-Object {
                Start-Job {
                    Import-Module $using:modulePath
                    $null = New-Item -ItemType File -Path (Join-Path $using:testHome "ready-$PID")
                    while (-not (Test-Path $using:barrier)) { Start-Sleep -Milliseconds 5 }
                    [pscustomobject]@{ Name = (Get-OlaresUser -ErrorAction Stop).Name; Pid = $PID }
                }
            }
            Wait-JobsReady $jobs $testHome   # every job imported the module and waits at the barrier
            Set-Content $barrier 'go'
            $results = $jobs | Receive-Job -Wait -AutoRemoveJob
        }
        finally { Remove-Item Env:DOTNET_SYSTEM_IO_DISABLEFILELOCKING }
        $results.Count | Should -Be 4
        ($results.Pid | Sort-Object -Unique).Count | Should -Be 4
        $results.Name | Sort-Object -Unique | Should -Be 'alice'
        $state = Get-EmulatorState $emulator
        $state.refreshCalls | Should -Be 1
        $state.reuseDetections | Should -Be 0
    }

    It 'refreshes once when processes and runspaces mix' {
        $barrier = Join-Path $testHome 'go'
        $jobs = 1..3 | ForEach-Object {
            Start-Job {
                # $env:OLARES_TEST_MODULE is inherited by the job's process and its runspaces.
                Import-Module $env:OLARES_TEST_MODULE
                $null = New-Item -ItemType File -Path (Join-Path $using:testHome "ready-$PID")
                while (-not (Test-Path $using:barrier)) { Start-Sleep -Milliseconds 5 }
                1..4 | ForEach-Object -ThrottleLimit 4 -Parallel { Import-Module $env:OLARES_TEST_MODULE; (Get-OlaresUser -ErrorAction Stop).Name }
            }
        }
        Wait-JobsReady $jobs $testHome
        Set-Content $barrier 'go'
        $local = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel { Import-Module $using:modulePath; (Get-OlaresUser -ErrorAction Stop).Name }
        $remote = $jobs | Receive-Job -Wait -AutoRemoveJob
        ($local + $remote).Count | Should -Be 20
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
        (Get-EmulatorState $emulator).reuseDetections | Should -Be 0
    }

    It 'after the grant dies, fails with OlaresTokenInvalidated and then stops calling the server' {
        $null = Invoke-EmulatorAdmin $emulator 'revoke?user=alice' -Method POST
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresTokenInvalidated,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $e.ErrorDetails.RecommendedAction | Should -Be 'Connect-Olares -OlaresId alice@olares.com'
        $e.Exception.Message | Should -Not -Match 'eyJ'
        Reset-EmulatorCounters $emulator
        # In another process too: the marker is on disk.
        $out = Invoke-InChildPwsh "try { Get-OlaresUser } catch { 'FQID=' + `$_.FullyQualifiedErrorId }"
        ($out -join "`n") | Should -Match 'FQID=OlaresTokenInvalidated'
        { Get-OlaresUser -ErrorAction Stop } | Should -Throw -ErrorId 'OlaresTokenInvalidated*'
        $state = Get-EmulatorState $emulator
        @($state.hits.PSObject.Properties).Count | Should -Be 0
        $state.refreshCalls | Should -Be 0
        (Get-OlaresProfile).Status | Should -Be 'Invalidated'
        # Logging in again clears it.
        Connect-TestUser $emulator
        (Get-OlaresUser).Name | Should -Be 'alice'
    }

    It 'a transient refresh failure is retryable and does not invalidate' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'refresh'; status = 503; count = 1 }
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresRefreshFailed,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.CategoryInfo.Category | Should -Be 'ConnectionError'
        $e.Exception.IsRetryable | Should -BeTrue
        (Get-OlaresProfile).Status | Should -Not -Be 'Invalidated'
        (Get-OlaresUser).Name | Should -Be 'alice'
    }

    It 'a lock held elsewhere times out with a typed, retryable error and no refresh' {
        # Another process (olares-cli, or a hung module) holds the refresh lock.
        $lock = Join-Path $env:OLARES_CLI_HOME 'locks/alice@olares.com.refresh.lock'
        $holder = Start-Process -FilePath /usr/bin/flock -ArgumentList '--no-fork', '-x', $lock, 'sleep', '60' -PassThru
        try {
            Wait-TestCondition -What 'the holder to take the lock' {
                $probe = [Olares.Locking.FileLock]::TryAcquire($lock)
                if ($probe) { $probe.Dispose() }
                -not $probe
            }
            $ps = [powershell]::Create()
            $null = $ps.AddScript("Import-Module '$modulePath'; Get-OlaresUser")
            $handle = $ps.BeginInvoke()
            # The stale token's 401 has come back: the command is on its way to the lock (a few ms, then it polls).
            Wait-TestCondition -What 'the first request' { (Get-EmulatorState $emulator).hits.'GET /desktop/api/backend/v1/user-info' -ge 1 }
            Start-Sleep -Milliseconds 200
            # Ctrl+C while waiting for the lock: stops promptly.
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.ElapsedMilliseconds | Should -BeLessThan 2000
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            (Get-EmulatorState $emulator).refreshCalls | Should -Be 0
        }
        finally { Stop-Process -Id $holder.Id -Force -ErrorAction SilentlyContinue }
        # With the holder gone (killed: the kernel drops its lock) the next command just works.
        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-EmulatorState $emulator).refreshCalls | Should -Be 1
    }

    It 'never writes a token to verbose, debug, warning or error output' {
        $store = [Olares.Storage.TokenStoreFactory]::CreateDefault([Olares.Platform.OlaresEnvironment]::Current)
        $before = $store.Get('alice@olares.com')
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'api'; status = 401; count = 2 }
        $text = & { Get-OlaresUser -Verbose -Debug -ErrorAction Continue } *>&1 | Out-String
        $after = $store.Get('alice@olares.com')
        $text | Should -Match 'Refreshing the access token'
        $text | Should -Match 'OlaresAuthenticationRejected|rejected the access token'
        foreach ($secret in $before.AccessToken, $before.RefreshToken, $after.AccessToken, $after.RefreshToken) {
            $text.Contains($secret) | Should -BeFalse
        }
    }
}
