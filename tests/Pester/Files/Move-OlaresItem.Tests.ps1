BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.MoveOlaresItemCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Move-OlaresItem' {
    It 'moves a file to a new path and returns it with -PassThru' {
        $src = New-StoredFile $emulator 'drive/Home/m1/old.txt' -Size 300 -Seed 2
        $hash = Get-Sha256 $src
        $item = Move-OlaresItem drive/Home/m1/old.txt 'drive/Home/m1/new name.txt' -PassThru
        $item.Path | Should -Be 'drive/Home/m1/new name.txt'
        Test-Path $src | Should -BeFalse
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/m1/new name.txt') | Should -Be $hash
    }

    It 'moves what a listing selects into a folder' {
        $null = New-StoredFile $emulator 'drive/Home/m2/a.jpg'; $null = New-StoredFile $emulator 'drive/Home/m2/b.jpg'; $null = New-StoredFile $emulator 'drive/Home/m2/c.txt'
        New-StoredFolder $emulator 'drive/Home/m2/pics'
        Get-OlaresChildItem drive/Home/m2 | Where-Object Name -like '*.jpg' | Move-OlaresItem -Destination drive/Home/m2/pics/
        @(Get-ChildItem (Get-StoredPath $emulator 'drive/Home/m2/pics')).Name | Should -Be @('a.jpg', 'b.jpg')
        @(Get-ChildItem (Get-StoredPath $emulator 'drive/Home/m2') -File).Name | Should -Be 'c.txt'
    }

    It 'moves a folder without -Recurse' {
        $null = New-StoredFile $emulator 'drive/Home/m3/dir/x'
        Move-OlaresItem drive/Home/m3/dir drive/Home/m3/moved
        Test-Path (Get-StoredPath $emulator 'drive/Home/m3/moved/x') | Should -BeTrue
    }

    It 'refuses to move the standard Home folders' {
        New-StoredFolder $emulator 'drive/Home/m4'; New-StoredFolder $emulator 'drive/Home/Documents'
        { Move-OlaresItem drive/Home/Documents drive/Home/m4/ -ErrorAction Stop } | Should -Throw -ErrorId "OlaresProtectedPath,$fqid"
        Test-Path (Get-StoredPath $emulator 'drive/Home/Documents') | Should -BeTrue
    }

    It 'returns the task with -NoWait' {
        $null = New-StoredFile $emulator 'drive/Home/m5/a'
        $task = Move-OlaresItem drive/Home/m5/a drive/Home/m5/b -NoWait
        $task.Action | Should -Be 'move'
        Wait-Until { Test-Path (Get-StoredPath $emulator 'drive/Home/m5/b') } -What 'the move'
    }

    It 'refuses an existing file per item, moving the others; -Force replaces it, and -WhatIf says so' {
        $a = New-StoredFile $emulator 'drive/Home/mf/a.txt' -Size 100 -Seed 1; $null = New-StoredFile $emulator 'drive/Home/mf/b.txt' -Size 200 -Seed 2
        $hashA = Get-Sha256 $a
        $old = New-StoredFile $emulator 'drive/Home/mf-dst/a.txt' -Size 5 -Seed 3
        $err = $null
        Move-OlaresItem drive/Home/mf/*.txt drive/Home/mf-dst/ -ErrorAction SilentlyContinue -ErrorVariable err
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresRemoteItemExists,$fqid"
        $err[0].ErrorDetails.RecommendedAction | Should -Match '-Force'
        Test-Path $a | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/mf-dst/b.txt') | Should -BeTrue

        $text = Get-WhatIfText { Move-OlaresItem drive/Home/mf/a.txt drive/Home/mf-dst/ -Force -WhatIf } -Directory $testHome
        $text | Should -Match 'What if: Performing the operation "Replace the file drive/Home/mf-dst/a\.txt \(move\)" on target "alice@olares\.com: drive/Home/mf/a\.txt"'
        Test-Path $a | Should -BeTrue

        Move-OlaresItem drive/Home/mf/a.txt drive/Home/mf-dst/ -Force
        Test-Path $a | Should -BeFalse
        Get-Sha256 $old | Should -Be $hashA
        (Get-ChildItem (Get-StoredPath $emulator 'drive/Home/mf-dst')).Name | Sort-Object | Should -Be @('a.txt', 'b.txt')
    }

    It 'never replaces a folder, and never moves a file onto itself, even with -Force' {
        $a = New-StoredFile $emulator 'drive/Home/md/a.txt'
        $null = New-StoredFile $emulator 'drive/Home/md-dst/a.txt/keep.txt'
        { Move-OlaresItem drive/Home/md/a.txt drive/Home/md-dst/ -Force -ErrorAction Stop } | Should -Throw -ErrorId "OlaresRemoteItemExists,$fqid"
        { Move-OlaresItem drive/Home/md/a.txt drive/Home/md/ -Force -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
        Test-Path $a | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/md-dst/a.txt/keep.txt') | Should -BeTrue
    }

    It 'needs an existing destination folder' {
        $null = New-StoredFile $emulator 'drive/Home/m6/a'
        { Move-OlaresItem drive/Home/m6/a drive/Home/m6/missing/ -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
        { Move-OlaresItem drive/Home/m6/a drive/Home/m6/no/such/place -ErrorAction Stop } | Should -Throw -ErrorId "OlaresNotFound,$fqid"
    }
}
