BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'MarketTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresApp' {
    BeforeEach { $testHome = Initialize-MarketTest $emulator }
    AfterEach { Remove-TestHome $testHome }

    It 'lists the catalog of every source with resolved titles' {
        $apps = Get-OlaresApp
        $apps | Should -BeOfType ([Olares.PowerShell.Output.OlaresApp])
        ($apps | Sort-Object Name).Name | Should -Be @('comfyui', 'firefox', 'hello', 'jellyfin', 'mychart', 'n8n', 'ollama', 'vscode')
        $firefox = $apps | Where-Object Name -eq firefox
        $firefox.Title | Should -Be 'Firefox'
        $firefox.Version | Should -Be '1.2.0'
        $firefox.Categories | Should -Be @('Productivity', 'Utilities')
        $firefox.Source | Should -Be 'market.olares'
        $firefox.State | Should -BeNullOrEmpty
        ($apps | Where-Object Name -eq vscode).Title | Should -Be 'Code Server' -Because 'the app_id/title fallback keys are read'
        ($apps | Where-Object Name -eq jellyfin).Title | Should -Be 'Jellyfin' -Because 'an "en" map entry is used'
        (Get-MarketRequest $emulator -Method GET -Path '/market/state') | Should -BeNullOrEmpty
    }

    It 'resolves titles for the UI language' {
        $titles = & {
            $old = [cultureinfo]::CurrentUICulture
            try { [cultureinfo]::CurrentUICulture = 'zh-CN'; Get-OlaresApp firefox, hello, jellyfin | ForEach-Object Title }
            finally { [cultureinfo]::CurrentUICulture = $old }
        }
        $titles | Should -Be @('火狐浏览器', '你好', 'Jellyfin')
    }

    It 'filters by name, source and category, with wildcards' {
        (Get-OlaresApp -Source studio).Name | Should -Be 'hello'
        (Get-OlaresApp -Category ai | Sort-Object Name).Name | Should -Be @('comfyui', 'ollama')
        (Get-OlaresApp *fox*, 'j*' | Sort-Object Name).Name | Should -Be @('firefox', 'jellyfin')
        (Get-OlaresApp -Category 'dev*' -Source 'market.*' | Sort-Object Name).Name | Should -Be @('n8n', 'vscode')
    }

    It 'reports an unknown literal name as a non-terminating OlaresNotFound' {
        $found = Get-OlaresApp nosuchapp, firefox -ErrorVariable problems -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'firefox'
        $problems[0].FullyQualifiedErrorId | Should -Be 'OlaresNotFound,Olares.PowerShell.Commands.Market.GetOlaresAppCommand'
        $problems[0].TargetObject | Should -Be 'nosuchapp'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-OlaresApp 'nosuch*' -ErrorAction Stop | Should -BeNullOrEmpty
    }

    It 'lists installed apps with their state, leaving out uninstalled and unfinished installs' {
        Set-MarketRow $emulator firefox running install -Version 1.1.0
        Set-MarketRow $emulator jellyfin stopped stop
        Set-MarketRow $emulator hello initializing install -Source studio
        Set-MarketRow $emulator n8n downloading install
        Set-MarketRow $emulator comfyui installFailed install
        Set-MarketRow $emulator ollama uninstalled uninstall
        Set-MarketRow $emulator vscode1a2b3c running install
        $installed = Get-OlaresApp -Installed | Sort-Object Name
        $installed.Name | Should -Be @('firefox', 'hello', 'jellyfin', 'vscode1a2b3c')
        $firefox = $installed[0]
        $firefox.State | Should -Be 'running'
        $firefox.InstalledVersion | Should -Be '1.1.0'
        $firefox.Version | Should -Be '1.2.0'
        $firefox.Title | Should -Be 'Firefox'
        $installed[1].Source | Should -Be 'studio'
        (Get-OlaresApp -Installed -Source studio).Name | Should -Be 'hello'
        $e = Get-ErrorRecord { Get-OlaresApp n8n -Installed -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresNotFound,*'
    }

    It 'formats a table with the state and both versions' {
        Set-MarketRow $emulator firefox running install -Version 1.1.0
        $text = Get-OlaresApp -Installed | Out-String
        $text | Should -Match 'firefox\s+Firefox\s+1\.1\.0 \(1\.2\.0\)\s+running\s+market\.olares'
    }

    It 'uses another profile with -Profile and fails typed for an unknown one' {
        $e = Get-ErrorRecord { Get-OlaresApp -Profile nobody -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresProfileNotFound,*'
        @(Get-OlaresApp -Profile alice@olares.com).Count | Should -Be 8
    }

    It 'turns a broken catalog answer into a typed error' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'market-data'; kind = 'html'; status = 200 }
        $e = Get-ErrorRecord { Get-OlaresApp -ErrorAction Stop }
        $e.FullyQualifiedErrorId | Should -BeLike 'OlaresUnexpectedResponse,*'
    }
}
