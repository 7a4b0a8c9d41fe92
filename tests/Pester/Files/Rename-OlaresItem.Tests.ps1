BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.RenameOlaresItemCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Rename-OlaresItem' {
    It 'renames a file in place' {
        $null = New-StoredFile $emulator 'drive/Home/r1/draft.md'
        Rename-OlaresItem drive/Home/r1/draft.md 'final (v2)!.md' | Should -BeNullOrEmpty
        Test-Path (Get-StoredPath $emulator 'drive/Home/r1/final (v2)!.md') | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/r1/draft.md') | Should -BeFalse
    }

    It 'renames a folder from the pipeline and returns it with -PassThru' {
        New-StoredFolder $emulator 'drive/Home/r2/old'
        $item = Get-OlaresChildItem drive/Home/r2 | Rename-OlaresItem -NewName 'néw' -PassThru
        $item.Path | Should -Be 'drive/Home/r2/néw'
        $item.IsDirectory | Should -BeTrue
    }

    It 'renames the one item a pattern matches, refuses a pattern that matches several, and takes -LiteralPath as written' {
        $null = New-StoredFile $emulator 'drive/Home/rw/report-2024-05.pdf'; $null = New-StoredFile $emulator 'drive/Home/rw/notes.txt'
        Rename-OlaresItem drive/Home/rw/report-*.pdf report.pdf
        Test-Path (Get-StoredPath $emulator 'drive/Home/rw/report.pdf') | Should -BeTrue
        $err = $null
        Rename-OlaresItem drive/Home/rw/* x -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresAmbiguousPath,$fqid"
        $err[0].Exception.Message | Should -Match 'matches 2 items'
        (Get-ChildItem (Get-StoredPath $emulator 'drive/Home/rw')).Name | Sort-Object | Should -Be @('notes.txt', 'report.pdf')
        $null = New-StoredFile $emulator 'drive/Home/rw/x[1].txt'
        (Rename-OlaresItem -LiteralPath 'drive/Home/rw/x[1].txt' -NewName 'x.txt' -PassThru).Path | Should -Be 'drive/Home/rw/x.txt'
    }

    It 'refuses a name that is taken' {
        $null = New-StoredFile $emulator 'drive/Home/r3/a'; $null = New-StoredFile $emulator 'drive/Home/r3/b'
        { Rename-OlaresItem drive/Home/r3/a b -ErrorAction Stop } | Should -Throw -ErrorId "OlaresRemoteItemExists,$fqid"
    }

    It 'refuses an invalid new name: "<Name>"' -ForEach @(@{ Name = 'a/b' }, @{ Name = 'a\b' }, @{ Name = '..' }, @{ Name = '.' }, @{ Name = 'same' }) {
        $null = New-StoredFile $emulator 'drive/Home/r4/same'
        { Rename-OlaresItem drive/Home/r4/same $Name -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidName,$fqid"
    }

    It 'refuses the standard Home folders' {
        { Rename-OlaresItem drive/Home/Music Songs -ErrorAction Stop } | Should -Throw -ErrorId "OlaresProtectedPath,$fqid"
    }

    It 'reports a missing item' {
        { Rename-OlaresItem drive/Home/r5/ghost x -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
    }

    It 'renames nothing with -WhatIf' {
        $null = New-StoredFile $emulator 'drive/Home/r6/a'
        Rename-OlaresItem drive/Home/r6/a b -WhatIf
        Test-Path (Get-StoredPath $emulator 'drive/Home/r6/a') | Should -BeTrue
    }
}
