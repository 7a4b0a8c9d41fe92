BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'FilesTestHelpers.psm1') -Force
    $test = Start-FilesTest
    $emulator, $testHome = $test.Emulator, $test.Home
    $fqid = 'Olares.PowerShell.Commands.Files.CopyOlaresItemCommand'
}

AfterAll { Stop-FilesTest $test }

Describe 'Copy-OlaresItem' {
    BeforeEach { Reset-EmulatorCounters $emulator }

    It 'copies a file into a folder, waiting for the server task' {
        $src = New-StoredFile $emulator 'drive/Home/c1/report.pdf' -Size 5000 -Seed 1
        New-StoredFolder $emulator 'drive/Home/c1/archive'
        $out = Copy-OlaresItem drive/Home/c1/report.pdf drive/Home/c1/archive
        $out | Should -BeNullOrEmpty
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/c1/archive/report.pdf') | Should -Be (Get-Sha256 $src)
        Test-Path $src | Should -BeTrue
        (Get-EmulatorState $emulator).hits.'GET /files/api/task/{node}' | Should -BeGreaterThan 0
    }

    It 'copies a folder under a new name with -Recurse and returns it with -PassThru' {
        $f = New-StoredFile $emulator 'drive/Home/c2/site/index.html' -Size 100
        $item = Copy-OlaresItem drive/Home/c2/site drive/Home/c2/site-backup -Recurse -PassThru
        $item.Path | Should -Be 'drive/Home/c2/site-backup'
        $item.IsDirectory | Should -BeTrue
        Get-Sha256 (Get-StoredPath $emulator 'drive/Home/c2/site-backup/index.html') | Should -Be (Get-Sha256 $f)
    }

    It 'copies what a wildcard matches into a folder, and takes piped items literally' {
        foreach ($n in 'a.pdf', 'b.pdf', 'c.txt', 'd[1].pdf', 'd1.pdf') { $null = New-StoredFile $emulator "drive/Home/cw/$n" }
        New-StoredFolder $emulator 'drive/Home/cw-archive'
        Copy-OlaresItem drive/Home/cw/?.pdf drive/Home/cw-archive/
        (Get-ChildItem (Get-StoredPath $emulator 'drive/Home/cw-archive')).Name | Sort-Object | Should -Be @('a.pdf', 'b.pdf')
        Get-OlaresChildItem drive/Home/cw | Where-Object Name -eq 'd[1].pdf' | Copy-OlaresItem -Destination drive/Home/cw-archive/
        Test-Path -LiteralPath (Get-StoredPath $emulator 'drive/Home/cw-archive/d[1].pdf') | Should -BeTrue
        Test-Path (Get-StoredPath $emulator 'drive/Home/cw-archive/d1.pdf') | Should -BeFalse
        { Copy-OlaresItem drive/Home/cw/*.pdf drive/Home/cw/single.pdf -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
        Copy-OlaresItem drive/Home/cw/*.zip drive/Home/cw-archive/ -ErrorVariable err
        $err | Should -BeNullOrEmpty
    }

    It 'refuses a folder without -Recurse' {
        New-StoredFolder $emulator 'drive/Home/c3/dir'
        { Copy-OlaresItem drive/Home/c3/dir drive/Home/c3/dir2 -ErrorAction Stop } | Should -Throw -ErrorId "OlaresIsDirectory,$fqid"
    }

    It 'returns the task at once with -NoWait' {
        $null = New-StoredFile $emulator 'drive/Home/c4/a.txt'
        # The task waits ten minutes of the server's clock: it cannot finish before the check below, however slow the machine.
        Set-FilesKnob $emulator @{ taskDelayMs = 600000 }
        $task = Copy-OlaresItem drive/Home/c4/a.txt drive/Home/c4/b.txt -NoWait
        $task | Should -BeOfType ([Olares.PowerShell.Output.OlaresTask])
        $task.Id | Should -Match '^task-'
        $task.Action | Should -Be 'copy'
        $task.Destination | Should -Be 'drive/Home/c4/b.txt'
        Test-Path (Get-StoredPath $emulator 'drive/Home/c4/b.txt') | Should -BeFalse
        $null = Set-EmulatorClock $emulator -AdvanceMs 600000
        Wait-Until { Test-Path (Get-StoredPath $emulator 'drive/Home/c4/b.txt') } -What 'the copy'
    }

    It 'refuses an existing target instead of letting the server rename the copy' {
        $null = New-StoredFile $emulator 'drive/Home/c5/a.txt'; $null = New-StoredFile $emulator 'drive/Home/c5/dst/a.txt'
        { Copy-OlaresItem drive/Home/c5/a.txt drive/Home/c5/dst/ -ErrorAction Stop } | Should -Throw -ErrorId "OlaresRemoteItemExists,$fqid"
        (Get-EmulatorState $emulator).hits.'PATCH /files/api/paste/{node}' | Should -BeNullOrEmpty
    }

    It 'refuses to copy a folder into itself' {
        New-StoredFolder $emulator 'drive/Home/c6/dir/sub'
        { Copy-OlaresItem drive/Home/c6/dir drive/Home/c6/dir/sub -Recurse -ErrorAction Stop } | Should -Throw -ErrorId "OlaresInvalidDestination,$fqid"
    }

    It 'reports a failed task as OlaresTaskFailed' {
        $null = New-StoredFile $emulator 'drive/Home/c7/a.txt'
        Set-FilesKnob $emulator @{ failNextTask = 'no space left' }
        $err = $null
        Copy-OlaresItem drive/Home/c7/a.txt drive/Home/c7/b.txt -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].FullyQualifiedErrorId | Should -Be "OlaresTaskFailed,$fqid"
        $err[0].Exception.Message | Should -Match 'no space left'
    }

    It 'copies nothing with -WhatIf' {
        $null = New-StoredFile $emulator 'drive/Home/c8/a.txt'
        Copy-OlaresItem drive/Home/c8/a.txt drive/Home/c8/b.txt -WhatIf
        (Get-EmulatorState $emulator).hits.'PATCH /files/api/paste/{node}' | Should -BeNullOrEmpty
    }
}
