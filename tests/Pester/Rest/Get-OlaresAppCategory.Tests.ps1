BeforeAll {
    Import-Module $env:OLARES_TEST_MODULE -Force
    Import-Module (Join-Path $PSScriptRoot '../OlaresTestHelpers.psm1') -Force
    $emulator = Start-TestEmulator -User 'alice:Passw0rd!:owner'
    $fqid = ',Olares.PowerShell.Commands.Market.GetOlaresAppCategoryCommand'
}

AfterAll { Stop-TestEmulator $emulator }

Describe 'Get-OlaresAppCategory' {
    BeforeEach {
        $testHome = New-TestHome
        $null = Connect-TestUser $emulator
    }
    AfterEach { Remove-TestHome $testHome }

    It 'counts the catalog''s apps per category, sorted by name' {
        $categories = Get-OlaresAppCategory
        $categories[0] | Should -BeOfType ([Olares.PowerShell.Output.OlaresAppCategory])
        $categories.Name | Should -Be 'AI', 'Developer Tools', 'Entertainment', 'Productivity', 'Utilities'
        ($categories | Where-Object Name -eq 'AI').Apps | Should -Be 'comfyui', 'ollama'
        ($categories | Where-Object Name -eq 'Developer Tools').Count | Should -Be 3
        $categories.Profile | Sort-Object -Unique | Should -Be 'alice@olares.com'
    }

    It 'agrees with the categories of Get-OlaresApp' {
        $fromApps = Get-OlaresApp | ForEach-Object Categories | Group-Object -NoElement | Sort-Object Name
        $categories = Get-OlaresAppCategory
        $categories.Name | Should -Be $fromApps.Name
        $categories.Count | Should -Be $fromApps.Count
    }

    It 'counts only the apps of -Source' {
        $categories = Get-OlaresAppCategory -Source upload, studio
        $categories.Name | Should -Be 'Developer Tools', 'Utilities'
        ($categories | Where-Object Name -eq 'Utilities').Apps | Should -Be 'mychart'
        ($categories | Where-Object Name -eq 'Developer Tools').Sources | Should -Be 'studio'
    }

    It 'matches names with wildcards and in any case' {
        (Get-OlaresAppCategory dev*).Name | Should -Be 'Developer Tools'
        (Get-OlaresAppCategory ai).Name | Should -Be 'AI'
        Reset-EmulatorCounters $emulator
        ('productivity', 'ENTERTAINMENT' | Get-OlaresAppCategory).Name | Should -Be 'Productivity', 'Entertainment'
        @((Invoke-EmulatorAdmin $emulator 'requests') | Where-Object path -like '*/market/data').Count | Should -Be 1
    }

    It 'reports an unknown category as a non-terminating error and goes on' {
        $found = Get-OlaresAppCategory Games, AI -ErrorVariable errors -ErrorAction SilentlyContinue
        $found.Name | Should -Be 'AI'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "OlaresNotFound$fqid"
        $errors[0].ErrorDetails.RecommendedAction | Should -Be 'Get-OlaresAppCategory'
    }

    It 'turns a market failure into a typed error' {
        $null = Invoke-EmulatorAdmin $emulator 'fail' -Method POST -Body @{ target = 'market-data'; status = 502; count = 1 }
        { Get-OlaresAppCategory -ErrorAction Stop } | Should -Throw -ErrorId "OlaresServerError$fqid"
    }
}
