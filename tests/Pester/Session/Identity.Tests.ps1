# Two accounts on one server: a session keeps the profile it started with, whatever other processes do, and every
# object remembers the account it came from, so a pipeline acts on that account.
BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Files/FilesTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../Market/MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner', 'bob:S3cret!:normal'
    $modulePath = $env:OLARES_TEST_MODULE
    $fast = Get-FastWait
    $null = Invoke-EmulatorAdmin $emulator 'market/config' -Method POST -Body @{ stepMs = 40 }
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'One account per session, and per object' {
    BeforeEach {
        $null = Invoke-EmulatorAdmin $emulator 'market/reset' -Method POST
        $testHome = New-TestHome
        Connect-TestUser $emulator
        Connect-TestUser $emulator -OlaresId bob@olares.com -Password 'S3cret!' -Name work
        Use-OlaresProfile alice@olares.com
    }
    AfterEach { Remove-TestHome $testHome }

    It 'keeps its current profile when another process switches profiles' {
        Invoke-InChildPwsh -Script 'Use-OlaresProfile work' | Out-Null
        (Get-OlaresUser).Name | Should -Be 'alice'
        (Get-OlaresProfile -Current).OlaresId | Should -Be 'alice@olares.com'
        # config.json changed, so a new session starts with bob.
        Invoke-InChildPwsh -Script '(Get-OlaresUser).Name' | Should -Be 'bob'
    }

    It 'keeps its current profile when another process logs in' {
        Invoke-InChildPwsh -Script "Connect-Olares -OlaresId bob@olares.com -Credential ([pscredential]::new('bob', (ConvertTo-SecureString 'S3cret!' -AsPlainText -Force))) -Force -InformationAction Ignore" | Out-Null
        (Get-OlaresUser).Name | Should -Be 'alice'
    }

    It 'switches only itself with Use-OlaresProfile -Scope Process, and its runspaces follow' {
        Use-OlaresProfile work -Scope Process
        (Get-OlaresUser).Name | Should -Be 'bob'
        $names = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel { Import-Module $using:modulePath; (Get-OlaresUser -ErrorAction Stop).Name }
        $names | Sort-Object -Unique | Should -Be 'bob'
        (Get-Content (Join-Path $env:OLARES_CLI_HOME 'config.json') -Raw | ConvertFrom-Json).currentProfile | Should -Be 'alice@olares.com'
        Invoke-InChildPwsh -Script '(Get-OlaresUser).Name' | Should -Be 'alice'
    }

    It 'fails typed, and does not drift to another account, when its profile is removed elsewhere' {
        Invoke-InChildPwsh -Script 'Disconnect-Olares alice@olares.com -Confirm:$false' | Out-Null
        $e = $null
        try { Get-OlaresUser -ErrorAction Stop } catch { $e = $_ }
        $e.FullyQualifiedErrorId | Should -Be 'OlaresSessionProfileRemoved,Olares.PowerShell.Commands.Profiles.GetOlaresUserCommand'
        $e.ErrorDetails.RecommendedAction | Should -Match 'Use-OlaresProfile'
        Use-OlaresProfile work
        (Get-OlaresUser).Name | Should -Be 'bob'
    }

    It 'sends piped files back to the account they were listed from' {
        $null = New-StoredFile $emulator 'drive/Home/same.txt' -User alice
        $null = New-StoredFile $emulator 'drive/Home/same.txt' -User bob
        $item = Get-OlaresChildItem drive/Home/same.txt -Profile work
        $item.Profile | Should -Be 'bob@olares.com'
        $item | Remove-OlaresFile -Force
        Test-Path (Get-StoredPath $emulator 'drive/Home/same.txt' -User bob) | Should -BeFalse
        Test-Path (Get-StoredPath $emulator 'drive/Home/same.txt' -User alice) | Should -BeTrue
    }

    It 'lets an explicit -Profile downstream win over the piped one' {
        $null = New-StoredFile $emulator 'drive/Home/same.txt' -User alice
        $null = New-StoredFile $emulator 'drive/Home/same.txt' -User bob
        Get-OlaresChildItem drive/Home/same.txt -Profile work | Remove-OlaresFile -Profile alice@olares.com -Force
        Test-Path (Get-StoredPath $emulator 'drive/Home/same.txt' -User alice) | Should -BeFalse
        Test-Path (Get-StoredPath $emulator 'drive/Home/same.txt' -User bob) | Should -BeTrue
    }

    It 'removes the piped files of two accounts, each from its own account' {
        $null = New-StoredFile $emulator 'drive/Home/mix/a.txt' -User alice
        $null = New-StoredFile $emulator 'drive/Home/mix/b.txt' -User bob
        $null = New-StoredFile $emulator 'drive/Home/mix/b.txt' -User alice
        $items = @(Get-OlaresChildItem drive/Home/mix/a.txt) + @(Get-OlaresChildItem drive/Home/mix/b.txt -Profile work)
        $items.Profile | Should -Be 'alice@olares.com', 'bob@olares.com'
        $items | Remove-OlaresFile -Force
        Test-Path (Get-StoredPath $emulator 'drive/Home/mix/a.txt' -User alice) | Should -BeFalse
        Test-Path (Get-StoredPath $emulator 'drive/Home/mix/b.txt' -User bob) | Should -BeFalse
        Test-Path (Get-StoredPath $emulator 'drive/Home/mix/b.txt' -User alice) | Should -BeTrue
    }

    It 'downloads the piped files of two accounts, each from its own account' {
        $null = New-StoredFile $emulator 'drive/Home/mix/a.txt' -User alice -Seed 1
        $null = New-StoredFile $emulator 'drive/Home/mix/b.txt' -User bob -Seed 2
        $target = Join-Path $testHome 'down'
        $null = New-Item -ItemType Directory $target
        $files = @(Get-OlaresChildItem drive/Home/mix/a.txt) + @(Get-OlaresChildItem drive/Home/mix/b.txt -Profile work) | Get-OlaresFile -Destination $target
        $files.Name | Sort-Object | Should -Be 'a.txt', 'b.txt'
        Get-Sha256 (Join-Path $target 'a.txt') | Should -Be (Get-Sha256 (Get-StoredPath $emulator 'drive/Home/mix/a.txt' -User alice))
        Get-Sha256 (Join-Path $target 'b.txt') | Should -Be (Get-Sha256 (Get-StoredPath $emulator 'drive/Home/mix/b.txt' -User bob))
    }

    It 'names the account in what -WhatIf shows' {
        $null = New-StoredFile $emulator 'drive/Home/same.txt' -User bob
        $path = Join-Path $testHome 'whatif.txt'
        $null = Start-Transcript -Path $path
        try { Get-OlaresChildItem drive/Home/same.txt -Profile work | Remove-OlaresFile -WhatIf } finally { $null = Stop-Transcript }
        Get-Content $path -Raw | Should -Match 'What if: Performing the operation "Delete the file" on target "bob@olares\.com: drive/Home/same\.txt"'
        Test-Path (Get-StoredPath $emulator 'drive/Home/same.txt' -User bob) | Should -BeTrue
    }

    It 'installs a piped app on the account it was listed from' {
        $app = Get-OlaresApp firefox -Profile work
        $app.Profile | Should -Be 'bob@olares.com'
        $result = $app | Install-OlaresApp -Wait @fast
        $result.Profile | Should -Be 'bob@olares.com'
        (Get-MarketRow $emulator -User bob | Where-Object name -eq firefox).state | Should -Be 'running'
        Get-MarketRow $emulator -User alice | Where-Object name -eq firefox | Should -BeNullOrEmpty
        (Get-OlaresAppStatus -Profile work firefox).Profile | Should -Be 'bob@olares.com'
    }

    It 'asks the server about each piped profile' {
        $users = Get-OlaresProfile | Get-OlaresUser
        ($users | Sort-Object Name).Name | Should -Be 'alice', 'bob'
        ($users | Where-Object Name -eq bob).Profile | Should -Be 'bob@olares.com'
        (Get-OlaresProfile work | Get-OlaresUser).Name | Should -Be 'bob'
    }
}
