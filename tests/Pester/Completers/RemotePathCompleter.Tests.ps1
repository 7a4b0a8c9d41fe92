# Tab completion of remote paths, level by level, with the session's login, against the emulator.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../Files/FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest -User 'alice:Passw0rd!:owner', 'bob:S3cret!:normal'
    $emulator, $testHome = $test.Emulator, $test.Home
    function Complete([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches }
}

AfterAll { Stop-FilesTest $test }

Describe 'Remote path completion' {
    It 'offers the file types, then drive''s extends, without asking the server' {
        (Complete 'Get-OlaresChildItem dri').CompletionText | Should -Be 'drive/'
        (Complete 'Get-OlaresChildItem ').CompletionText | Should -Contain 'sync/'
        (Complete 'Get-OlaresChildItem drive/H').CompletionText | Should -Be 'drive/Home/'
        (Complete 'Get-OlaresChildItem drive/').CompletionText | Should -Contain 'drive/Data/'
    }

    It 'completes the items of the folder typed so far, folders ending with a slash' {
        New-StoredFile $emulator 'drive/Home/tabs/Documents/a.txt'
        New-StoredFile $emulator 'drive/Home/tabs/Downloads.txt'
        New-StoredFile $emulator 'drive/Home/tabs/other.bin'
        $found = Complete 'Get-OlaresChildItem drive/Home/tabs/Do'
        $found.CompletionText | Should -Be @('drive/Home/tabs/Documents/', 'drive/Home/tabs/Downloads.txt')
        $found[0].ListItemText | Should -Be 'Documents/'
        (Complete 'Get-OlaresFileContent drive/Home/tabs/Documents/').CompletionText | Should -Be 'drive/Home/tabs/Documents/a.txt'
    }

    It 'completes -Destination of Send-OlaresFile remotely and its -Path locally' {
        New-StoredFolder $emulator 'drive/Home/tabs2/Backups'
        (Complete 'Send-OlaresFile ./x.txt -Destination drive/Home/tabs2/B').CompletionText | Should -Be 'drive/Home/tabs2/Backups/'
        (Complete 'Copy-OlaresItem drive/Home/a.txt drive/Home/tabs2/B').CompletionText | Should -Be 'drive/Home/tabs2/Backups/'
        $local = Join-Path $TestDrive 'local-tab'
        $null = New-Item -ItemType Directory -Force $local
        Set-Content (Join-Path $local 'upload-me.txt') 'x'
        Push-Location $local
        try { (Complete 'Send-OlaresFile ./upl').CompletionText | Should -Match 'upload-me\.txt' }
        finally { Pop-Location }
    }

    It 'quotes names with spaces, and escapes wildcard characters for -Path but not for -LiteralPath' {
        New-StoredFile $emulator 'drive/Home/tabs3/my notes.txt'
        New-StoredFile $emulator 'drive/Home/tabs3/draft[1].md'
        (Complete 'Get-OlaresFileContent drive/Home/tabs3/my').CompletionText | Should -Be "'drive/Home/tabs3/my notes.txt'"
        # Quoted, so that the backticks reach the cmdlet (a bare word would lose them), as PowerShell completes local files.
        (Complete 'Get-OlaresFileContent drive/Home/tabs3/dr').CompletionText | Should -Be "'drive/Home/tabs3/draft``[1``].md'"
        Get-OlaresFileContent (Invoke-Expression (Complete 'Get-OlaresFileContent drive/Home/tabs3/dr').CompletionText) -AsByteStream | Should -HaveCount 16
        (Complete 'Get-OlaresFileContent -LiteralPath drive/Home/tabs3/dr').CompletionText | Should -Be 'drive/Home/tabs3/draft[1].md'
    }

    It 'uses the login of the -Profile already typed' {
        Connect-TestUser $emulator -OlaresId bob@olares.com -Password 'S3cret!' -Name work
        Use-OlaresProfile alice@olares.com
        New-StoredFile $emulator 'drive/Home/bobs-only/x.txt' -User bob
        (Complete 'Get-OlaresChildItem -Profile work drive/Home/bobs').CompletionText | Should -Be 'drive/Home/bobs-only/'
        Complete 'Get-OlaresChildItem drive/Home/bobs' | Should -BeNullOrEmpty
    }

    It 'fails silently for a folder that does not exist or a wildcard in a folder part' {
        Complete 'Get-OlaresChildItem drive/Home/no-such-folder/x' | Should -BeNullOrEmpty
        Complete 'Get-OlaresChildItem drive/Home/*/x' | Should -BeNullOrEmpty
    }
}
